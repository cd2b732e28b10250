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
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
)

// Core is what the analytics layer consumes from the core layer. FromCore
// takes it from a deployed core; a test can build it by hand.
type Core struct {
	ResourceGroupName pulumi.StringInput
	// The transactional database the pipeline reads.
	SQLServerID   pulumi.StringInput
	SQLServerFQDN pulumi.StringInput
	SQLDatabase   pulumi.StringInput
	// Network is where private endpoints go; nil when the stack uses public endpoints.
	Network *baseline.PrivateNetwork
}

// FromCore returns the core outputs the analytics layer consumes.
func FromCore(c *core.Core) Core {
	return Core{
		ResourceGroupName: c.ResourceGroupName,
		SQLServerID:       c.SQLServerID,
		SQLServerFQDN:     c.SQLServerFQDN,
		SQLDatabase:       c.SQLDatabase,
		Network:           c.PrivateNetwork(),
	}
}

// Args configure the analytics layer.
type Args struct {
	// Options must carry the diagnostics workspace (core.Options()).
	Options   baseline.Options
	Names     naming.Namer
	Analytics config.Analytics
	Core      Core
	// SQLAdmin administers the warehouse server, as it does core's.
	SQLAdmin core.SQLAdmin
}

// Analytics is the analytics layer.
type Analytics struct {
	pulumi.ResourceState

	WarehouseServerID   pulumi.StringOutput
	WarehouseServerFQDN pulumi.StringOutput
	WarehouseID         pulumi.StringOutput // the pool's ARM id
	WarehouseDatabase   pulumi.StringOutput
	// WarehouseEndpoint is "<server fqdn>/<database>", what a SQL client needs.
	WarehouseEndpoint pulumi.StringOutput

	StagingAccountName pulumi.StringOutput

	FactoryName        pulumi.StringOutput
	FactoryPrincipalID pulumi.StringOutput
	PipelineName       pulumi.StringOutput

	args Args
}

// New creates the analytics layer.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Analytics, error) {
	if err := args.check(); err != nil {
		return nil, err
	}
	a := &Analytics{args: args}
	if err := ctx.RegisterComponentResource("ecommerce:analytics:Analytics", name, a, opts...); err != nil {
		return nil, err
	}
	if err := a.warehouse(ctx, name); err != nil {
		return nil, err
	}
	staging, err := a.staging(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := a.factory(ctx, name, staging); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(a, pulumi.Map{
		"warehouseServerFqdn":    a.WarehouseServerFQDN,
		"warehouseDatabase":      a.WarehouseDatabase,
		"warehouseEndpoint":      a.WarehouseEndpoint,
		"stagingAccountName":     a.StagingAccountName,
		"dataFactoryName":        a.FactoryName,
		"dataFactoryPrincipalId": a.FactoryPrincipalID,
		"etlPipelineName":        a.PipelineName,
	}); err != nil {
		return nil, err
	}
	return a, nil
}

// check refuses inputs the layer cannot do without, naming all of them,
// rather than deploying a linked service or role assignment on nothing.
func (args Args) check() error {
	var missing []string
	for what, v := range map[string]any{
		"Core.ResourceGroupName": args.Core.ResourceGroupName,
		"Core.SQLServerID":       args.Core.SQLServerID,
		"Core.SQLServerFQDN":     args.Core.SQLServerFQDN,
		"Core.SQLDatabase":       args.Core.SQLDatabase,
		"Options.Workspace":      args.Options.Workspace,
		"SQLAdmin.Login":         args.SQLAdmin.Login,
		"SQLAdmin.ObjectID":      args.SQLAdmin.ObjectID,
	} {
		if v == nil || reflect.ValueOf(v).IsZero() {
			missing = append(missing, what)
		}
	}
	if n := args.Core.Network; n != nil {
		if _, ok := n.DNSZones["sqlServer"]; !ok {
			missing = append(missing, `Core.Network.DNSZones["sqlServer"]`)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("analytics: missing inputs: %s", strings.Join(missing, ", "))
	}
	return nil
}

// Grants are the factory's database grants. In the shop database it only
// reads. In the warehouse it bulk-inserts into the staging schema (INSERT;
// TRUNCATE before each copy needs ALTER), reads the watermarks and runs the
// merge procedure, which changes the star schema through ownership
// chaining: no db_owner.
func (a *Analytics) Grants() []sqlgrants.Grant {
	return []sqlgrants.Grant{{
		Server:   a.args.Core.SQLServerFQDN,
		Database: a.args.Core.SQLDatabase,
		User:     a.FactoryName,
		ObjectID: a.FactoryPrincipalID,
		Roles:    []string{"db_datareader"},
	}, {
		Server:   a.WarehouseServerFQDN,
		Database: a.WarehouseDatabase,
		User:     a.FactoryName,
		ObjectID: a.FactoryPrincipalID,
		Permissions: []string{
			"SELECT, INSERT, ALTER ON SCHEMA::" + StagingSchema,
			"SELECT, EXECUTE ON SCHEMA::" + ETLSchema,
		},
		// A dedicated SQL pool's CREATE USER has no WITH OBJECT_ID; the
		// factory's name is globally unique, so the name resolves to it.
		ByName: true,
	}}
}
