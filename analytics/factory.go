package analytics

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	// Classic provider for the factory, its managed network, runtime,
	// endpoints and trigger: the azure-native "datafactory" module cannot be
	// fetched here. Swap to azure-native datafactory.Factory/
	// IntegrationRuntime/ManagedPrivateEndpoint/Trigger when it can. Linked
	// services, datasets and pipelines do not go through it (entity).
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/datafactory"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Names of the objects inside the factory. They are scoped to it, so they
// are constants, like core's container and queue names. Linked services and
// datasets may not contain hyphens.
//
// The linked services, datasets and pipeline were classic-provider
// resources under other names (ShopDatabase, SalesWarehouse, EtlStaging,
// ShopQuery, EtlWatermark, Stg<Entity>, LoadSalesModel). Their Pulumi type
// changed, so an existing stack replaces them: Pulumi creates the new
// resource before it deletes the old one, and with the same entity name the
// old one's delete would remove what the create had just written (across a
// type change DeleteBeforeReplace does not apply; azure-native's create also
// refuses an entity that already exists). New names let both live until
// Pulumi deletes the old ones, last, in dependency order, after the trigger
// has moved to the new pipeline: no manual step, no window without a
// pipeline (README, "Upgrading an existing stack").
const (
	LinkedServiceShop      = "ShopSqlDatabase"
	LinkedServiceWarehouse = "SalesWarehousePool"
	LinkedServiceStaging   = "EtlStagingBlob"
	DatasetShopQuery       = "ShopSqlQuery"
	DatasetWatermark       = "EtlWatermarkTable"
	PipelineLoadSalesModel = "LoadSalesModelChanges"
	TriggerLoadSalesModel  = "ScheduleLoadSalesModel"
	IntegrationRuntime     = "managed-vnet-ir"
)

// StagingDataset is the warehouse staging table dataset an entity is copied into.
func StagingDataset(e Entity) string { return "Stg" + pascal(e.Name) + "Table" }

// factory creates the Data Factory with its identity and its network path
// to the stores, then what runs inside it: linked services, datasets, the
// factory's role assignments and the load.
func factory(ctx *pulumi.Context, name string, args Args, w Warehouse, st Staging, opts ...pulumi.ResourceOption) (Factory, error) {
	o, f := args.Options, args.Foundation
	private := f.Network != nil
	adf, err := datafactory.NewFactory(ctx, name+"-adf", &datafactory.FactoryArgs{
		Name:              pulumi.String(args.Names.Name(naming.DataFactory, "sales")),
		ResourceGroupName: f.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		Identity:          datafactory.FactoryIdentityArgs{Type: pulumi.String("SystemAssigned")},
		// Public access governs the self-hosted IR channel and authoring,
		// not Azure IRs: closing it costs the copies nothing.
		PublicNetworkEnabled:         pulumi.Bool(!private),
		ManagedVirtualNetworkEnabled: pulumi.Bool(private),
		Tags:                         o.TagMap(),
	}, opts...)
	if err != nil {
		return Factory{}, err
	}
	out := Factory{Name: adf.Name, ID: adf.ID().ToStringOutput(), PrincipalID: adf.Identity.PrincipalId().Elem()}
	in := factoryScope{
		name: name, id: adf.ID().ToStringOutput(), urn: adf.URN(), parent: pulumi.Parent(adf),
		resourceGroup: f.ResourceGroupName, factoryName: adf.Name,
	}

	if private {
		if in.runtime, in.endpoints, err = managedNetwork(ctx, in, args, w, st); err != nil {
			return Factory{}, err
		}
	}
	services, err := linkedServices(ctx, in, args, w, st)
	if err != nil {
		return Factory{}, err
	}
	sets, err := datasets(ctx, in, services)
	if err != nil {
		return Factory{}, err
	}

	// Least privilege: pause/resume (and the status polls) on the pool
	// alone, and writes to the staging container alone.
	if _, err := o.RoleAssignments(ctx, name+"-adf", baseline.RoleAssignmentsArgs{
		PrincipalID: out.PrincipalID,
		Holder:      "Data Factory",
		Access: map[string]baseline.Access{
			"pool-operator":  {Scope: w.PoolID, Role: baseline.SQLDBContributor, Description: "Data Factory resumes and pauses the warehouse"},
			"staging-writer": {Scope: st.ContainerID, Role: baseline.StorageBlobDataContributor, Description: "Data Factory stages copies"},
		},
	}, in.parent); err != nil {
		return Factory{}, err
	}

	if out.PipelineName, err = pipeline(ctx, in, args.Config.Schedule, w.PoolID, append(sets, services.all...)); err != nil {
		return Factory{}, err
	}
	if _, err := baseline.Diagnostics(ctx, name+"-adf-diag", baseline.DiagnosticsArgs{
		ResourceID: in.id, Workspace: f.Workspace, Signals: baseline.AllLogsAndMetrics,
		// Resource-specific tables (ADFActivityRun, ADFPipelineRun): the
		// ETL log alerts query them.
		DestinationType: baseline.DedicatedTables,
	}, in.parent); err != nil {
		return Factory{}, fmt.Errorf("diagnostics of the data factory: %w", err)
	}
	return out, nil
}

