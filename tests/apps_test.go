package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/apps"
	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Hand-made sign-in bindings.
var (
	fakePortalSignIn     = [2]string{"11111111-1111-4111-8111-111111111111", "https://login.microsoftonline.com/common/v2.0"}
	fakeBackofficeSignIn = [2]string{"22222222-2222-4222-8222-222222222222", "https://login.microsoftonline.com/" + mockcloud.TenantID + "/v2.0"}
)

// fakeBackend is core's backing services by hand.
func fakeBackend(cfg *config.Config) apps.Backend {
	b := apps.Backend{
		AppInsightsConnectionString: pulumi.ToSecret(pulumi.String(fakeAppInsights)).(pulumi.StringOutput),
		AppInsightsID:               pulumi.String(fakeAppInsightsID),
		SQLHost:                     pulumi.String(fakeShopFQDN),
		SQLDatabaseName:             pulumi.String(core.DatabaseName),
		SQLConnectionString:         pulumi.String(fakeSQLConn),
		QueueEndpoint:               pulumi.String("https://stfake.queue.core.windows.net/"),
		BlobEndpoint:                pulumi.String("https://stfake.blob.core.windows.net/"),
		QueueIDs:                    map[string]pulumi.StringInput{},
		ContainerIDs:                map[string]pulumi.StringInput{core.ContainerProductImages: pulumi.String(fakeContainerID(core.ContainerProductImages))},
		KeyVaultID:                  pulumi.String(fakeVault),
		KeyVaultURI:                 pulumi.String("https://kv-fake.vault.azure.net/"),
	}
	for _, q := range core.Queues {
		b.QueueIDs[q.Name] = pulumi.String(fakeQueueID(q.Name))
	}
	if cfg.Network.Private {
		b.AppsSubnetID = pulumi.String(fakeAppsSubnet)
	}
	return b
}

// appsArgs are the apps layer's inputs for a stack, on hand-made core and auth outputs.
func appsArgs(cfg *config.Config) apps.Args {
	return apps.Args{
		Options:    layerOptions(cfg),
		Names:      cfg.Names,
		Config:     cfg.Apps,
		Foundation: fakeFoundation(cfg),
		Backend:    fakeBackend(cfg),
		Portal:     apps.SignIn{ClientID: pulumi.String(fakePortalSignIn[0]), Issuer: pulumi.String(fakePortalSignIn[1])},
		Backoffice: apps.SignIn{ClientID: pulumi.String(fakeBackofficeSignIn[0]), Issuer: pulumi.String(fakeBackofficeSignIn[1])},
		Alerts:     cfg.Alerts,
		Edge:       cfg.Edge,
	}
}

// runApps runs the apps layer alone on a hand-made core; the stack's
// config decides sizes, slots and whether there is a private network.
func runApps(t *testing.T, stack string, overrides map[string]string) (*inventory.Result, *config.Config) {
	t.Helper()
	cfg := stackConfig(t, stack, overrides)
	res, err := mockcloud.Run(stackOptions(t, stack, overrides), func(ctx *pulumi.Context) (pulumi.Map, error) {
		a, err := apps.New(ctx, "apps", appsArgs(cfg))
		if err != nil {
			return nil, err
		}
		return a.Outputs(), nil
	})
	require.NoError(t, err)
	return res, cfg
}

// sites returns the web apps and, where there are slots, their staging slots.
func sites(t *testing.T, res *inventory.Result) []inventory.Resource {
	t.Helper()
	out := append(res.ByType(inventory.LinuxWebApp), res.ByType(inventory.LinuxWebAppSlot)...)
	require.NotEmpty(t, out)
	return out
}

// TestAppsSignIn: Easy Auth v2 signs in without a secret; the backoffice
// demands sign-in, the portal signs in on demand. (Which registration and
// issuer each app binds to: TestAppsWiredInProgram and
// TestContractEasyAuthCallbackAndIssuers.)
func TestAppsSignIn(t *testing.T) {
	res, _ := runApps(t, "prod", nil)
	for _, s := range sites(t, res) {
		for _, key := range []string{"clientSecretSettingName", "clientSecretCertificateThumbprint", "allowedAudiences"} {
			assert.Nil(t, s.Input("authSettingsV2.activeDirectoryV2."+key), "%s: no %s", s.Name, key)
		}
		assert.Equal(t, map[string]any{apps.Portal: "AllowAnonymous", apps.Backoffice: "RedirectToLoginPage"}[workload(s)],
			s.Input("authSettingsV2.unauthenticatedAction"), s.Name)
	}
}

