// Package platform is the program's composition root: it loads the config
// once, creates the layers in dependency order and passes each one the
// outputs it consumes. main.go runs it under the Pulumi engine; the offline
// plan and the tests run the very same function under the mock engine.
package platform

import (
	"fmt"
	"slices"
	"time"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/analytics"
	"github.com/ecommerce-platform/infra/apps"
	"github.com/ecommerce-platform/infra/auth"
	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/hooks"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
	"github.com/ecommerce-platform/infra/internal/workbook"
)

// Platform holds the deployed layers.
type Platform struct {
	Auth      *auth.Auth
	Core      *core.Core
	Apps      *apps.Apps
	Analytics *analytics.Analytics
	// Grants are the database grants every layer's identities need.
	Grants []sqlgrants.Grant
}

// Run is the Pulumi program on the wall clock.
func Run(ctx *pulumi.Context) (pulumi.Map, error) { return RunAt(time.Now)(ctx) }

// RunAt is the Pulumi program with its clock, which only picks the month a
// new budget starts in when budgetStartMonth is unset (tests fix it):
// config first, so invalid config (or, in a deployment, example object
// ids) stops the run before any resource is registered; then the layers;
// then the stack outputs.
func RunAt(now func() time.Time) func(*pulumi.Context) (pulumi.Map, error) {
	return func(ctx *pulumi.Context) (pulumi.Map, error) {
		cfg, err := loadConfig(ctx)
		if err != nil {
			return nil, err
		}
		if !ctx.DryRun() {
			// A preview (and the offline plan) may use the stack files'
			// example object ids; a deployment may not.
			if err := cfg.CheckDeployable(); err != nil {
				return nil, err
			}
		}
		p, err := Deploy(ctx, cfg, now())
		if err != nil {
			return nil, err
		}
		return p.Outputs()
	}
}

// loadConfig reads every declared key of the stack's config and validates
// it, once.
func loadConfig(ctx *pulumi.Context) (*config.Config, error) {
	values := map[string]config.Value{}
	for _, k := range config.Keys {
		full := config.FullName(k.Name)
		if raw, ok := ctx.GetConfig(full); ok {
			values[k.Name] = config.Value{Raw: raw, Secret: ctx.IsConfigSecret(full)}
		}
	}
	return config.Parse(ctx.Project(), ctx.Stack(), values)
}

// Deploy creates every layer of a stack as of now. Data flows one way:
// auth's registrations and SQL admin group, then core, whose Foundation
// and outputs the apps and analytics take.
func Deploy(ctx *pulumi.Context, cfg *config.Config, now time.Time) (*Platform, error) {
	client, err := authorization.GetClientConfig(ctx)
	if err != nil {
		return nil, err
	}
	opts := Options(cfg, client.SubscriptionId, client.TenantId)
	classic, err := classicProvider(ctx, client.SubscriptionId)
	if err != nil {
		return nil, err
	}
	// The layers' classic resources inherit the provider from their component.
	withClassic := pulumi.Providers(classic)

	// The web apps' hostnames follow from their names: the registrations'
	// homepages, before the apps exist.
	hosts := apps.Hostnames(cfg.Names, false)
	id, err := auth.New(ctx, "auth", auth.Args{
		Options:         opts,
		Names:           cfg.Names,
		Config:          cfg.Auth,
		SQLAdminMembers: cfg.SQL.AdminGroupMembers,
		PortalHost:      hosts.Portal[0],
		BackofficeHost:  hosts.Backoffice[0],
	})
	if err != nil {
		return nil, err
	}

	// Approvals wait up to 10 minutes for Data Factory to request them.
	hs, err := hooks.Register(ctx, &hooks.Azure{Wait: 15 * time.Second, Attempts: 40})
	if err != nil {
		return nil, err
	}
	c, err := core.New(ctx, "core", core.Args{
		Options:    opts,
		Names:      cfg.Names,
		Network:    cfg.Network,
		Monitoring: cfg.Monitoring,
		Alerts:     cfg.Alerts,
		KeyVault:   cfg.KeyVault,
		Storage:    cfg.Storage,
		SQL:        cfg.SQL,
		Worker:     cfg.Worker,
		// The standby's data tier: its partner server and failover group.
		DisasterRecovery: cfg.DisasterRecovery,
		EmailAPIKey:      cfg.EmailAPIKey,
		SQLAdmin:         id.SQLAdmin,
		Budget:           core.BudgetArgs{AmountUSD: cfg.Cost.Budget(), StartMonth: cfg.Cost.BudgetStart(now), Emails: cfg.Alerts.Emails},
		AppPlan:          sharedAppPlan(cfg),
		// The classic provider registers the subscription's resource
		// providers; every resource lives in the resource group, which waits for it.
		Prerequisites: []pulumi.Resource{classic},
		Hooks:         hs,
	}, withClassic)
	if err != nil {
		return nil, err
	}

	web, err := apps.New(ctx, appsComponent, apps.Args{
		Options:    opts,
		Names:      cfg.Names,
		Config:     cfg.Apps,
		Foundation: c.Foundation,
		Backend:    apps.FromCore(c),
		Portal:     apps.SignIn{ClientID: id.Customer.ClientID, Issuer: id.Customer.Issuer},
		Backoffice: apps.SignIn{ClientID: id.Backoffice.ClientID, Issuer: id.Backoffice.Issuer},
		Alerts:     cfg.Alerts,
		Edge:       cfg.Edge,
		// nil unless the worker shares the portals' plan, which core made.
		SharedPlanID: c.SharedPlanID,
		Standby:      appsStandby(cfg),
	}, withClassic)
	if err != nil {
		return nil, err
	}
	// The hosts users sign in through exist once the apps layer (and its
	// edge) does: auth → apps → redirect URIs, the same resources with or
	// without Front Door.
	if _, err := auth.NewRedirectURIs(ctx, "auth-redirect-uris", auth.RedirectURIsArgs{
		Auth:            id,
		PortalHosts:     web.Portal.SignInHosts,
		BackofficeHosts: web.Backoffice.SignInHosts,
		FormerParent:    web,
	}); err != nil {
		return nil, err
	}

	analyticsName, analyticsStandby := analyticsPlacement(cfg)
	dw, err := analytics.New(ctx, analyticsName, analytics.Args{
		Options:     opts,
		Names:       cfg.Names,
		Config:      cfg.Analytics,
		Foundation:  c.Foundation,
		Shop:        analytics.FromCore(c),
		SQLAdmin:    id.SQLAdmin,
		Alerts:      cfg.Alerts,
		SQLDefender: cfg.SQL.Defender,
		Hooks:       hs,
		Standby:     analyticsStandby,
		RestoreFrom: warehouseRestoreFrom(cfg),
	}, withClassic)
	if err != nil {
		return nil, err
	}
	if err := healthWorkbook(ctx, opts, cfg, c, web, dw); err != nil {
		return nil, err
	}
	return &Platform{
		Auth: id, Core: c, Apps: web, Analytics: dw,
		Grants: slices.Concat(c.Grants, web.Grants, dw.Grants),
	}, nil
}

