package apps

import (
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/apps/edge"
	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// site creates one web app with its access, its diagnostics and, where
// configured, its staging slot.
func site(ctx *pulumi.Context, name string, args Args, planID pulumi.StringOutput, s spec, opts ...pulumi.ResourceOption) (*Site, error) {
	o, f := args.Options, args.Foundation
	name += "-" + s.workload
	web := siteSettings(args, s, "production").LinuxWebApp()
	web.Name = pulumi.String(args.Names.Name(naming.WebApp, s.workload))
	web.ResourceGroupName = f.ResourceGroupName
	web.Location = pulumi.String(o.Location)
	web.ServicePlanId = planID
	web.AuthSettingsV2 = signIn(args, s).WebApp()
	if args.Config.StagingSlots {
		web.StickySettings = appservice.LinuxWebAppStickySettingsArgs{AppSettingNames: pulumi.ToStringArray([]string{SlotSetting})}
	}
	app, err := appservice.NewLinuxWebApp(ctx, name, &web, opts...)
	if err != nil {
		return nil, err
	}
	site := &Site{
		Name:        app.Name,
		ID:          app.ID().ToStringOutput(),
		Hostname:    app.DefaultHostname,
		URL:         pulumi.Sprintf("https://%s", app.DefaultHostname),
		PrincipalID: app.Identity.PrincipalId().Elem(),
	}
	if err := access(ctx, name, args, s, site.PrincipalID, app); err != nil {
		return nil, err
	}
	if _, err := baseline.Diagnostics(ctx, name+"-diag", baseline.DiagnosticsArgs{
		ResourceID: site.ID, Workspace: f.Workspace, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(app)); err != nil {
		return nil, err
	}
	if args.Config.StagingSlots {
		if site.Staging, err = stagingSlot(ctx, name, args, s, app); err != nil {
			return nil, err
		}
	}
	return site, nil
}

// stagingSlot creates app's staging slot with the app's settings and
// sign-in (access restrictions stay with their slot in a swap, so the slot
// needs the same lock as its app), its own identity holding the same grants,
// and diagnostics.
func stagingSlot(ctx *pulumi.Context, name string, args Args, s spec, app *appservice.LinuxWebApp) (*Slot, error) {
	name += "-" + StagingSlot
	slotArgs := siteSettings(args, s, StagingSlot).LinuxWebAppSlot()
	slotArgs.Name = pulumi.String(StagingSlot)
	slotArgs.AppServiceId = app.ID()
	slotArgs.AuthSettingsV2 = signIn(args, s).Slot()
	slot, err := appservice.NewLinuxWebAppSlot(ctx, name, &slotArgs, pulumi.Parent(app))
	if err != nil {
		return nil, err
	}
	staging := &Slot{ID: slot.ID().ToStringOutput(), Hostname: slot.DefaultHostname, PrincipalID: slot.Identity.PrincipalId().Elem()}
	if err := access(ctx, name, args, s, staging.PrincipalID, slot); err != nil {
		return nil, err
	}
	_, err = baseline.Diagnostics(ctx, name+"-diag", baseline.DiagnosticsArgs{
		ResourceID: staging.ID, Workspace: args.Foundation.Workspace, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(slot))
	return staging, err
}

// siteSettings are a portal's settings in slot ("production" for the app
// itself), the same for the app and its staging slot but for the slot
// setting.
func siteSettings(args Args, s spec, slot string) baseline.Site {
	b := args.Backend
	settings := baseline.Site{
		AppSettings: appSettings(b, s, slot),
		Tags:        args.Options.TagMap(),
		// Customers and staff reach the apps from the internet (behind an
		// edge, through Front Door alone: see the access restrictions);
		// sign-in, not the network, keeps the backoffice closed.
		PublicNetworkAccess: true,
		RouteAllThroughVNet: b.AppsSubnetID != nil,
		DotnetVersion:       dotnetVersion,
		// Sessions live in the sign-in cookie, so any instance can serve
		// any request and autoscale spreads load evenly.
		ClientAffinity:             pulumi.Bool(false),
		HealthCheckPath:            pulumi.String(args.Config.HealthCheckPath),
		HealthCheckEvictionMinutes: pulumi.Int(healthCheckEvictionMinutes),
	}
	if b.AppsSubnetID != nil {
		settings.SubnetID = b.AppsSubnetID.ToStringOutput()
	}
	if s.frontDoorID != nil {
		settings.AccessRestrictionDefaultAction = pulumi.String(edge.AccessRestrictionDefaultAction)
		settings.AccessRestrictions = edge.FrontDoorAccessRestrictions(s.frontDoorID)
	}
	return settings
}

// signIn is a portal's App Service authentication. Without an edge there
// are no excluded paths: App Service's own health check passes sign-in by
// itself ("Health check integrates with App Service's authentication and
// authorization features. No other settings are needed",
// https://learn.microsoft.com/azure/app-service/monitor-instances-health-check),
// and an excluded path would be open to the whole internet.
func signIn(args Args, s spec) baseline.SiteSignIn {
	// No client secret: see package auth for why the ID token is enough.
	a := baseline.SiteSignIn{
		RequireAuthentication: s.requireSignIn,
		UnauthenticatedAction: unauthenticatedAction(s),
		ClientID:              s.signIn.ClientID,
		Issuer:                s.signIn.Issuer,
	}
	if s.frontDoorID != nil {
		e := behindFrontDoor(args, s)
		a.ForwardProxyConvention, a.ExcludedPaths = e.forwardProxy, e.excludedPaths
	}
	return a
}

const (
	dotnetVersion = "8.0"
	// healthCheckEvictionMinutes is how long an instance may fail its health
	// check before App Service takes it out of the load balancer (2-10).
	healthCheckEvictionMinutes = 5
)

// appSettings wires the app to core: passwordless SQL, the queues it sends
// to, the product images, Key Vault and Application Insights.
func appSettings(b Backend, s spec, slot string) pulumi.StringMap {
	settings := pulumi.StringMap{
		// A secret; the setting inherits its secrecy in Pulumi's state.
		"APPLICATIONINSIGHTS_CONNECTION_STRING": b.AppInsightsConnectionString,
		// Telemetry with no code in the app: App Service's agent
		// instruments it and sends with the app's (or slot's) own identity,
		// which holds Monitoring Metrics Publisher, as Application Insights
		// may refuse keys. The agent backs off when the app ships its own
		// Application Insights SDK (README, "Telemetry without keys").
		baseline.AppInsightsAgentSetting: pulumi.String(baseline.AppInsightsAgentLinux),
		baseline.AppInsightsAuthSetting:  pulumi.String(baseline.AppInsightsEntraAuth),
		"SQL_CONNECTION_STRING":          b.SQLConnectionString,
		"QUEUE_ENDPOINT":                 b.QueueEndpoint,
		"BLOB_ENDPOINT":                  b.BlobEndpoint,
		"PRODUCT_IMAGES_CONTAINER":       pulumi.String(core.ContainerProductImages),
		"KEY_VAULT_URI":                  b.KeyVaultURI,
		SlotSetting:                      pulumi.String(slot),
	}
	for _, q := range s.queues {
		settings[q.Setting] = pulumi.String(q.Name)
	}
	return settings
}

// frontDoorSettings are what an app's and its slot's sign-in change behind
// Front Door; the access restrictions (edge.FrontDoorAccessRestrictions) deny
// what Front Door does not send, and the SCM site keeps its own rules
// (ScmUseMainIpRestriction stays false), so deployments still reach it.
type frontDoorSettings struct {
	// forwardProxy makes App Service authentication build its redirects
	// (and the redirect_uri it sends Entra) from the host the browser used,
	// which Front Door forwards in X-Forwarded-Host.
	forwardProxy pulumi.StringInput
	// excludedPaths is the health path on the backoffice only. Front Door
	// probes each origin on it (HEAD, no cookie); the backoffice requires
	// sign-in, so without the exclusion the probe would get the 302 to
	// Entra, count the origin unhealthy, and Front Door's health view
	// would say nothing. The portal admits anonymous requests already, so
	// it needs no exclusion. The path must answer 200 with an empty body:
	// a contract with the app's code (README, "Edge"). Behind Front Door
	// the origin admits only this profile, so the excluded path is no
	// opening onto the app itself, and App Service's own health check,
	// which passes sign-in by itself, is unaffected.
	excludedPaths pulumi.StringArrayInput
}

func behindFrontDoor(args Args, s spec) frontDoorSettings {
	f := frontDoorSettings{forwardProxy: pulumi.String(edge.ForwardProxyConvention)}
	if s.requireSignIn {
		f.excludedPaths = pulumi.ToStringArray([]string{args.Config.HealthCheckPath})
	}
	return f
}

func unauthenticatedAction(s spec) string {
	if s.requireSignIn {
		return "RedirectToLoginPage"
	}
	return "AllowAnonymous"
}

// access grants an app (or slot) identity exactly what its spec needs, each
// role on the narrowest scope: sending to its queues, its role on the
// product images container, reading Key Vault secrets, and sending
// telemetry to Application Insights.
func access(ctx *pulumi.Context, name string, args Args, s spec, principal pulumi.StringInput, parent pulumi.Resource) error {
	b := args.Backend
	access := map[string]baseline.Access{
		"blob-" + core.ContainerProductImages: {Scope: b.ContainerIDs[core.ContainerProductImages], Role: s.imagesRole},
		"kv":                                  {Scope: b.KeyVaultID, Role: baseline.KeyVaultSecretsUser},
		"appi":                                {Scope: b.AppInsightsID, Role: baseline.MonitoringMetricsPublisher},
	}
	for _, q := range s.queues {
		access["queue-"+q.Name] = baseline.Access{Scope: b.QueueIDs[q.Name], Role: baseline.StorageQueueDataMessageSender}
	}
	_, err := args.Options.RoleAssignments(ctx, name, baseline.RoleAssignmentsArgs{
		PrincipalID: principal, Holder: s.workload, Access: access,
	}, pulumi.Parent(parent))
	return err
}
