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

// warehouseLinkedService is the typeProperties of the warehouse's AzureSqlDW
// linked service. The typed LinkedServiceSynapse has no managed-identity
// option, so the warehouse uses the generic linked service.
type warehouseLinkedService struct {
	ConnectionString string `json:"connectionString"`
}

// sqlDataset is the typeProperties of an AzureSqlTable or AzureSqlDWTable dataset.
type sqlDataset struct {
	Schema string `json:"schema,omitempty"`
	Table  string `json:"table,omitempty"`
}

// factory creates the Data Factory with its identity, its network path to
// the stores, the linked services and datasets, the pipeline and its trigger.
func (a *Analytics) factory(ctx *pulumi.Context, name string, staging *stagingStore) error {
	o, c := a.args.Options, a.args.Core
	private := c.Network != nil
	factory, err := datafactory.NewFactory(ctx, name+"-adf", &datafactory.FactoryArgs{
		Name:              pulumi.String(a.args.Names.Name(naming.DataFactory, "sales")),
		ResourceGroupName: c.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		Identity:          datafactory.FactoryIdentityArgs{Type: pulumi.String("SystemAssigned")},
		// Public access governs the self-hosted IR channel and authoring,
		// not Azure IRs: closing it costs the copies nothing.
		PublicNetworkEnabled:         pulumi.Bool(!private),
		ManagedVirtualNetworkEnabled: pulumi.Bool(private),
		Tags:                         o.TagMap(),
	}, pulumi.Parent(a))
	if err != nil {
		return err
	}
	a.FactoryName = factory.Name
	a.FactoryPrincipalID = factory.Identity.PrincipalId().Elem()
	factoryID := factory.ID().ToStringOutput()

	// connectVia: unset runs on the default Azure IR over public endpoints;
	// with private networking, an Azure IR inside the factory's managed VNet
	// reaches the stores through managed private endpoints.
	var runtime pulumi.StringOutput
	var endpoints []pulumi.Resource
	if private {
		ir, err := datafactory.NewIntegrationRuntimeRule(ctx, name+"-adf-ir", &datafactory.IntegrationRuntimeRuleArgs{
			Name:                  pulumi.String(IntegrationRuntime),
			DataFactoryId:         factoryID,
			Location:              pulumi.String(o.Location),
			VirtualNetworkEnabled: pulumi.Bool(true),
			Description:           pulumi.String("Copies between the shop database, staging and the warehouse over managed private endpoints."),
		}, pulumi.Parent(factory))
		if err != nil {
			return err
		}
		runtime = ir.Name
		// Each endpoint appears as a pending private endpoint connection on
		// its target and carries no traffic until an owner of the target
		// approves it (portal: the target's Networking > Private endpoint
		// connections). ADF names that connection itself, so no resource
		// here can approve it.
		for _, e := range []struct {
			name   string
			target pulumi.StringInput
			group  string
		}{
			{"mpe-shop-sql", c.SQLServerID, "sqlServer"},
			{"mpe-warehouse-sql", a.WarehouseServerID, "sqlServer"},
			{"mpe-staging-blob", staging.accountID, "blob"},
		} {
			mpe, err := datafactory.NewManagedPrivateEndpoint(ctx, name+"-adf-"+e.name, &datafactory.ManagedPrivateEndpointArgs{
				Name:             pulumi.String(e.name),
				DataFactoryId:    factoryID,
				TargetResourceId: e.target,
				SubresourceName:  pulumi.String(e.group),
			}, pulumi.Parent(factory), pulumi.DependsOn([]pulumi.Resource{ir}))
			if err != nil {
				return err
			}
			endpoints = append(endpoints, mpe)
		}
	}

	shopArgs := &datafactory.LinkedServiceAzureSqlDatabaseArgs{
		Name:             pulumi.String(LinkedServiceShop),
		DataFactoryId:    factoryID,
		ConnectionString: sqlConnection(c.SQLServerFQDN, c.SQLDatabase),
		// Sends the connection string as plain text with no credential:
		// the factory's identity signs in. (azurerm also sends an empty
		// tenant, as in its own acceptance test of this form.)
		UseManagedIdentity: pulumi.Bool(true),
		Description:        pulumi.String("The transactional shop database (read only)."),
	}
	if private {
		shopArgs.IntegrationRuntimeName = runtime
	}
	shop, err := datafactory.NewLinkedServiceAzureSqlDatabase(ctx, name+"-adf-ls-shop", shopArgs, pulumi.Parent(factory), pulumi.DependsOn(endpoints))
	if err != nil {
		return err
	}
	warehouseJSON := sqlConnection(a.WarehouseServerFQDN, a.WarehouseDatabase).ApplyT(func(conn string) (string, error) {
		b, err := json.Marshal(warehouseLinkedService{ConnectionString: conn})
		return string(b), err
	}).(pulumi.StringOutput)
	warehouseArgs := &datafactory.LinkedCustomServiceArgs{
		Name:               pulumi.String(LinkedServiceWarehouse),
		DataFactoryId:      factoryID,
		Type:               pulumi.String("AzureSqlDW"),
		TypePropertiesJson: warehouseJSON,
		Description:        pulumi.String("The sales warehouse (dedicated SQL pool)."),
	}
	if private {
		warehouseArgs.IntegrationRuntime = datafactory.LinkedCustomServiceIntegrationRuntimeArgs{Name: runtime}
	}
	warehouse, err := datafactory.NewLinkedCustomService(ctx, name+"-adf-ls-warehouse", warehouseArgs, pulumi.Parent(factory), pulumi.DependsOn(endpoints))
	if err != nil {
		return err
	}
	// No key, SAS or connection string: the service endpoint and the
	// identity. The account kind must be stated for identity-based staging.
	blobArgs := &datafactory.LinkedServiceAzureBlobStorageArgs{
		Name:               pulumi.String(LinkedServiceStaging),
		DataFactoryId:      factoryID,
		ServiceEndpoint:    staging.blobEndpoint,
		UseManagedIdentity: pulumi.Bool(true),
		StorageKind:        pulumi.String("StorageV2"),
		Description:        pulumi.String("Interim storage of the staged copies into the warehouse."),
	}
	if private {
		blobArgs.IntegrationRuntimeName = runtime
	}
	stagingLS, err := datafactory.NewLinkedServiceAzureBlobStorage(ctx, name+"-adf-ls-staging", blobArgs, pulumi.Parent(factory), pulumi.DependsOn(endpoints))
	if err != nil {
		return err
	}

	datasets := []pulumi.Resource{}
	// A dataset names its linked service by the service's output, so it is
	// created after it: ADF refuses dangling references.
	addDataset := func(dsName, kind string, service pulumi.StringOutput, props sqlDataset) error {
		b, err := json.Marshal(props)
		if err != nil {
			return err
		}
		ds, err := datafactory.NewCustomDataset(ctx, name+"-adf-ds-"+dsName, &datafactory.CustomDatasetArgs{
			Name:               pulumi.String(dsName),
			DataFactoryId:      factoryID,
			Type:               pulumi.String(kind),
			LinkedService:      datafactory.CustomDatasetLinkedServiceArgs{Name: service},
			TypePropertiesJson: pulumi.String(string(b)),
			Folder:             pulumi.String("sales"),
		}, pulumi.Parent(factory))
		if err != nil {
			return err
		}
		datasets = append(datasets, ds)
		return nil
	}
	// The copies and the source lookup read by query; the dataset only
	// names the database.
	if err := addDataset(DatasetShopQuery, "AzureSqlTable", shop.Name, sqlDataset{}); err != nil {
		return err
	}
	if err := addDataset(DatasetWatermark, "AzureSqlDWTable", warehouse.Name, sqlDataset{Schema: ETLSchema, Table: WatermarkTable}); err != nil {
		return err
	}
	for _, e := range SalesModel {
		if err := addDataset(StagingDataset(e), "AzureSqlDWTable", warehouse.Name, sqlDataset{Schema: StagingSchema, Table: e.Name}); err != nil {
			return err
		}
	}

	// Least privilege: pause/resume (and the status polls) on the pool
	// alone, and writes to the staging container alone.
	for key, grant := range map[string]baseline.RoleAssignment{
		"pool-operator":  {Scope: a.WarehouseID, Role: baseline.SQLDBContributor, Description: "Data Factory resumes and pauses the warehouse"},
		"staging-writer": {Scope: staging.containerID, Role: baseline.StorageBlobDataContributor, Description: "Data Factory stages copies"},
	} {
		grant.PrincipalID = a.FactoryPrincipalID
		if _, err := o.Assign(ctx, name+"-adf-"+key, grant, factory); err != nil {
			return err
		}
	}

	if err := a.pipeline(ctx, name, factory, append(datasets, stagingLS)); err != nil {
		return err
	}
	if _, err := baseline.SendDiagnostics(ctx, name+"-adf-diag", factoryID, o.Workspace, baseline.AllLogsAndMetrics, factory); err != nil {
		return fmt.Errorf("diagnostics of the data factory: %w", err)
	}
	return nil
}
