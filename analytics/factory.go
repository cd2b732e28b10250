package analytics

import (
	"encoding/json"
	"fmt"

	// Classic provider: the azure-native "datafactory" module cannot be
	// fetched here. Swap to azure-native datafactory.Factory/LinkedService/
	// Dataset/Pipeline/Trigger when it can.
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/datafactory"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Names of the objects inside the factory. They are scoped to it, so they
// are constants, like core's container and queue names. Linked services and
// datasets may not contain hyphens.
const (
	LinkedServiceShop      = "ShopDatabase"
	LinkedServiceWarehouse = "SalesWarehouse"
	LinkedServiceStaging   = "EtlStaging"
	DatasetShopQuery       = "ShopQuery"
	DatasetWatermark       = "EtlWatermark"
	PipelineLoadSalesModel = "LoadSalesModel"
	TriggerLoadSalesModel  = "ScheduleLoadSalesModel"
	IntegrationRuntime     = "managed-vnet-ir"
)

// StagingDataset is the warehouse staging table dataset an entity is copied into.
func StagingDataset(e Entity) string { return "Stg" + pascal(e.Name) }

// sqlConnection is the connection string of the SQL linked services: the
// connectors' legacy form, with no credential in it and none beside it, in
// which Data Factory signs in with its system-assigned managed identity
// (https://learn.microsoft.com/azure/data-factory/connector-azure-sql-database
// and .../connector-azure-sql-data-warehouse, "Managed identities for Azure
// resources authentication", legacy version).
//
// The connectors' recommended form (server, database, authenticationType)
// does not survive the classic provider. azurerm v4.61.0 (classic v6.33.0)
// unmarshals a custom linked service's typeProperties into the vendored
// jackofallops/kermit v0.20241010 model, whose AzureSqlDW and
// AzureSqlDatabase types carry connectionString, password,
// servicePrincipalId, servicePrincipalKey, tenant, azureCloudType,
// encryptedCredential and credential only, and silently drops every other
// key; its Read discards typeProperties, so no preview shows the loss. The
// policy rule adf-fields-carried keeps it that way.
func sqlConnection(server, database pulumi.StringInput) pulumi.StringOutput {
	return pulumi.Sprintf("Data Source=tcp:%s,1433;Initial Catalog=%s;Encrypt=True;Connection Timeout=30", server, database)
}

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
	in := factoryScope{name: name, id: adf.ID().ToStringOutput(), parent: pulumi.Parent(adf)}

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

	if out.PipelineName, err = pipeline(ctx, in, args.Config.Schedule, w.PoolID, append(sets, services.staging)); err != nil {
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
	parent pulumi.ResourceOption
	// runtime is the managed-VNet integration runtime, unset (the default
	// Azure IR over public endpoints) without private networking.
	runtime pulumi.StringOutput
	// endpoints are the managed private endpoints the linked services wait for.
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
	var endpoints []pulumi.Resource
	for _, e := range []struct {
		name   string
		target pulumi.StringInput
		group  string
	}{
		{"mpe-shop-sql", args.Shop.ServerID, "sqlServer"},
		{"mpe-warehouse-sql", w.ServerID, "sqlServer"},
		{"mpe-staging-blob", st.AccountID, "blob"},
	} {
		mpe, err := datafactory.NewManagedPrivateEndpoint(ctx, in.name+"-adf-"+e.name, &datafactory.ManagedPrivateEndpointArgs{
			Name:             pulumi.String(e.name),
			DataFactoryId:    in.id,
			TargetResourceId: e.target,
			SubresourceName:  pulumi.String(e.group),
		}, in.parent, pulumi.DependsOn([]pulumi.Resource{ir}))
		if err != nil {
			return pulumi.StringOutput{}, nil, err
		}
		endpoints = append(endpoints, mpe)
	}
	return ir.Name, endpoints, nil
}

// factoryServices are the linked services, by what they connect to.
type factoryServices struct {
	shop, warehouse pulumi.StringOutput // names, for datasets
	staging         pulumi.Resource
}

// linkedServices connects the factory to the shop database, the warehouse
// and the staging account, each with the factory's identity: no password,
// key, SAS or credential-bearing connection string.
func linkedServices(ctx *pulumi.Context, in factoryScope, args Args, w Warehouse, st Staging) (factoryServices, error) {
	private := args.Foundation.Network != nil
	after := pulumi.DependsOn(in.endpoints)
	shopArgs := &datafactory.LinkedServiceAzureSqlDatabaseArgs{
		Name:             pulumi.String(LinkedServiceShop),
		DataFactoryId:    in.id,
		ConnectionString: sqlConnection(args.Shop.ServerFQDN, args.Shop.Name),
		// Sends the connection string as plain text with no credential:
		// the factory's identity signs in. (azurerm also sends an empty
		// tenant, as in its own acceptance test of this form.)
		UseManagedIdentity: pulumi.Bool(true),
		Description:        pulumi.String("The transactional shop database (read only)."),
	}
	if private {
		shopArgs.IntegrationRuntimeName = in.runtime
	}
	shop, err := datafactory.NewLinkedServiceAzureSqlDatabase(ctx, in.name+"-adf-ls-shop", shopArgs, in.parent, after)
	if err != nil {
		return factoryServices{}, err
	}
	warehouseJSON := sqlConnection(w.ServerFQDN, w.DatabaseName).ApplyT(func(conn string) (string, error) {
		b, err := json.Marshal(warehouseLinkedService{ConnectionString: conn})
		return string(b), err
	}).(pulumi.StringOutput)
	warehouseArgs := &datafactory.LinkedCustomServiceArgs{
		Name:               pulumi.String(LinkedServiceWarehouse),
		DataFactoryId:      in.id,
		Type:               pulumi.String("AzureSqlDW"),
		TypePropertiesJson: warehouseJSON,
		Description:        pulumi.String("The sales warehouse (dedicated SQL pool)."),
	}
	if private {
		warehouseArgs.IntegrationRuntime = datafactory.LinkedCustomServiceIntegrationRuntimeArgs{Name: in.runtime}
	}
	warehouse, err := datafactory.NewLinkedCustomService(ctx, in.name+"-adf-ls-warehouse", warehouseArgs, in.parent, after)
	if err != nil {
		return factoryServices{}, err
	}
	// The service endpoint and the identity; the account kind must be
	// stated for identity-based staging.
	blobArgs := &datafactory.LinkedServiceAzureBlobStorageArgs{
		Name:               pulumi.String(LinkedServiceStaging),
		DataFactoryId:      in.id,
		ServiceEndpoint:    st.BlobEndpoint,
		UseManagedIdentity: pulumi.Bool(true),
		StorageKind:        pulumi.String("StorageV2"),
		Description:        pulumi.String("Interim storage of the staged copies into the warehouse."),
	}
	if private {
		blobArgs.IntegrationRuntimeName = in.runtime
	}
	staging, err := datafactory.NewLinkedServiceAzureBlobStorage(ctx, in.name+"-adf-ls-staging", blobArgs, in.parent, after)
	if err != nil {
		return factoryServices{}, err
	}
	return factoryServices{shop: shop.Name, warehouse: warehouse.Name, staging: staging}, nil
}

// datasets creates the datasets the pipeline reads and writes. A dataset
// names its linked service by the service's output, so it is created after
// it: ADF refuses dangling references.
func datasets(ctx *pulumi.Context, in factoryScope, services factoryServices) ([]pulumi.Resource, error) {
	type spec struct {
		name, kind string
		service    pulumi.StringOutput
		props      sqlDataset
	}
	// The copies and the source lookup read by query; the dataset only
	// names the database.
	specs := []spec{
		{DatasetShopQuery, "AzureSqlTable", services.shop, sqlDataset{}},
		{DatasetWatermark, "AzureSqlDWTable", services.warehouse, sqlDataset{Schema: ETLSchema, Table: WatermarkTable}},
	}
	for _, e := range SalesModel {
		specs = append(specs, spec{StagingDataset(e), "AzureSqlDWTable", services.warehouse, sqlDataset{Schema: StagingSchema, Table: e.Name}})
	}
	var out []pulumi.Resource
	for _, d := range specs {
		b, err := json.Marshal(d.props)
		if err != nil {
			return nil, err
		}
		ds, err := datafactory.NewCustomDataset(ctx, in.name+"-adf-ds-"+d.name, &datafactory.CustomDatasetArgs{
			Name:               pulumi.String(d.name),
			DataFactoryId:      in.id,
			Type:               pulumi.String(d.kind),
			LinkedService:      datafactory.CustomDatasetLinkedServiceArgs{Name: d.service},
			TypePropertiesJson: pulumi.String(string(b)),
			Folder:             pulumi.String("sales"),
		}, in.parent)
		if err != nil {
			return nil, err
		}
		out = append(out, ds)
	}
	return out, nil
}