// factoryScope is what every object inside the factory is created with.
type factoryScope struct {
	name   string // the layer's name, prefixing logical names
	id     pulumi.StringOutput
	urn    pulumi.URNOutput
	parent pulumi.ResourceOption
	// resourceGroup and factoryName address the entities' ARM parent.
	resourceGroup pulumi.StringInput
	factoryName   pulumi.StringOutput
	// runtime is the managed-VNet integration runtime, unset (the default
	// Azure IR over public endpoints) without private networking.
	runtime pulumi.StringOutput
	// endpoints are the managed private endpoints the linked services wait
	// for: those the loads use now.
	endpoints []pulumi.Resource
}

// managedNetwork creates an Azure IR inside the factory's managed VNet,
// which reaches the stores through managed private endpoints.
//
// Each endpoint appears as a pending private endpoint connection on its
// target and carries no traffic until an owner of the target approves it
// (portal: the target's Networking > Private endpoint connections). ADF
// names that connection itself, so no resource here can approve it.
func managedNetwork(ctx *pulumi.Context, in factoryScope, args Args, w Warehouse, st Staging) (pulumi.StringOutput, []pulumi.Resource, error) {
	ir, err := datafactory.NewIntegrationRuntimeRule(ctx, in.name+"-adf-ir", &datafactory.IntegrationRuntimeRuleArgs{
		Name:                  pulumi.String(IntegrationRuntime),
		DataFactoryId:         in.id,
		Location:              pulumi.String(args.Options.Location),
		VirtualNetworkEnabled: pulumi.Bool(true),
		Description:           pulumi.String("Copies between the shop database, staging and the warehouse over managed private endpoints."),
	}, in.parent)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	type target struct {
		name   string
		target pulumi.StringInput
		group  string
	}
	targets := []target{
		{"mpe-shop-sql", args.Shop.ServerID, "sqlServer"},
		{"mpe-warehouse-sql", w.ServerID, "sqlServer"},
		{"mpe-staging-blob", st.AccountID, "blob"},
	}
	inUse := len(targets)
	if args.Shop.PartnerServerID != nil {
		// The managed network resolves privately only the servers it has an
		// endpoint to, and the listeners lead to either server. No fqdns:
		// azurerm refuses them for any target but a Private Link service.
		// The linked services do not wait for this one, which serves after
		// a failover: from the standby's region it is the lost region's
		// server, whose endpoint a run during the outage cannot make.
		targets = append(targets, target{"mpe-shop-sql-standby", args.Shop.PartnerServerID, "sqlServer"})
	}
	var endpoints []pulumi.Resource
	for i, e := range targets {
		mpe, err := datafactory.NewManagedPrivateEndpoint(ctx, in.name+"-adf-"+e.name, &datafactory.ManagedPrivateEndpointArgs{
			Name:             pulumi.String(e.name),
			DataFactoryId:    in.id,
			TargetResourceId: e.target,
			SubresourceName:  pulumi.String(e.group),
		}, append([]pulumi.ResourceOption{in.parent, pulumi.DependsOn([]pulumi.Resource{ir})}, approveOnCreate(args)...)...)
		if err != nil {
			return pulumi.StringOutput{}, nil, err
		}
		if i < inUse {
			endpoints = append(endpoints, mpe)
		}
	}
	return ir.Name, endpoints, nil
}

// entity registers a linked service, dataset or pipeline (kind
// "linkedservices", "datasets" or "pipelines") as a generic ARM resource
// whose properties are body as written: ARM receives exactly this JSON.
// Through the classic provider azurerm would unmarshal it into its vendored
// ADF model, dropping the fields the model lacks (the SQL connectors'
// server, database, authenticationType) and turning nulls into malformed
// objects. The resource uses azure-native's default provider: the classic
// provider the component passes down is keyed by the "azure" package, and
// azure-native resources resolve their own. That ADF accepts each body is
// for a deployment to show; the tests pin it to the REST reference.
func (in factoryScope) entity(ctx *pulumi.Context, logical, kind, name string, body pulumi.Input, after []pulumi.Resource) (*resources.Resource, error) {
	return resources.NewResource(ctx, logical, &resources.ResourceArgs{
		ResourceGroupName:         in.resourceGroup,
		ResourceProviderNamespace: pulumi.String("Microsoft.DataFactory"),
		ParentResourcePath:        pulumi.Sprintf("factories/%s", in.factoryName),
		ResourceType:              pulumi.String(kind),
		ResourceName:              pulumi.String(name),
		ApiVersion:                pulumi.String(dataFactoryAPIVersion),
		Properties:                body,
	}, in.parent, pulumi.DependsOn(after))
}