// healthWorkbook creates core's platform health workbook once the layers
// it charts exist: core → apps, analytics → workbook, one way.
func healthWorkbook(ctx *pulumi.Context, opts baseline.Options, cfg *config.Config, c *core.Core, web *apps.Apps, dw *analytics.Analytics) error {
	_, err := core.NewHealthWorkbook(ctx, "core-workbook", core.HealthWorkbookArgs{
		Options:    opts,
		Names:      cfg.Names,
		Foundation: c.Foundation,
		Resources: workbook.ResourceInputs{
			Portals: []workbook.PortalInput{
				{Name: apps.Portal, ID: web.Portal.ID},
				{Name: apps.Backoffice, ID: web.Backoffice.ID},
			},
			QueueService: pulumi.Sprintf("%s/queueServices/default", c.Storage.AccountID),
			Worker:       c.Worker.ID,
			Database:     c.Database.ID,
			Factory:      dw.Factory.ID,
			Pipeline:     analytics.PipelineLoadSalesModel,
			Pool:         dw.Warehouse.PoolID,
		},
		FormerParent: c,
	})
	return err
}

// appsStandby is what the standby's portals take from config; nil
// without a standby.
func appsStandby(cfg *config.Config) *apps.Standby {
	dr := cfg.DisasterRecovery
	if !dr.Enabled {
		return nil
	}
	return &apps.Standby{Names: dr.SecondaryNames, MinInstances: dr.AppMinInstances, ZoneRedundant: cfg.Apps.ZoneRedundant && dr.Zones}
}

// analyticsPlacement names the analytics layer's component and says where
// it runs (analyticsLocation): "analytics" in the primary's group, or
// "analytics-standby" in the standby's. The two are different resources,
// so a move creates the layer anew in the pair and leaves Pulumi the
// originals to remove (README, "Moving analytics to the pair").
func analyticsPlacement(cfg *config.Config) (string, *analytics.Standby) {
	if !cfg.AnalyticsInStandby() {
		return "analytics", nil
	}
	return baseline.StandbyName("analytics"), &analytics.Standby{Names: cfg.DisasterRecovery.SecondaryNames}
}

// warehouseRestoreFrom names the pool a new warehouse pool is restored
// from (warehouseRestoreFrom); nil for none.
func warehouseRestoreFrom(cfg *config.Config) *naming.Namer {
	if cfg.Analytics.RestoreFrom == "" {
		return nil
	}
	names := cfg.NamesIn(cfg.Analytics.RestoreFrom)
	return &names
}

// appsComponent is the name of the apps layer's component.
const appsComponent = "apps"

// sharedAppPlan is the portals' plan core creates when the worker shares
// it (workerSharesAppPlan); nil when each has its own.
func sharedAppPlan(cfg *config.Config) *core.AppPlanArgs {
	if !cfg.Worker.SharesAppPlan {
		return nil
	}
	return &core.AppPlanArgs{Config: cfg.Apps, AppsComponent: appsComponent}
}

// Options are the cross-cutting settings a stack's config gives every layer.
func Options(cfg *config.Config, subscriptionID, tenantID string) baseline.Options {
	return baseline.Options{
		Location:       cfg.Location,
		Tags:           cfg.Tags(),
		SubscriptionID: subscriptionID,
		TenantID:       tenantID,
		ProtectData:    cfg.ProtectData,
		Lock:           cfg.LockResourceGroup,
	}
}

// Outputs are the stack outputs: every layer's own outputs, as each layer
// declares and registers them, and the SQL grant script, which spans them.
func (p *Platform) Outputs() (pulumi.Map, error) {
	out := pulumi.Map{"sqlGrantScript": sqlgrants.Script(p.Grants)}
	for _, layer := range []pulumi.Map{p.Auth.Outputs(), p.Core.Outputs(), p.Apps.Outputs(), p.Analytics.Outputs()} {
		for name, value := range layer {
			if _, taken := out[name]; taken {
				return nil, fmt.Errorf("stack output %q is declared by two layers", name)
			}
			out[name] = value
		}
	}
	return out, nil
}
