package analytics

import (
	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// warehouse creates the warehouse's logical server and the dedicated SQL
// pool on it. The pool has no auto-pause: the ETL pipeline resumes and
// pauses it.
func (a *Analytics) warehouse(ctx *pulumi.Context, name string) error {
	o, c, n := a.args.Options, a.args.Core, a.args.Names
	public := c.Network == nil
	server, err := o.SQLServer(ctx, name+"-sqldw", baseline.SQLServerArgs{
		ServerName:          n.Name(naming.SQLServer, "dw"),
		AdminLogin:          a.args.SQLAdmin.Login,
		AdminObjectID:       a.args.SQLAdmin.ObjectID,
		Workspace:           o.Workspace,
		PublicNetworkAccess: public,
	}, c.ResourceGroupName, a)
	if err != nil {
		return err
	}
	a.WarehouseServerID = server.ID().ToStringOutput()
	a.WarehouseServerFQDN = server.FullyQualifiedDomainName

	if !public {
		// Administrators and BI tools reach the warehouse through core's
		// network; the factory has its own managed private endpoint.
		if _, err := o.PrivateEndpoint(ctx, name+"-sqldw-pep", c.Network, baseline.Endpoint{
			Name:      n.Name(naming.PrivateEndpoint, "sqldw"),
			TargetID:  server.ID(),
			GroupID:   "sqlServer",
			DNSZoneID: c.Network.DNSZones["sqlServer"],
		}, a); err != nil {
			return err
		}
	}

	pool, err := sql.NewDatabase(ctx, name+"-sqldw-pool", &sql.DatabaseArgs{
		DatabaseName:      pulumi.String(n.Name(naming.SQLPool, "sales")),
		ServerName:        server.Name,
		ResourceGroupName: c.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		// A DataWarehouse-tier SKU is what makes the database a dedicated SQL pool.
		Sku:  sql.SkuArgs{Name: pulumi.String(a.args.Analytics.WarehouseSKU), Tier: pulumi.String("DataWarehouse")},
		Tags: o.TagMap(),
	}, o.Stateful(server)...)
	if err != nil {
		return err
	}
	a.WarehouseID = pool.ID().ToStringOutput()
	a.WarehouseDatabase = pool.Name
	a.WarehouseEndpoint = pulumi.Sprintf("%s/%s", a.WarehouseServerFQDN, a.WarehouseDatabase)

	// Managing TDE keeps anyone from switching it off unnoticed.
	if _, err := sql.NewTransparentDataEncryption(ctx, name+"-sqldw-tde", &sql.TransparentDataEncryptionArgs{
		ServerName:        server.Name,
		DatabaseName:      pool.Name,
		ResourceGroupName: c.ResourceGroupName,
		TdeName:           pulumi.String("current"),
		State:             sql.TransparentDataEncryptionStateEnumEnabled,
	}, pulumi.Parent(pool)); err != nil {
		return err
	}
	if a.args.Analytics.GeoBackup {
		// A daily copy of the pool in the paired region, restorable after a
		// regional outage.
		if _, err := sql.NewGeoBackupPolicy(ctx, name+"-sqldw-geo-backup", &sql.GeoBackupPolicyArgs{
			ServerName:          server.Name,
			DatabaseName:        pool.Name,
			ResourceGroupName:   c.ResourceGroupName,
			GeoBackupPolicyName: pulumi.String("Default"), // Azure knows no other name
			State:               sql.GeoBackupPolicyStateEnumEnabled,
		}, pulumi.Parent(pool)); err != nil {
			return err
		}
	}
	_, err = baseline.SendDiagnostics(ctx, name+"-sqldw-pool-diag", a.WarehouseID, o.Workspace, baseline.SQLDatabase, pool)
	return err
}
