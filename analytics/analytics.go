// Package analytics is the platform's analytics layer: the sales data
// warehouse (a dedicated SQL pool on its own Entra-only SQL server) and the
// Azure Data Factory that loads it. The factory's ETL pipeline resumes the
// pool, copies the rows of the sales model changed since the last load from
// the shop database through blob staging, merges them into the star schema
// of analytics/sql/warehouse.sql, and pauses the pool again, also when the
// load fails: the pool costs money every hour it runs. Every connection is
// made by the factory's managed identity; nothing holds a password or key.
package analytics

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/hooks"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
)

// ShopDatabase is the transactional database the pipeline reads, from the
// core layer. FromCore takes it from a deployed core; a test can build it
// by hand.
type ShopDatabase struct {
	ServerID pulumi.StringInput `arg:"required"`
	// Host takes the factory's grants: the read-write listener with a
	// standby, the server otherwise. ExtractHost is what the pipeline
	// extracts from: the read-only listener, so the loads read the
	// geo-secondary and not the primary the shop writes to.
	Host        pulumi.StringInput `arg:"required"`
	ExtractHost pulumi.StringInput `arg:"required"`
	Name        pulumi.StringInput `arg:"required"`
	// PartnerServerID is the other server of the failover group, which the
	// listeners lead to after a failover (its read-only one before); nil
	// without a standby.
	PartnerServerID pulumi.StringInput `arg:"optional"`
}

// FromCore returns the core outputs the analytics layer reads.
func FromCore(c *core.Core) ShopDatabase {
	s := ShopDatabase{ServerID: c.Database.ServerID, Host: c.Database.Host, ExtractHost: c.Database.ReadOnlyHost, Name: c.Database.Name}
	if c.Standby != nil {
		s.PartnerServerID = c.Standby.ServerID
	}
	return s
}

// fromStandby is the shop database as the layer sees it from the standby's
// region, where it runs after the failover that made the partner the
// primary: it extracts from the read-write listener, as the read-only one
// leads to the lost region, and the partner is the server it loads from
// now; the other is for after the shop fails back (factory.go).
func (s ShopDatabase) fromStandby() ShopDatabase {
	return ShopDatabase{ServerID: s.PartnerServerID, Host: s.Host, ExtractHost: s.Host, Name: s.Name, PartnerServerID: s.ServerID}
}

// Args configure the analytics layer.
type Args struct {
	Options    baseline.Options    `arg:"required"`
	Names      naming.Namer        `arg:"required"`
	Config     config.Analytics    `arg:"required"`
	Foundation baseline.Foundation `arg:"required"`
	Shop       ShopDatabase        `arg:"required"`
	// SQLAdmin administers the warehouse server, as it does core's.
	SQLAdmin baseline.SQLAdmin `arg:"required"`
	// Alerts say who is told (Defender's e-mails) and the tuned thresholds
	// (alertPoolOnlineMinutes).
	Alerts config.Alerts `arg:"required"`
	// SQLDefender turns Microsoft Defender for SQL on for the warehouse
	// server (sqlDefender), as core does for the shop's.
	SQLDefender bool `arg:"optional"`
	// Hooks pause the new pool and approve the factory's managed private
	// endpoints in a real `up`; nil binds none.
	Hooks *hooks.Set `arg:"optional"`
	// Standby moves the layer into the standby's region and resource group
	// (analyticsLocation: secondaryLocation), where it runs after a
	// regional outage; nil, it runs in the primary's. Its logical names
	// then start with baseline.StandbyName: the caller names the component so.
	Standby *Standby `arg:"optional"`
	// RestoreFrom names the stack's resources in the region whose pool a
	// new pool is restored from, its latest geo-backup
	// (warehouseRestoreFrom); nil, a new pool starts empty.
	RestoreFrom *naming.Namer `arg:"optional"`
}

// Standby is what the layer takes to run in the standby's region.
type Standby struct {
	Names naming.Namer `arg:"required"` // the stack's names in the pair
}

// inStandby is args as the layer takes them in the standby's region: the
// pair's region, names, group and network, and the shop database as seen
// from there.
func (args Args) inStandby() Args {
	moved := args
	moved.Options, moved.Names = args.Options.In(args.Foundation.Standby.Location), args.Standby.Names
	moved.Foundation, moved.Shop = args.Foundation.InStandby(), args.Shop.fromStandby()
	return moved
}

// Analytics is the analytics layer.
type Analytics struct {
	pulumi.ResourceState

	Warehouse Warehouse
	Staging   Staging
	Factory   Factory
	// Grants are the database grants the factory's identity needs.
	Grants []sqlgrants.Grant
}

