package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// DatabaseName is the transactional database's name.
const DatabaseName = "shop"

// Database is the transactional database and its server.
type Database struct {
	ServerID   pulumi.StringOutput
	ServerName pulumi.StringOutput
	ServerFQDN pulumi.StringOutput
	ID         pulumi.StringOutput
	Name       pulumi.StringOutput
	// Host is what clients connect to: the failover group's read-write
	// listener with a standby, the server otherwise. ReadOnlyHost is the
	// read-only listener (the geo-secondary), or the server.
	Host         pulumi.StringOutput
	ReadOnlyHost pulumi.StringOutput

	db *sql.Database
}

// ConnectionString is the passwordless ADO.NET connection string of the
// database: the caller authenticates with its managed identity.
func (d Database) ConnectionString() pulumi.StringOutput {
	return pulumi.Sprintf("Server=tcp:%s,1433;Database=%s;Authentication=Active Directory Managed Identity;Encrypt=True;TrustServerCertificate=False;", d.Host, d.Name)
}

// database creates the transactional server and database with short- and
// long-term backup retention. Nobody holds a password: the admin is an Entra
// group and every app connects with its managed identity.
func database(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, opts ...pulumi.ResourceOption) (Database, error) {
	o := args.Options
	cfg := args.SQL
	server, err := o.SQLServer(ctx, name+"-sql", baseline.SQLServerArgs{
		ResourceGroupName:   f.ResourceGroupName,
		ServerName:          args.Names.Name(naming.SQLServer, ""),
		Admin:               args.SQLAdmin,
		Workspace:           f.Workspace,
		PublicNetworkAccess: f.Network == nil,
	}, opts...)
	if err != nil {
		return Database{}, err
	}
	d := Database{
		ServerID:     server.ID().ToStringOutput(),
		ServerName:   server.Name,
		ServerFQDN:   server.FullyQualifiedDomainName,
		Host:         server.FullyQualifiedDomainName,
		ReadOnlyHost: server.FullyQualifiedDomainName,
	}

	dbArgs := &sql.DatabaseArgs{
		DatabaseName:                     pulumi.String(DatabaseName),
		ServerName:                       server.Name,
		ResourceGroupName:                f.ResourceGroupName,
		Location:                         pulumi.String(o.Location),
		Sku:                              databaseSku(cfg.SKU),
		MaxSizeBytes:                     pulumi.Float64(float64(cfg.MaxSizeGB) * 1024 * 1024 * 1024),
		ZoneRedundant:                    pulumi.Bool(cfg.ZoneRedundant),
		RequestedBackupStorageRedundancy: pulumi.String(cfg.BackupRedundancy),
		Tags:                             o.TagMap(),
	}
	if cfg.SKU.Serverless {
		dbArgs.AutoPauseDelay = pulumi.Int(cfg.AutoPauseDelayMinutes)
		dbArgs.MinCapacity = pulumi.Float64(0.5)
	}
	db, err := sql.NewDatabase(ctx, name+"-sqldb", dbArgs, o.Stateful(pulumi.Parent(server), pulumi.IgnoreChanges(failoverFlips))...)
	if err != nil {
		return Database{}, err
	}
	d.ID, d.Name, d.db = db.ID().ToStringOutput(), db.Name, db

	if _, err := sql.NewBackupShortTermRetentionPolicy(ctx, name+"-sqldb-pitr", &sql.BackupShortTermRetentionPolicyArgs{
		ServerName:                server.Name,
		DatabaseName:              db.Name,
		ResourceGroupName:         f.ResourceGroupName,
		PolicyName:                pulumi.String("default"),
		RetentionDays:             pulumi.Int(cfg.BackupRetentionDays),
		DiffBackupIntervalInHours: pulumi.Int(12),
	}, pulumi.Parent(db)); err != nil {
		return Database{}, err
	}
	if err := longTermRetention(ctx, name+"-sqldb-ltr", cfg.LongTermRetention, server.Name, db.Name, f.ResourceGroupName, pulumi.Parent(db)); err != nil {
		return Database{}, err
	}
	// TDE is on by default; managing it keeps anyone from switching it off unnoticed.
	if _, err := sql.NewTransparentDataEncryption(ctx, name+"-sqldb-tde", &sql.TransparentDataEncryptionArgs{
		ServerName:        server.Name,
		DatabaseName:      db.Name,
		ResourceGroupName: f.ResourceGroupName,
		TdeName:           pulumi.String("current"),
		State:             sql.TransparentDataEncryptionStateEnumEnabled,
	}, pulumi.Parent(db)); err != nil {
		return Database{}, err
	}
	if _, err := baseline.Diagnostics(ctx, name+"-sqldb-diag", baseline.DiagnosticsArgs{
		ResourceID: d.ID, Workspace: f.Workspace, Signals: baseline.SQLDatabase,
	}, pulumi.Parent(db)); err != nil {
		return Database{}, err
	}
	return d, privateEndpoint(ctx, name+"-sql-pep", args, f, server.ID(), "sqlServer", opts...)
}

// longTermRetention keeps the database's weekly, monthly and yearly
// backups as configured; nothing when none is.
func longTermRetention(ctx *pulumi.Context, name string, ltr config.LongTermRetention, server, database, resourceGroup pulumi.StringInput, opts ...pulumi.ResourceOption) error {
	if !ltr.Any() {
		return nil
	}
	// PT0S is Azure's "no retention" for a period that is not kept.
	orNone := func(v string) pulumi.StringInput {
		if v == "" {
			return pulumi.String("PT0S")
		}
		return pulumi.String(v)
	}
	_, err := sql.NewLongTermRetentionPolicy(ctx, name, &sql.LongTermRetentionPolicyArgs{
		ServerName:        server,
		DatabaseName:      database,
		ResourceGroupName: resourceGroup,
		PolicyName:        pulumi.String("default"),
		WeeklyRetention:   orNone(ltr.Weekly),
		MonthlyRetention:  orNone(ltr.Monthly),
		YearlyRetention:   orNone(ltr.Yearly),
		WeekOfYear:        pulumi.Int(1),
	}, opts...)
	return err
}

// databaseSku is the shop database's SKU, the primary's and its
// geo-secondary's.
func databaseSku(s config.SQLSku) sql.SkuArgs {
	return sql.SkuArgs{
		Name:     pulumi.String(skuName(s.Tier, s.Serverless)),
		Tier:     pulumi.String(s.Tier),
		Family:   pulumi.String(s.Family),
		Capacity: pulumi.Int(s.Capacity),
	}
}

// skuName is the ARM SKU name of a vCore tier: GP_Gen5, GP_S_Gen5 or BC_Gen5.
func skuName(tier string, serverless bool) string {
	prefix := map[string]string{"GeneralPurpose": "GP", "BusinessCritical": "BC"}[tier]
	if serverless {
		return prefix + "_S_Gen5"
	}
	return prefix + "_Gen5"
}