// bodyOf is the properties object of the body build makes from the
// outputs' values.
func bodyOf(build func(values []any) any, outputs ...any) pulumi.MapOutput {
	return pulumi.All(outputs...).ApplyT(func(values []any) (map[string]any, error) {
		return armProperties(build(values))
	}).(pulumi.MapOutput)
}

// factoryServices are the linked services: all of them, for the pipeline to
// wait for, and the two SQL ones, for the datasets.
type factoryServices struct {
	shop, warehouse pulumi.Resource
	all             []pulumi.Resource
}

// linkedServices connects the factory to the shop database, the warehouse
// and the staging account, each with the factory's identity: no password,
// key, SAS or credential-bearing connection string. With private networking
// each runs on the managed-VNet runtime and waits for the managed private
// endpoints.
func linkedServices(ctx *pulumi.Context, in factoryScope, args Args, w Warehouse, st Staging) (factoryServices, error) {
	private := args.Foundation.Network != nil
	runtime := pulumi.String("").ToStringOutput()
	if private {
		runtime = in.runtime
	}
	connect := func(runtime string) *reference {
		if runtime == "" {
			return nil // the default Azure IR
		}
		ref := integrationRuntime(runtime)
		return &ref
	}
	sql := func(kind, description string, server, database pulumi.StringInput) pulumi.MapOutput {
		return bodyOf(func(v []any) any {
			return linkedServiceBody{
				Type: kind, Description: description, ConnectVia: connect(v[2].(string)),
				TypeProperties: sqlServer{
					Server: v[0].(string), Database: v[1].(string),
					Encrypt: "mandatory", TrustServerCertificate: false,
					AuthenticationType: "SystemAssignedManagedIdentity",
				},
			}
		}, server, database, runtime)
	}
	specs := []struct {
		logical, name string
		body          pulumi.MapOutput
	}{
		{"shop", LinkedServiceShop, sql("AzureSqlDatabase", "The transactional shop database (read only).", args.Shop.ExtractHost, args.Shop.Name)},
		{"warehouse", LinkedServiceWarehouse, sql("AzureSqlDW", "The sales warehouse (dedicated SQL pool).", w.ServerFQDN, w.DatabaseName)},
		{"staging", LinkedServiceStaging, bodyOf(func(v []any) any {
			return linkedServiceBody{
				Type: "AzureBlobStorage", Description: "Interim storage of the staged copies into the warehouse.",
				ConnectVia:     connect(v[1].(string)),
				TypeProperties: blobStorage{ServiceEndpoint: v[0].(string), AccountKind: "StorageV2"},
			}
		}, st.BlobEndpoint, runtime)},
	}
	var out factoryServices
	for _, s := range specs {
		ls, err := in.entity(ctx, in.name+"-adf-ls-"+s.logical, "linkedservices", s.name, s.body, in.endpoints)
		if err != nil {
			return factoryServices{}, err
		}
		out.all = append(out.all, ls)
		switch s.name {
		case LinkedServiceShop:
			out.shop = ls
		case LinkedServiceWarehouse:
			out.warehouse = ls
		}
	}
	return out, nil
}

// datasets creates the datasets the pipeline reads and writes, each after
// its linked service: ADF refuses dangling references.
func datasets(ctx *pulumi.Context, in factoryScope, services factoryServices) ([]pulumi.Resource, error) {
	type spec struct {
		name, kind, service string
		after               pulumi.Resource
		table               *sqlTable
	}
	// The copies and the source lookup read by query; that dataset only
	// names the database.
	specs := []spec{
		{DatasetShopQuery, "AzureSqlTable", LinkedServiceShop, services.shop, nil},
		{DatasetWatermark, "AzureSqlDWTable", LinkedServiceWarehouse, services.warehouse, &sqlTable{Schema: ETLSchema, Table: WatermarkTable}},
	}
	for _, e := range SalesModel {
		specs = append(specs, spec{StagingDataset(e), "AzureSqlDWTable", LinkedServiceWarehouse, services.warehouse, &sqlTable{Schema: StagingSchema, Table: e.Name}})
	}
	var out []pulumi.Resource
	for _, d := range specs {
		props, err := armProperties(datasetBody{
			Type: d.kind, LinkedServiceName: linkedService(d.service), Folder: folder{Name: etlFolder}, TypeProperties: d.table,
		})
		if err != nil {
			return nil, err
		}
		ds, err := in.entity(ctx, in.name+"-adf-ds-"+d.name, "datasets", d.name, pulumi.Any(props), []pulumi.Resource{d.after})
		if err != nil {
			return nil, err
		}
		out = append(out, ds)
	}
	return out, nil
}

// approveOnCreate approves a new managed private endpoint's connection on
// its target, which Data Factory requests and names itself.
func approveOnCreate(args Args) []pulumi.ResourceOption {
	if args.Hooks == nil {
		return nil
	}
	return []pulumi.ResourceOption{args.Hooks.ApproveOnCreate()}
}