// Warehouse is the dedicated SQL pool and its server.
type Warehouse struct {
	ServerID   pulumi.StringOutput
	ServerName pulumi.StringOutput
	ServerFQDN pulumi.StringOutput
	PoolID     pulumi.StringOutput
	// DatabaseName is the pool's database name.
	DatabaseName pulumi.StringOutput
	// Endpoint is "<server fqdn>/<database>", what a SQL client needs.
	Endpoint pulumi.StringOutput
}

// Staging is the storage account the copies stage through.
type Staging struct {
	AccountID    pulumi.StringOutput
	AccountName  pulumi.StringOutput
	BlobEndpoint pulumi.StringOutput
	ContainerID  pulumi.StringOutput
}

// Factory is the Data Factory and its load.
type Factory struct {
	Name         pulumi.StringOutput
	ID           pulumi.StringOutput
	PrincipalID  pulumi.StringOutput // system-assigned identity
	PipelineName pulumi.StringOutput
}

// New creates the analytics layer.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Analytics, error) {
	if err := check(args); err != nil {
		return nil, err
	}
	// Log alerts stay in the workspace's region, the stack's.
	stack := args.Options
	if args.Standby != nil {
		args = args.inStandby()
	}
	a := &Analytics{}
	if err := ctx.RegisterComponentResource("ecommerce:analytics:Analytics", name, a, append(opts, args.Options.TeardownWith(args.Foundation.GroupOf))...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(a)
	var err error
	if a.Warehouse, err = warehouse(ctx, name, args, parent); err != nil {
		return nil, err
	}
	if a.Staging, err = staging(ctx, name, args, parent); err != nil {
		return nil, err
	}
	if a.Factory, err = factory(ctx, name, args, a.Warehouse, a.Staging, parent); err != nil {
		return nil, err
	}
	a.Grants = grants(args.Shop, a.Warehouse, a.Factory)
	if err := analyticsAlerts(ctx, name, args, stack, a, parent); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(a, a.Outputs()); err != nil {
		return nil, err
	}
	return a, nil
}

// check refuses missing inputs the way every layer does: with private
// networking a network without the SQL DNS zone the warehouse's endpoint
// resolves in, and in the standby's region a stack without a standby.
func check(args Args) error {
	var missing []string
	if n := args.Foundation.Network; n != nil {
		missing = n.MissingZones("sqlServer")
	}
	if args.Standby != nil {
		if args.Foundation.Standby == nil {
			missing = append(missing, "Foundation.Standby (Standby)")
		}
		if args.Shop.PartnerServerID == nil {
			missing = append(missing, "Shop.PartnerServerID (Standby)")
		}
	}
	return baseline.CheckArgs("analytics", args, missing...)
}

// Outputs are the layer's outputs, under the names the program exports
// them by: the one declaration of both.
func (a *Analytics) Outputs() pulumi.Map {
	return pulumi.Map{
		"warehouseServerFqdn":    a.Warehouse.ServerFQDN,
		"warehouseDatabase":      a.Warehouse.DatabaseName,
		"warehouseEndpoint":      a.Warehouse.Endpoint,
		"stagingAccountName":     a.Staging.AccountName,
		"dataFactoryName":        a.Factory.Name,
		"dataFactoryPrincipalId": a.Factory.PrincipalID,
		"etlPipelineName":        a.Factory.PipelineName,
	}
}

// grants are the factory's database grants. In the shop database it only
// reads. In the warehouse it bulk-inserts into the staging schema (INSERT;
// TRUNCATE before each copy needs ALTER), reads the watermarks and runs the
// merge procedure, which changes the star schema through ownership
// chaining: no db_owner.
func grants(shop ShopDatabase, w Warehouse, f Factory) []sqlgrants.Grant {
	return []sqlgrants.Grant{{
		Server:   shop.Host,
		Database: shop.Name,
		User:     f.Name,
		ObjectID: f.PrincipalID,
		Roles:    []string{"db_datareader"},
	}, {
		Server:   w.ServerFQDN,
		Database: w.DatabaseName,
		User:     f.Name,
		ObjectID: f.PrincipalID,
		Permissions: []string{
			"SELECT, INSERT, ALTER ON SCHEMA::" + StagingSchema,
			"SELECT, EXECUTE ON SCHEMA::" + ETLSchema,
		},
		// A dedicated SQL pool's CREATE USER has no WITH OBJECT_ID; the
		// factory's name is globally unique, so the name resolves to it.
		ByName: true,
	}}
}