// grant is one role assignment: who, what (the role id), where. The
// assignments' ids, types and names are the block's (TestBlockRoleAssignments)
// and Azure's (TestContractBuiltInRoleIDs).
type grant struct{ principal, role, scope string }

func grantsOf(res *inventory.Result) []grant {
	var out []grant
	for _, ra := range res.ByType(inventory.RoleAssignment) {
		role := ra.Input("roleDefinitionId").(string)
		out = append(out, grant{ra.Input("principalId").(string), role[strings.LastIndex(role, "/")+1:], ra.Input("scope").(string)})
	}
	return out
}

// wantGrants is the least-privilege set for each app (and slot) identity.
// Every identity sends its telemetry to Application Insights (appi) with
// Monitoring Metrics Publisher, so local auth can be off.
func wantGrants(principal, w string, queueID, containerID func(string) string, vault, appi string) []grant {
	g := []grant{
		{principal, string(baseline.StorageQueueDataMessageSender), queueID(core.Notifications.Name)},
		{principal, string(baseline.KeyVaultSecretsUser), vault},
		{principal, string(baseline.MonitoringMetricsPublisher), appi},
	}
	if w == apps.Portal {
		g = append(g,
			grant{principal, string(baseline.StorageQueueDataMessageSender), queueID(core.OrderConfirmations.Name)},
			grant{principal, string(baseline.StorageBlobDataReader), containerID(core.ContainerProductImages)})
	} else {
		g = append(g,
			grant{principal, string(baseline.StorageQueueDataMessageSender), queueID(core.InventoryUpdates.Name)},
			grant{principal, string(baseline.StorageBlobDataContributor), containerID(core.ContainerProductImages)})
	}
	return g
}

// TestAppsPlan: both apps run on the layer's plan, in the Foundation's
// resource group (the plan's size and zones per stack: the promise table;
// its autoscale setting: TestAppsAutoscaleRules).
func TestAppsPlan(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, _ := runApps(t, stack, nil)
			plan := one(t, res, inventory.ServicePlan, "apps-plan")
			assert.Equal(t, "Linux", plan.Input("osType"))
			assert.Equal(t, plan.Output("id"), res.Outputs["appServicePlanId"].Value)
			for _, w := range []string{apps.Portal, apps.Backoffice} {
				app := one(t, res, inventory.LinuxWebApp, "apps-"+w)
				assert.Equal(t, plan.Output("id"), app.Input("servicePlanId"), w)
				assert.Equal(t, fakeRGName, app.Input("resourceGroupName"), w)
			}
		})
	}
}

