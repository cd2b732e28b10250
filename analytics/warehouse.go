package analytics

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// warehouse creates the warehouse's logical server and the dedicated SQL
// pool on it. The pool has no auto-pause: the ETL pipeline resumes and
// pauses it.
func warehouse(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (Warehouse, error) {
	o, f, n := args.Options, args.Foundation, args.Names
	server, err := o.SQLServer(ctx, name+"-sqldw", baseline.SQLServerArgs{
		ResourceGroupName:   f.ResourceGroupName,
		ServerName:          n.Name(naming.SQLServer, "dw"),
		Admin:               args.SQLAdmin,
		Workspace:           f.Workspace,
		PublicNetworkAccess: f.Network == nil,
	}, opts...)
	if err != nil {
		return Warehouse{}, err
	}
	w := Warehouse{ServerID: server.ID().ToStringOutput(), ServerName: server.Name, ServerFQDN: server.FullyQualifiedDomainName}

	if f.Network != nil {
		// Administrators and BI tools reach the warehouse through core's
		// network; the factory has its own managed private endpoint.
		if _, err := o.PrivateEndpoint(ctx, name+"-sqldw-pep", baseline.PrivateEndpointArgs{
			Network:      f.Network,
			EndpointName: n.Name(naming.PrivateEndpoint, "sqldw"),
			TargetID:     server.ID(),
			GroupID:      "sqlServer",
		}, opts...); err != nil {
			return Warehouse{}, err
		}
	}

	poolArgs := &sql.DatabaseArgs{
		DatabaseName:      pulumi.String(n.Name(naming.SQLPool, "sales")),
		ServerName:        server.Name,
		ResourceGroupName: f.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		// A DataWarehouse-tier SKU is what makes the database a dedicated SQL pool.
		Sku:  sql.SkuArgs{Name: pulumi.String(args.Config.WarehouseSKU), Tier: pulumi.String("DataWarehouse")},
		Tags: o.TagMap(),
	}
	if from := args.RestoreFrom; from != nil {
		// Geo-restore: the pool starts from the latest geo-backup of the
		// stack's pool in the other region, readable while that region is
		// down (https://learn.microsoft.com/azure/synapse-analytics/sql-data-warehouse/sql-data-warehouse-restore-from-geo-backup).
		// recoverableDatabaseId, as azurerm v4.61.0 (recover_database_id)
		// and the Azure SDKs send it; the REST enum's text names
		// sourceDatabaseId, which a first restore in a test stack settles.
		poolArgs.CreateMode = pulumi.String("Recovery")
		poolArgs.RecoverableDatabaseId = pulumi.String(recoverableDatabaseID(o.SubscriptionID, *from))
	}
	// How the pool was created matters only when it is: a later change of
	// warehouseRestoreFrom leaves an existing pool alone.
	poolOpts := []pulumi.ResourceOption{pulumi.Parent(server), pulumi.IgnoreChanges([]string{"createMode", "recoverableDatabaseId"})}
	if args.RestoreFrom != nil {
		// A restore takes as long as the pool is large (Microsoft states no
		// time); past the provider's default the pool would exist in Azure
		// but not in the state.
		poolOpts = append(poolOpts, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "12h"}))
	}
	pool, err := sql.NewDatabase(ctx, name+"-sqldw-pool", poolArgs, o.Stateful(poolOpts...)...)
	if err != nil {
		return Warehouse{}, err
	}
	w.PoolID, w.DatabaseName = pool.ID().ToStringOutput(), pool.Name
	w.Endpoint = pulumi.Sprintf("%s/%s", w.ServerFQDN, w.DatabaseName)

	// Managing TDE keeps anyone from switching it off unnoticed. It is
	// created once, with the pool, and is the pool's setting that needs it
	// online: the new pool is paused after it (an after_create hook runs
	// before the resources that wait for its resource).
	if _, err := sql.NewTransparentDataEncryption(ctx, name+"-sqldw-tde", &sql.TransparentDataEncryptionArgs{
		ServerName:        server.Name,
		DatabaseName:      pool.Name,
		ResourceGroupName: f.ResourceGroupName,
		TdeName:           pulumi.String("current"),
		State:             sql.TransparentDataEncryptionStateEnumEnabled,
	}, append([]pulumi.ResourceOption{pulumi.Parent(pool)}, pauseOnCreate(args)...)...); err != nil {
		return Warehouse{}, err
	}
	if args.Config.GeoBackup {
		// A daily copy of the pool in the paired region, restorable after a
		// regional outage.
		if _, err := sql.NewGeoBackupPolicy(ctx, name+"-sqldw-geo-backup", &sql.GeoBackupPolicyArgs{
			ServerName:          server.Name,
			DatabaseName:        pool.Name,
			ResourceGroupName:   f.ResourceGroupName,
			GeoBackupPolicyName: pulumi.String("Default"), // Azure knows no other name
			State:               sql.GeoBackupPolicyStateEnumEnabled,
		}, pulumi.Parent(pool)); err != nil {
			return Warehouse{}, err
		}
	}
	_, err = baseline.Diagnostics(ctx, name+"-sqldw-pool-diag", baseline.DiagnosticsArgs{
		ResourceID: w.PoolID, Workspace: f.Workspace, Signals: baseline.SQLDatabase,
	}, pulumi.Parent(pool))
	return w, err
}

// pauseOnCreate pauses a new pool once its TDE setting exists (a new pool
// is online, and bills, until its first load pauses it).
func pauseOnCreate(args Args) []pulumi.ResourceOption {
	if args.Hooks == nil {
		return nil
	}
	return []pulumi.ResourceOption{args.Hooks.PauseOnCreate()}
}

// recoverableDatabaseID is the id of the geo-backup of the stack's pool
// named by from: Azure keeps it under the pool's server as a recoverable
// database (https://learn.microsoft.com/rest/api/sql/recoverable-databases/get).
func recoverableDatabaseID(subscriptionID string, from naming.Namer) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Sql/servers/%s/recoverableDatabases/%s",
		subscriptionID, from.Name(naming.ResourceGroup, ""), from.Name(naming.SQLServer, "dw"), from.Name(naming.SQLPool, "sales"))
}
