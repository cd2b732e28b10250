package apps

import (
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// The classic provider spells a web app's and a slot's settings with
// different types, so the same values are written twice below; the tests
// check that a slot carries exactly its app's settings.

// site creates one web app with its access, its diagnostics and, where
// configured, its staging slot.
func site(ctx *pulumi.Context, name string, args Args, planID pulumi.StringOutput, s spec, opts ...pulumi.ResourceOption) (*Site, error) {
	o, b, f, h := args.Options, args.Backend, args.Foundation, baseline.Hardened
	name += "-" + s.workload
	siteConfig := appservice.LinuxWebAppSiteConfigArgs{
		AlwaysOn:                     pulumi.Bool(true),
		FtpsState:                    pulumi.String(h.FTPSState),
		Http2Enabled:                 pulumi.Bool(h.HTTP2),
		MinimumTlsVersion:            pulumi.String(h.MinimumTLSVersion),
		ScmMinimumTlsVersion:         pulumi.String(h.MinimumTLSVersion),
		RemoteDebuggingEnabled:       pulumi.Bool(h.RemoteDebugging),
		HealthCheckPath:              pulumi.String(args.Config.HealthCheckPath),
		HealthCheckEvictionTimeInMin: pulumi.Int(healthCheckEvictionMinutes),
		VnetRouteAllEnabled:          pulumi.Bool(b.AppsSubnetID != nil),
		ApplicationStack:             appservice.LinuxWebAppSiteConfigApplicationStackArgs{DotnetVersion: pulumi.String(dotnetVersion)},
	}
	// Without an edge there are no excluded paths: App Service's own health
	// check passes sign-in by itself ("Health check integrates with App
	// Service's authentication and authorization features. No other
	// settings are needed", https://learn.microsoft.com/azure/app-service/monitor-instances-health-check),
	// and an excluded path would be open to the whole internet.
	authSettings := appservice.LinuxWebAppAuthSettingsV2Args{
		AuthEnabled:           pulumi.Bool(true),
		RuntimeVersion:        pulumi.String("~1"),
		RequireHttps:          pulumi.Bool(true),
		RequireAuthentication: pulumi.Bool(s.requireSignIn),
		UnauthenticatedAction: pulumi.String(unauthenticatedAction(s)),
		DefaultProvider:       pulumi.String("azureactivedirectory"),
		// No client secret: see package auth for why the ID token is enough.
		ActiveDirectoryV2: appservice.LinuxWebAppAuthSettingsV2ActiveDirectoryV2Args{
			ClientId:           s.signIn.ClientID,
			TenantAuthEndpoint: s.signIn.Issuer,
		},
		// Claims reach the app in X-MS-CLIENT-PRINCIPAL; no tokens at rest.
		Login: appservice.LinuxWebAppAuthSettingsV2LoginArgs{TokenStoreEnabled: pulumi.Bool(false)},
	}
	if s.frontDoorID != nil {
		e := behindFrontDoor(args, s)
		siteConfig.IpRestrictionDefaultAction = e.defaultAction
		siteConfig.IpRestrictions = FrontDoorAccessRestrictions(s.frontDoorID)
		authSettings.ForwardProxyConvention = e.forwardProxy
		authSettings.ExcludedPaths = e.excludedPaths
	}
	web := &appservice.LinuxWebAppArgs{
		Name:              pulumi.String(args.Names.Name(naming.WebApp, s.workload)),
		ResourceGroupName: f.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		ServicePlanId:     planID,
		Identity:          appservice.LinuxWebAppIdentityArgs{Type: pulumi.String("SystemAssigned")},
		HttpsOnly:         pulumi.Bool(h.HTTPSOnly),
		// Customers and staff reach the apps from the internet (behind an
		// edge, through Front Door alone: see the access restrictions);
		// sign-in, not the network, keeps the backoffice closed.
		PublicNetworkAccessEnabled: pulumi.Bool(true),
		// Sessions live in the sign-in cookie, so any instance can serve
		// any request and autoscale spreads load evenly.
		ClientAffinityEnabled:                      pulumi.Bool(false),
		FtpPublishBasicAuthenticationEnabled:       pulumi.Bool(h.BasicPublishingAuth),
		WebdeployPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		SiteConfig:     siteConfig,
		AppSettings:    appSettings(b, s, "production"),
		AuthSettingsV2: authSettings,
		Tags:           o.TagMap(),
	}
	if args.Config.StagingSlots {
		web.StickySettings = appservice.LinuxWebAppStickySettingsArgs{AppSettingNames: pulumi.ToStringArray([]string{SlotSetting})}
	}
	if b.AppsSubnetID != nil {
		web.VirtualNetworkSubnetId = b.AppsSubnetID
	}
	app, err := appservice.NewLinuxWebApp(ctx, name, web, opts...)
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

// stagingSlot creates app's staging slot with the app's hardening, settings
// and sign-in, its own identity holding the same grants, and diagnostics.
func stagingSlot(ctx *pulumi.Context, name string, args Args, s spec, app *appservice.LinuxWebApp) (*Slot, error) {
	o, b, h := args.Options, args.Backend, baseline.Hardened
	name += "-" + StagingSlot
	siteConfig := appservice.LinuxWebAppSlotSiteConfigArgs{
		AlwaysOn:                     pulumi.Bool(true),
		FtpsState:                    pulumi.String(h.FTPSState),
		Http2Enabled:                 pulumi.Bool(h.HTTP2),
		MinimumTlsVersion:            pulumi.String(h.MinimumTLSVersion),
		ScmMinimumTlsVersion:         pulumi.String(h.MinimumTLSVersion),
		RemoteDebuggingEnabled:       pulumi.Bool(h.RemoteDebugging),
		HealthCheckPath:              pulumi.String(args.Config.HealthCheckPath),
		HealthCheckEvictionTimeInMin: pulumi.Int(healthCheckEvictionMinutes),
		VnetRouteAllEnabled:          pulumi.Bool(b.AppsSubnetID != nil),
		ApplicationStack:             appservice.LinuxWebAppSlotSiteConfigApplicationStackArgs{DotnetVersion: pulumi.String(dotnetVersion)},
	}
	authSettings := appservice.LinuxWebAppSlotAuthSettingsV2Args{
		AuthEnabled:           pulumi.Bool(true),
		RuntimeVersion:        pulumi.String("~1"),
		RequireHttps:          pulumi.Bool(true),
		RequireAuthentication: pulumi.Bool(s.requireSignIn),
		UnauthenticatedAction: pulumi.String(unauthenticatedAction(s)),
		DefaultProvider:       pulumi.String("azureactivedirectory"),
		ActiveDirectoryV2: appservice.LinuxWebAppSlotAuthSettingsV2ActiveDirectoryV2Args{
			ClientId:           s.signIn.ClientID,
			TenantAuthEndpoint: s.signIn.Issuer,
		},
		Login: appservice.LinuxWebAppSlotAuthSettingsV2LoginArgs{TokenStoreEnabled: pulumi.Bool(false)},
	}
	// Access restrictions stay with their slot in a swap: the slot needs
	// the same lock as its app.
	if s.frontDoorID != nil {
		e := behindFrontDoor(args, s)
		siteConfig.IpRestrictionDefaultAction = e.defaultAction
		siteConfig.IpRestrictions = FrontDoorSlotAccessRestrictions(s.frontDoorID)
		authSettings.ForwardProxyConvention = e.forwardProxy
		authSettings.ExcludedPaths = e.excludedPaths
	}
	slotArgs := &appservice.LinuxWebAppSlotArgs{
		Name:                                 pulumi.String(StagingSlot),
		AppServiceId:                         app.ID(),
		Identity:                             appservice.LinuxWebAppSlotIdentityArgs{Type: pulumi.String("SystemAssigned")},
		HttpsOnly:                            pulumi.Bool(h.HTTPSOnly),
		PublicNetworkAccessEnabled:           pulumi.Bool(true),
		ClientAffinityEnabled:                pulumi.Bool(false),
		FtpPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		WebdeployPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		SiteConfig:     siteConfig,
		AppSettings:    appSettings(b, s, StagingSlot),
		AuthSettingsV2: authSettings,
		Tags:           o.TagMap(),
	}
	if b.AppsSubnetID != nil {
		slotArgs.VirtualNetworkSubnetId = b.AppsSubnetID
	}
	slot, err := appservice.NewLinuxWebAppSlot(ctx, name, slotArgs, pulumi.Parent(app))
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
	for _, queue := range s.queues {
		settings[core.QueueSettings[queue]] = pulumi.String(queue)
	}
	return settings
}

// frontDoorSettings are what an app and its slot change behind Front Door,
// besides the access restrictions (FrontDoorAccessRestrictions).
type frontDoorSettings struct {
	// defaultAction denies whatever the access restrictions do not allow.
	// The SCM site keeps its own rules (ScmUseMainIpRestriction stays
	// false), so deployments still reach it.
	defaultAction pulumi.StringInput
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
	f := frontDoorSettings{
		defaultAction: pulumi.String(AccessRestrictionDefaultAction),
		forwardProxy:  pulumi.String(ForwardProxyConvention),
	}
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
	for _, queue := range s.queues {
		access["queue-"+queue] = baseline.Access{Scope: b.QueueIDs[queue], Role: baseline.StorageQueueDataMessageSender}
	}
	_, err := args.Options.RoleAssignments(ctx, name, baseline.RoleAssignmentsArgs{
		PrincipalID: principal, Holder: s.workload, Access: access,
	}, pulumi.Parent(parent))
	return err
}