// TestAppsStagingSlots: with slots, each app has a staging slot carrying
// exactly its settings (but for the sticky slot name) and sign-in.
func TestAppsStagingSlots(t *testing.T) {
	dev, _ := runApps(t, "dev", nil)
	for _, app := range dev.ByType(inventory.LinuxWebApp) {
		assert.Nil(t, app.Input("stickySettings"), app.Name)
		assert.Equal(t, "production", app.Input("appSettings."+apps.SlotSetting))
	}

	prod, cfg := runApps(t, "prod", nil)
	require.Len(t, prod.ByType(inventory.LinuxWebAppSlot), 2)
	hosts := apps.Hostnames(cfg.Names, true)
	for _, w := range []string{apps.Portal, apps.Backoffice} {
		app, slot := one(t, prod, inventory.LinuxWebApp, "apps-"+w), one(t, prod, inventory.LinuxWebAppSlot, "apps-"+w+"-staging")
		assert.Equal(t, apps.StagingSlot, slot.Input("name"))
		assert.Equal(t, app.Output("id"), slot.Input("appServiceId"))
		assert.Equal(t, app.URN, slot.Parent)
		assert.Equal(t, []any{apps.SlotSetting}, app.Input("stickySettings.appSettingNames"))
		assert.Equal(t, "production", app.Input("appSettings."+apps.SlotSetting))
		assert.Equal(t, "staging", slot.Input("appSettings."+apps.SlotSetting))
		for _, path := range []string{"siteConfig", "authSettingsV2", "virtualNetworkSubnetId", "httpsOnly", "publicNetworkAccessEnabled", "tags"} {
			assert.Equal(t, app.Input(path), slot.Input(path), "%s slot %s", w, path)
		}
		appSettings, slotSettings := app.Input("appSettings").(map[string]any), slot.Input("appSettings").(map[string]any)
		delete(appSettings, apps.SlotSetting)
		delete(slotSettings, apps.SlotSetting)
		assert.Equal(t, appSettings, slotSettings, "%s slot settings", w)
		assert.NotEqual(t, app.Output("identity.principalId"), slot.Output("identity.principalId"), "a slot has its own identity")

		// Hostnames computes the hosts the apps and slots really get.
		want := hosts.Portal
		if w == apps.Backoffice {
			want = hosts.Backoffice
		}
		assert.Equal(t, want, []string{app.Output("defaultHostname").(string), slot.Output("defaultHostname").(string)})
	}
}

// TestAppsRefuseIncompleteBackend: a backend without a scope the apps need
// is an error naming it, not a role assignment on nothing, and nothing is
// registered.
func TestAppsRefuseIncompleteBackend(t *testing.T) {
	cfg := stackConfig(t, "dev", nil)
	res, err := mockcloud.Run(stackOptions(t, "dev", nil), func(ctx *pulumi.Context) (pulumi.Map, error) {
		args := appsArgs(cfg)
		args.Backend.KeyVaultID = nil
		args.Backend.QueueIDs[core.Notifications.Name] = nil
		args.Portal.Issuer = pulumi.String("")
		args.Standby = &apps.Standby{Names: cfg.Names, MinInstances: 1} // a standby, and no standby foundation to run it in
		_, err := apps.New(ctx, "apps", args)
		return nil, err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "apps: missing required inputs: Backend.KeyVaultID, Backend.QueueIDs, Foundation.Standby (Standby), Portal.Issuer")
	assert.Empty(t, res.Resources)
}

// TestAppsWiredInProgram: in the whole program every setting, sign-in
// binding and role assignment of the apps is the output of the resource it
// comes from (the connection string the only secret), each app sends to its
// queues only, and the stack outputs are the apps'.
func TestAppsWiredInProgram(t *testing.T) {
	queues := map[string]map[string]any{ // each app setting holds its queue's name: contracts with the apps' code
		apps.Portal:     {"ORDER_CONFIRMATIONS_QUEUE": "order-confirmations", "NOTIFICATIONS_QUEUE": "notifications"},
		apps.Backoffice: {"INVENTORY_UPDATES_QUEUE": "inventory-updates", "NOTIFICATIONS_QUEUE": "notifications"},
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := edgePlan(t, stack)
			account := one(t, res, inventory.StorageAccount, "core-st")
			rw, _ := shopHosts(t, res)
			vault := one(t, res, inventory.KeyVault, "core-kv")
			appi := one(t, res, inventory.AppInsights, "core-appi")
			registrations := map[string]inventory.Resource{apps.Portal: one(t, res, inventory.ApplicationRegistration, "auth-customer"), apps.Backoffice: one(t, res, inventory.ApplicationRegistration, "auth-backoffice")}
			for _, s := range sites(t, res) {
				w := workload(s)
				assert.Contains(t, s.Input("appSettings.SQL_CONNECTION_STRING"), "Server=tcp:"+rw+",1433;Database="+core.DatabaseName+";", s.Name)
				assert.False(t, s.InputIsSecret("appSettings.SQL_CONNECTION_STRING"), s.Name)
				sends := map[string]any{}
				for k, v := range s.Input("appSettings").(map[string]any) {
					if strings.HasSuffix(k, "_QUEUE") {
						sends[k] = v
					}
				}
				assert.Equal(t, queues[w], sends, s.Name)
				hasInputs(t, s, map[string]any{ // each app signs in with its registration
					"appSettings.PRODUCT_IMAGES_CONTAINER": "product-images", "appSettings.QUEUE_ENDPOINT": account.Output("primaryEndpoints.queue"),
					"appSettings.BLOB_ENDPOINT": account.Output("primaryEndpoints.blob"), "appSettings.KEY_VAULT_URI": vault.Output("properties.vaultUri"),
					"appSettings.APPLICATIONINSIGHTS_CONNECTION_STRING": appi.Output("connectionString"),
					"authSettingsV2.activeDirectoryV2.clientId":         registrations[w].Output("clientId"),
				})
				assert.True(t, s.InputIsSecret("appSettings.APPLICATIONINSIGHTS_CONNECTION_STRING"), s.Name)
				assert.Contains(t, s.Dependencies, registrations[w].URN, "%s waits for its registration", s.Name)
			}

			// Role assignments name the real core resources and app identities.
			idOf := func(typ, name string) string { return one(t, res, typ, name).Output("id").(string) }
			queueID := func(q string) string { return idOf(inventory.StorageQueue, "core-st-"+q) }
			containerID := func(c string) string { return idOf(inventory.BlobContainer, "core-st-"+c) }
			var want []grant
			principals := map[string]bool{}
			for _, s := range sites(t, res) {
				principal := s.Output("identity.principalId").(string)
				want = append(want, wantGrants(principal, workload(s), queueID, containerID, vault.Output("id").(string), appi.Output("id").(string))...)
				principals[principal] = true
			}
			var got []grant
			for _, g := range grantsOf(res) {
				if principals[g.principal] {
					got = append(got, g)
				}
			}
			assert.ElementsMatch(t, want, got)

			portal, backoffice := one(t, res, inventory.LinuxWebApp, "apps-portal"), one(t, res, inventory.LinuxWebApp, "apps-backoffice")
			// Both stacks with their edge on put the apps behind Front Door: the
			// public URLs are its endpoints', the App Service ones stay for
			// operators.
			assert.Equal(t, "https://"+portal.Output("defaultHostname").(string), res.Outputs["portalAppServiceUrl"].Value)
			assert.Equal(t, "https://"+backoffice.Output("defaultHostname").(string), res.Outputs["backofficeAppServiceUrl"].Value)
			for _, w := range []string{apps.Portal, apps.Backoffice} {
				endpoint := one(t, res, inventory.AFDEndpoint, "apps-edge-"+w+"-fde").Output("hostName")
				assert.Equal(t, "https://"+endpoint.(string), res.Outputs[w+"Url"].Value, w)
				assert.Equal(t, endpoint, res.Outputs[w+"FrontDoorHost"].Value, w)
			}
			profile := one(t, res, inventory.FrontDoorProfile, "apps-edge-afd")
			assert.Equal(t, profile.Output("frontDoorId"), res.Outputs["frontDoorId"].Value)
			assert.Equal(t, profile.Output("id"), res.Outputs["frontDoorProfileId"].Value)
			assert.Equal(t, one(t, res, inventory.WAFPolicy, "apps-edge-waf").Output("id"), res.Outputs["wafPolicyId"].Value)
			assert.Equal(t, portal.Output("identity.principalId"), res.Outputs["portalPrincipalId"].Value)
			assert.Equal(t, backoffice.Output("identity.principalId"), res.Outputs["backofficePrincipalId"].Value)
			assert.Equal(t, stackConfig(t, stack, nil).Location, portal.Input("location"))
		})
	}
}

// TestGrantScript: the T-SQL the SQL admins run gives every app, slot and
// worker identity its user in the shop database, by object id,
// idempotently, with read and write; no password anywhere.
func TestGrantScript(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			script := res.Outputs["sqlGrantScript"].Value.(string)
			rw, _ := shopHosts(t, res)
			assert.Contains(t, script, "-- Server: "+rw+"  Database: shop\n")
			assert.NotContains(t, script, "PASSWORD")
			for _, s := range append(sites(t, res), one(t, res, inventory.LinuxFunctionApp, "core-worker")) {
				user := s.Input("name").(string)
				if s.Type == inventory.LinuxWebAppSlot {
					app, _ := res.ByURN(s.Parent)
					user = app.Input("name").(string) + "/slots/" + apps.StagingSlot
				}
				principal := s.Output("identity.principalId").(string)
				assert.Contains(t, script, "IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'"+user+"')")
				assert.Contains(t, script, "CREATE USER ["+user+"] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'"+principal+"';")
				assert.Contains(t, script, "ALTER ROLE [db_datareader] ADD MEMBER ["+user+"];")
				assert.Contains(t, script, "ALTER ROLE [db_datawriter] ADD MEMBER ["+user+"];")
			}
		})
	}
}

// workload tells which app a web app or slot is.
func workload(r inventory.Resource) string {
	if strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(r.Name, "apps-"), "standby-"), apps.Backoffice) {
		return apps.Backoffice
	}
	return apps.Portal
}

func toStringMap(v any) map[string]string {
	m, _ := v.(map[string]any)
	out := map[string]string{}
	for k, e := range m {
		out[k], _ = e.(string)
	}
	return out
}

// TestAppsAutoscaleRules: prod's autoscale setting of the portals' plan,
// written out in full: CPU and HTTP queue length on the plan, per minute,
// scaling out fast and in slowly, between prod's 3 and 10 instances, with
// its diagnostics beside it.
func TestAppsAutoscaleRules(t *testing.T) {
	res, _ := runApps(t, "prod", nil)
	plan := one(t, res, inventory.ServicePlan, "apps-plan")
	planID := plan.Output("id").(string)
	as := one(t, res, inventory.AutoscaleSetting, "apps-autoscale")
	assert.Equal(t, plan.URN, as.Parent)
	rule := func(metric, op string, threshold float64, window, direction, cooldown string) any {
		return autoscaleRule(metric, "microsoft.web/serverfarms", planID, op, threshold, "Average", "PT1M", window, direction, cooldown)
	}
	assert.Equal(t, map[string]any{
		"autoscaleSettingName": "mas-apps-ecommerce-prod-weu",
		"resourceGroupName":    plan.Input("resourceGroupName"),
		"location":             "westeurope",
		"targetResourceUri":    planID,
		"enabled":              true,
		"tags":                 plan.Input("tags"),
		"profiles": []any{map[string]any{
			"name":     "default",
			"capacity": map[string]any{"minimum": "3", "maximum": "10", "default": "3"},
			"rules": []any{
				rule("CpuPercentage", "GreaterThan", 70, "PT10M", "Increase", "PT5M"),
				rule("HttpQueueLength", "GreaterThan", 100, "PT5M", "Increase", "PT5M"),
				rule("CpuPercentage", "LessThan", 30, "PT15M", "Decrease", "PT10M"),
				rule("HttpQueueLength", "LessThan", 10, "PT15M", "Decrease", "PT10M"),
			},
		}},
	}, as.Inputs.Mappable())
	diag := one(t, res, inventory.DiagnosticSetting, "apps-autoscale-diag")
	assert.Equal(t, as.Output("id"), diag.Input("resourceUri"))
	assert.Equal(t, as.URN, diag.Parent)
}

// appsEdgeKeys are the inputs Front Door adds to a web app or slot; nothing
// else of theirs changes.
var appsEdgeKeys = []string{"siteConfig.ipRestrictionDefaultAction", "siteConfig.ipRestrictions",
	"authSettingsV2.forwardProxyConvention", "authSettingsV2.excludedPaths"}

// TestAppsBehindFrontDoor: the apps layer alone, with the stacks' edge,
// named and sized from config. The origins are the apps' own default
// hostnames, probed on the health path; every app and slot denies all but
// Front Door carrying this profile's frontDoorId (an output, not a
// constant); Easy Auth builds redirects from the forwarded host; the
// backoffice's health path alone skips sign-in, for the probes. The edge's
// own values (routes, WAF link, restriction rule) are TestEdge*'s.
func TestAppsBehindFrontDoor(t *testing.T) {
	fdids := map[any]bool{}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runApps(t, stack, withEdge(t, stack))
			profile := one(t, res, inventory.FrontDoorProfile, "apps-edge-afd")
			hasInputs(t, profile, map[string]any{"profileName": cfg.Names.Name(naming.FrontDoorProfile, ""), "sku.name": cfg.Edge.SKU, "resourceGroupName": fakeRGName})
			fdid := profile.Output("frontDoorId")
			require.NotEmpty(t, fdid)
			fdids[fdid] = true
			hasInputs(t, one(t, res, inventory.WAFPolicy, "apps-edge-waf"), map[string]any{"policyName": cfg.Names.Name(naming.FrontDoorWAFPolicy, ""), "policySettings.mode": cfg.Edge.WAFMode})
			for _, w := range []string{apps.Portal, apps.Backoffice} {
				app := one(t, res, inventory.LinuxWebApp, "apps-"+w)
				assert.Equal(t, cfg.Names.Name(naming.FrontDoorEndpoint, w), one(t, res, inventory.AFDEndpoint, "apps-edge-"+w+"-fde").Input("endpointName"))
				hasInputs(t, one(t, res, inventory.AFDOrigin, "apps-edge-"+w+"-origin"), map[string]any{ // the origin is the app
					"hostName": app.Output("defaultHostname"), "originHostHeader": app.Output("defaultHostname")})
				assert.Equal(t, cfg.Apps.HealthCheckPath, one(t, res, inventory.AFDOriginGroup, "apps-edge-"+w+"-og").Input("healthProbeSettings.probePath"), w)
			}
			for _, s := range sites(t, res) { // the rest of the restriction: TestEdgeAccessRestrictionsCarryTheProfilesID
				assert.Equal(t, []any{fdid}, dig(toAny(s.Input("siteConfig.ipRestrictions"))[0], "headers.xAzureFdids"), s.Name)
				assert.Equal(t, "Standard", s.Input("authSettingsV2.forwardProxyConvention"), s.Name)
				if workload(s) == apps.Backoffice {
					assert.Equal(t, []any{cfg.Apps.HealthCheckPath}, s.Input("authSettingsV2.excludedPaths"), "%s: Front Door's probes reach the health path", s.Name)
				} else {
					assert.Nil(t, s.Input("authSettingsV2.excludedPaths"), "%s admits anonymous requests anyway", s.Name)
				}
			}
		})
	}
	assert.Len(t, fdids, len(stacks), "each stack's apps carry their own profile's id")
}

// TestAppsWithoutFrontDoor: dev turns Front Door off; then there is no
// edge, the apps are open as before, and their inputs are exactly those of
// the apps behind Front Door less what the edge adds.
func TestAppsWithoutFrontDoor(t *testing.T) {
	off, _ := runApps(t, "dev", map[string]string{"frontDoor": "false"})
	on, _ := runApps(t, "dev", devEdge)
	for _, r := range off.Resources {
		assert.Falsef(t, strings.HasPrefix(r.Type, "azure-native:cdn:") || r.Type == inventory.WAFPolicy, "%s: no edge", r.Name)
	}
	for _, name := range []string{"apps-portal", "apps-backoffice"} {
		without, with := one(t, off, inventory.LinuxWebApp, name), one(t, on, inventory.LinuxWebApp, name)
		for _, key := range appsEdgeKeys {
			assert.Nil(t, without.Input(key), "%s %s", name, key)
		}
		stripped := with
		for _, key := range appsEdgeKeys {
			polSet(key, polAbsent)(&stripped)
		}
		assert.Equal(t, inventory.Plain(resource.NewObjectProperty(without.Inputs)), inventory.Plain(resource.NewObjectProperty(stripped.Inputs)),
			"%s: Front Door changes nothing else of the app", name)
	}
	// The other outputs without Front Door: TestStackOutputsPinned.
	assert.Equal(t, "https://"+one(t, off, inventory.LinuxWebApp, "apps-portal").Output("defaultHostname").(string), off.Outputs["portalUrl"].Value)
	assert.NotEqual(t, on.Outputs["portalAppServiceUrl"].Value, on.Outputs["portalUrl"].Value)
}
