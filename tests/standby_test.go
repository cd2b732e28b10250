package tests

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// shopHosts is where clients must reach the shop database: with a standby,
// the failover group's listeners by the names Microsoft documents
// (https://learn.microsoft.com/azure/azure-sql/database/failover-group-sql-db:
// <fog-name>.database.windows.net, <fog-name>.secondary.database.windows.net);
// without one, the server.
func shopHosts(t *testing.T, res *inventory.Result) (readWrite, readOnly string) {
	t.Helper()
	if groups := res.ByType(inventory.SQLFailoverGroup); len(groups) > 0 {
		require.Len(t, groups, 1)
		name := groups[0].Input("failoverGroupName").(string)
		return name + ".database.windows.net", name + ".secondary.database.windows.net"
	}
	fqdn := one(t, res, inventory.SQLServer, "core-sql").Output("fullyQualifiedDomainName").(string)
	return fqdn, fqdn
}

// standbyOn switches dev's standby on, in its region's pair: the same
// program, in a stack that protects nothing.
func standbyOn(t *testing.T) map[string]string {
	pair := config.Regions[stackConfig(t, "dev", nil).Location].Pair
	require.NotEmpty(t, pair, "dev's region has a pair")
	return map[string]string{"disasterRecovery": "true", "secondaryLocation": pair, "storageSku": "Standard_RAGZRS", "sqlAutoPauseDelayMinutes": "-1",
		"frontDoor": "true", "workerSharesAppPlan": "false",
		// Sizes of their own, so the wiring of each shows.
		"appPlanSku": "S1", "workerPlanSku": "S1",
		"workerMaxInstances": "3", "standbyWorkerMinInstances": "2", "appMaxInstances": "3", "standbyAppMinInstances": "2"}
}

// TestStandbyListenersEverywhere: every client of the shop database
// connects through the failover group's listeners, never a server name,
// so a failover needs no setting changed: the portals, their slots and the
// worker read-write, Data Factory's extracts read-only, the grant script
// on the read-write side. Without a standby, all of them use the server.
func TestStandbyListenersEverywhere(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := stackPlan(t, stack), stackConfig(t, stack, nil)
			rw, ro := shopHosts(t, res)
			assert.Len(t, res.ByType(inventory.SQLFailoverGroup), map[bool]int{true: 1}[cfg.DisasterRecovery.Enabled])
			primary := one(t, res, inventory.SQLServer, "core-sql").Output("fullyQualifiedDomainName").(string)
			if cfg.DisasterRecovery.Enabled {
				require.NotEqual(t, primary, rw)
			}
			// The sites' connection strings: TestAppsWiredInProgram; Data
			// Factory's (sqlReadOnlyHost): TestAnalyticsLinkedServiceBodies;
			// the grant script's section: TestGrantScript.
			conn, _ := one(t, res, inventory.LinuxFunctionApp, "core-worker").Input("appSettings.SQL_CONNECTION_STRING").(string)
			assert.Truef(t, strings.HasPrefix(conn, "Server=tcp:"+rw+",1433;"), "the worker connects through %q", conn)
			if rw != primary {
				assert.NotContains(t, res.Outputs["sqlGrantScript"].Value.(string), primary, "grants go through the listener")
			}
			assert.Equal(t, rw, res.Outputs["sqlHost"].Value)
			assert.Equal(t, ro, res.Outputs["sqlReadOnlyHost"].Value)
		})
	}
}

// TestStandbyDataTier: the partner server in the secondary region, in a
// group of its own, hardened like the primary; the declared geo-secondary;
// the failover group on the primary with customer-managed failover; Data
// Factory's endpoint to the partner; Defender on both sides.
func TestStandbyDataTier(t *testing.T) {
	cases := standbyCases(t)
	require.Contains(t, cases, "prod", "prod runs the standby")
	for name, res := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := standbyConfig(t, name)
			dr := cfg.DisasterRecovery

			group := one(t, res, inventory.ResourceGroup, "core-standby-rg")
			primaryGroup := one(t, res, inventory.ResourceGroup, "core-rg")
			assert.Equal(t, dr.SecondaryLocation, group.Input("location"))
			assert.NotEqual(t, primaryGroup.Input("resourceGroupName"), group.Input("resourceGroupName"), "a group of its own")
			assert.Equal(t, cfg.ProtectData, group.Protect)
			locks := 0
			for _, l := range res.ByType(inventory.ResourceGroupLock) {
				if l.Input("resourceGroupName") == group.Input("resourceGroupName") {
					locks++
				}
			}
			assert.Equal(t, map[bool]int{true: 1}[cfg.LockResourceGroup], locks, "the standby's group is locked like the primary's")

			primary, partner := one(t, res, inventory.SQLServer, "core-sql"), one(t, res, inventory.SQLServer, "core-standby-sql")
			assert.Equal(t, dr.SecondaryLocation, partner.Input("location"))
			assert.Equal(t, group.Input("resourceGroupName"), partner.Input("resourceGroupName"))
			// Its hardening is the policy rows' and the promise table's (every
			// SQL server); here, that it takes the primary's admin group.
			assert.Equal(t, primary.Input("administrators"), partner.Input("administrators"))
			assert.Equal(t, cfg.ProtectData, partner.Protect)

			db, secondary := one(t, res, inventory.SQLDatabase, "core-sqldb"), one(t, res, inventory.SQLDatabase, "core-standby-sqldb")
			assert.Equal(t, "Secondary", secondary.Input("createMode"))
			assert.Equal(t, db.ID, secondary.Input("sourceDatabaseId"))
			assert.Equal(t, partner.Input("serverName"), secondary.Input("serverName"))
			assert.Equal(t, db.Input("databaseName"), secondary.Input("databaseName"), "a geo-secondary keeps the database's name")
			assert.Equal(t, cfg.ProtectData, secondary.Protect)
			// A failover flips these; refresh must not turn that into a PUT.
			for _, flip := range []string{"secondaryType", "createMode", "sourceDatabaseId"} {
				assert.Contains(t, secondary.IgnoreChanges, flip)
				assert.Contains(t, db.IgnoreChanges, flip)
			}

			fog := one(t, res, inventory.SQLFailoverGroup, "core-sqlfg")
			assert.Equal(t, primary.Input("serverName"), fog.Input("serverName"), "created on the primary")
			assert.Equal(t, primaryGroup.Input("resourceGroupName"), fog.Input("resourceGroupName"))
			assert.Equal(t, []any{map[string]any{"id": partner.ID}}, fog.Input("partnerServers"))
			assert.Equal(t, []any{db.ID}, fog.Input("databases"))
			// https://learn.microsoft.com/rest/api/sql/failover-groups/create-or-update
			// (ReadWriteEndpointFailoverPolicy Manual|Automatic: a grace
			// period only with Automatic; ReadOnlyEndpointFailoverPolicy
			// Disabled|Enabled).
			assert.Equal(t, map[string]any{"failoverPolicy": "Manual"}, fog.Input("readWriteEndpoint"))
			assert.Equal(t, map[string]any{"failoverPolicy": "Disabled"}, fog.Input("readOnlyEndpoint"))
			assert.Contains(t, fog.Dependencies, secondary.URN, "the group inherits the declared geo-secondary's link")
			assert.Equal(t, cfg.ProtectData, fog.Protect)

			// Both sides' replication-lag alerts: the alerts-required rule.
			defended := map[any]bool{}
			for _, p := range res.ByType(inventory.ServerSecurityAlertPolicy) {
				defended[p.Input("serverName")] = p.Input("state") == "Enabled"
			}
			assert.Equal(t, cfg.SQL.Defender, defended[partner.Input("serverName")], "Defender on the partner as on the primary")

			mpes := map[any]string{}
			for _, m := range res.ByType(inventory.ManagedPrivateEndpoint) {
				mpes[m.Input("targetResourceId")] = m.Input("subresourceName").(string)
				assert.Nil(t, m.Input("fqdns"), "azurerm refuses fqdns for a SQL server target")
			}
			if cfg.Network.Private { // the partner's own endpoint and zone: TestStandbyNetwork
				assert.Equal(t, "sqlServer", mpes[partner.ID], "Data Factory reaches the partner privately")
			}
		})
	}
}

// TestStandbyTeardown: in a stack that protects nothing, what the standby
// puts in its own group goes with that group, what it puts in the
// primary's (the partner's endpoint, the alerts) with the primary's, and
// the failover group is deleted on its own, before the geo-secondary:
// switching the standby off deletes it all, and nothing lingers in a group
// that stays.
func TestStandbyTeardown(t *testing.T) {
	res := runStack(t, "dev", standbyOn(t))
	primary, standby := one(t, res, inventory.ResourceGroup, "core-rg"), one(t, res, inventory.ResourceGroup, "core-standby-rg")
	assert.Empty(t, standby.DeletedWith)
	assert.Empty(t, one(t, res, inventory.SQLFailoverGroup, "core-sqlfg").DeletedWith)
	for _, r := range res.Resources {
		rg, _ := r.Input("resourceGroupName").(string)
		switch {
		case r.URN == standby.URN || r.Type == inventory.ResourceGroupLock || r.Type == inventory.SQLFailoverGroup:
		case strings.HasPrefix(r.Name, "core-standby-") || strings.HasPrefix(r.Name, "apps-standby-"):
			assert.Equal(t, standby.URN, r.DeletedWith, r.Name)
		case rg != "" && rg == standby.Input("resourceGroupName"):
			t.Errorf("%s is in the standby's group without the standby's name", r.Name)
		case strings.Contains(r.Name, "standby"):
			assert.Equal(t, primary.URN, r.DeletedWith, r.Name)
		}
	}
}

// first is a list's first item, nil for none.
func first(v any) any {
	if l, _ := v.([]any); len(l) > 0 {
		return l[0]
	}
	return nil
}

// standbyCases are the plans with a standby: every stack file that runs
// one, and dev with it switched on (a stack that protects nothing and has
// no private network).
func standbyCases(t *testing.T) map[string]*inventory.Result {
	t.Helper()
	cases := map[string]*inventory.Result{"dev+standby": runStack(t, "dev", standbyOn(t))}
	for _, stack := range stacks {
		if stackConfig(t, stack, nil).DisasterRecovery.Enabled {
			cases[stack] = stackPlan(t, stack)
		}
	}
	return cases
}

// standbyConfig is the config of a standbyCases case.
func standbyConfig(t *testing.T, name string) *config.Config {
	if name == "dev+standby" {
		return stackConfig(t, "dev", standbyOn(t))
	}
	return stackConfig(t, name, nil)
}

// TestStandbyPortals: each portal runs a second time in the pair, on a
// plan of its own at the standby's instance count (autoscaled to the
// primary's maximum), with the primary's settings, sign-in, Front Door lock
// and roles: what users get after Front Door fails over is the same
// application, signed in through the same registrations.
func TestStandbyPortals(t *testing.T) {
	for name, res := range standbyCases(t) {
		t.Run(name, func(t *testing.T) {
			cfg := standbyConfig(t, name)
			dr := cfg.DisasterRecovery
			group := one(t, res, inventory.ResourceGroup, "core-standby-rg").Input("resourceGroupName")
			plan := one(t, res, inventory.ServicePlan, "apps-standby-plan")
			assert.Equal(t, dr.SecondaryLocation, plan.Input("location"))
			assert.Equal(t, group, plan.Input("resourceGroupName"))
			assert.Equal(t, float64(dr.AppMinInstances), plan.Input("workerCount"))
			if cfg.Apps.MaxInstances > dr.AppMinInstances {
				scale := one(t, res, inventory.AutoscaleSetting, "apps-standby-autoscale")
				assert.Equal(t, plan.ID, scale.Input("targetResourceUri"))
				assert.Equal(t, fmt.Sprint(dr.AppMinInstances), dig(first(scale.Input("profiles")), "capacity.minimum"))
				assert.Equal(t, fmt.Sprint(cfg.Apps.MaxInstances), dig(first(scale.Input("profiles")), "capacity.maximum"))
			}

			script := res.Outputs["sqlGrantScript"].Value.(string)
			for _, workload := range []string{"portal", "backoffice"} {
				primary, standby := one(t, res, inventory.LinuxWebApp, "apps-"+workload), one(t, res, inventory.LinuxWebApp, "apps-standby-"+workload)
				assert.Equal(t, dr.SecondaryLocation, standby.Input("location"))
				assert.Equal(t, group, standby.Input("resourceGroupName"))
				assert.Equal(t, plan.ID, standby.Input("servicePlanId"))
				for _, path := range []string{"appSettings", "authSettingsV2", "siteConfig.ipRestrictions", "siteConfig.healthCheckPath", "httpsOnly", "identity.type"} {
					assert.Equal(t, primary.Input(path), standby.Input(path), "%s: the standby's %s is the primary's", workload, path)
				}
				sameRoles(t, res, primary, standby)
				assert.Contains(t, script, "CREATE USER ["+standby.Input("name").(string)+"]")
				if cfg.Network.Private {
					subnet, _ := standby.Input("virtualNetworkSubnetId").(string)
					assert.Contains(t, subnet, "/resourceGroups/"+group.(string)+"/providers/Microsoft.Network/virtualNetworks/", "integrated in the standby's own VNet")
				} else {
					assert.Nil(t, standby.Input("virtualNetworkSubnetId"))
				}
			}
		})
	}
}

// sameRoles asserts that a standby's identity has some roles, and exactly
// the primary's roles on the same scopes.
func sameRoles(t *testing.T, res *inventory.Result, primary, standby inventory.Resource) {
	t.Helper()
	roles := func(r inventory.Resource) []string {
		var out []string
		for _, a := range res.ByType(inventory.RoleAssignment) {
			if a.Input("principalId") == r.Output("identity.principalId") {
				out = append(out, fmt.Sprint(a.Input("scope"), " ", a.Input("roleDefinitionId")))
			}
		}
		slices.Sort(out)
		return out
	}
	assert.NotEmpty(t, roles(standby), standby.Name)
	assert.Equal(t, roles(primary), roles(standby), "%s: the same roles on the same scopes", standby.Name)
}

// TestStandbyOrigins: every Front Door origin group has the primary portal
// at priority 1 and the standby's at priority 2, with the same host header
// rule: Front Door sends traffic to priority 2 only
// while no priority-1 origin is healthy
// (https://learn.microsoft.com/azure/frontdoor/routing-methods#priority).
// Without a standby, one origin per group.
func TestStandbyOrigins(t *testing.T) {
	cases := standbyCases(t)
	for _, stack := range stacks {
		if _, ok := cases[stack]; !ok {
			cases[stack] = edgePlan(t, stack)
		}
	}
	for name, res := range cases {
		t.Run(name, func(t *testing.T) {
			if len(res.ByType(inventory.AFDOriginGroup)) == 0 {
				t.Skip("no edge")
			}
			standby := len(res.ByType(inventory.LinuxWebApp)) == 4
			for _, g := range res.ByType(inventory.AFDOriginGroup) {
				workload := g.Input("originGroupName").(string)
				byPriority := map[float64]string{}
				for _, o := range res.ByType(inventory.AFDOrigin) {
					if o.Input("originGroupName") != workload {
						continue
					}
					host, _ := o.Input("hostName").(string)
					byPriority[o.Input("priority").(float64)] = host
					assert.Equal(t, host, o.Input("originHostHeader"), o.Name) // the rest: TestEdgeOriginsPointAtTheWebApps
				}
				want := map[float64]string{1: one(t, res, inventory.LinuxWebApp, "apps-"+workload).Input("name").(string) + ".azurewebsites.net"}
				if standby {
					want[2] = one(t, res, inventory.LinuxWebApp, "apps-standby-"+workload).Input("name").(string) + ".azurewebsites.net"
				}
				assert.Equal(t, want, byPriority, workload)
			}
		})
	}
}

// TestStandbyWorker: the worker runs a second time in the pair, on a plan
// of its own at the standby's instance count, with the primary's settings
// (the same queues, the listener, the same storage by identity) and roles,
// and its database user in the grant script.
func TestStandbyWorker(t *testing.T) {
	for name, res := range standbyCases(t) {
		t.Run(name, func(t *testing.T) {
			cfg := standbyConfig(t, name)
			dr := cfg.DisasterRecovery
			group := one(t, res, inventory.ResourceGroup, "core-standby-rg").Input("resourceGroupName")
			primary, standby := one(t, res, inventory.LinuxFunctionApp, "core-worker"), one(t, res, inventory.LinuxFunctionApp, "core-standby-worker")
			plan := one(t, res, inventory.ServicePlan, "core-standby-worker-plan")
			assert.Equal(t, dr.SecondaryLocation, standby.Input("location"))
			assert.Equal(t, group, standby.Input("resourceGroupName"))
			assert.Equal(t, plan.ID, standby.Input("servicePlanId"))
			assert.Equal(t, float64(dr.WorkerMinInstances), plan.Input("workerCount"))
			for _, path := range []string{"storageAccountName", "storageUsesManagedIdentity", "publicNetworkAccessEnabled", "identity.type"} {
				assert.Equal(t, primary.Input(path), standby.Input(path), "the standby worker's %s is the primary's", path)
			}
			// The same settings but a host id of its own: both hosts keep
			// their state in the one account, and the default id (the first
			// 32 characters of the app's name) may be the primary's
			// (https://learn.microsoft.com/azure/azure-functions/storage-considerations#host-id-considerations:
			// 1-32 lowercase letters, digits and dashes, no dash at an end).
			settings := toStringMap(standby.Input("appSettings"))
			id := settings["AzureFunctionsWebHost__hostid"]
			delete(settings, "AzureFunctionsWebHost__hostid")
			assert.Equal(t, toStringMap(primary.Input("appSettings")), settings)
			assert.Regexp(t, `^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$`, id)
			primaryName := primary.Input("name").(string)
			assert.NotEqual(t, primaryName[:min(32, len(primaryName))], id, "not the primary's default host id")
			assert.Contains(t, res.Outputs["sqlGrantScript"].Value.(string), "CREATE USER ["+standby.Input("name").(string)+"]")
			sameRoles(t, res, primary, standby)
		})
	}
}

// TestStandbyHealthAlerts: Service Health alerts on incidents in either
// region (Service Health names regions by display name: "West Europe",
// "North Europe"), and Resource Health covers the standby's group too.
func TestStandbyHealthAlerts(t *testing.T) {
	display := map[string]string{"westeurope": "West Europe", "northeurope": "North Europe"}
	for name, res := range standbyCases(t) {
		t.Run(name, func(t *testing.T) {
			cfg := standbyConfig(t, name)
			here, there := display[cfg.Location], display[cfg.DisasterRecovery.SecondaryLocation]
			require.NotEmpty(t, here, "a display name for %s in this test", cfg.Location)
			require.NotEmpty(t, there, "a display name for %s in this test", cfg.DisasterRecovery.SecondaryLocation)
			service := one(t, res, inventory.ActivityLogAlert, "core-health-service-health")
			var regions any
			for _, c := range service.Input("condition.allOf").([]any) {
				if dig(c, "field") == "properties.impactedServices[*].ImpactedRegions[*].RegionName" {
					regions = dig(c, "containsAny")
				}
			}
			assert.Equal(t, []any{here, there, "Global"}, regions)
			scopes, _ := one(t, res, inventory.ActivityLogAlert, "core-health-resource-health").Input("scopes").([]any)
			var groups []string
			for _, s := range scopes {
				groups = append(groups, s.(string)[strings.LastIndex(s.(string), "/")+1:])
			}
			assert.Equal(t, []string{
				one(t, res, inventory.ResourceGroup, "core-rg").Input("resourceGroupName").(string),
				one(t, res, inventory.ResourceGroup, "core-standby-rg").Input("resourceGroupName").(string),
			}, groups)
		})
	}
}

// TestAnalyticsFollowsTheWarehouse: with analyticsLocation the pair and
// warehouseRestoreFrom the primary's region (the runbook's config), the
// whole analytics layer runs in the standby's group and region under
// names of its own, its pool restored from the geo-backup of the pool the
// primary deployed, and the rest of the stack is what it was. Data Factory
// reads the shop through the read-write listener (the read-only one leads
// to the lost region) and its loads wait only for the partner's endpoint.
// Its log alerts stay in the workspace's region. Moving back restores from
// the pair's pool.
func TestAnalyticsFollowsTheWarehouse(t *testing.T) {
	skipWholeStack(t)
	for name := range standbyCases(t) {
		t.Run(name, func(t *testing.T) {
			stack, base := name, map[string]string{}
			if name == "dev+standby" {
				stack, base = "dev", standbyOn(t)
			}
			cfg := stackConfig(t, stack, base)
			move := func(to, from string) map[string]string {
				o := maps.Clone(base)
				o["analyticsLocation"], o["warehouseRestoreFrom"], o["warehouseGeoBackup"] = to, from, "true"
				return o
			}
			before := runStack(t, stack, move(cfg.Location, ""))
			res := runStack(t, stack, move(cfg.DisasterRecovery.SecondaryLocation, cfg.Location))
			require.True(t, policy.Check(res, isProd(t, stack)).Passed(), "the moved stack passes the policy")

			standbyRG := one(t, res, inventory.ResourceGroup, "core-standby-rg").Input("resourceGroupName")
			moved := 0
			for _, r := range res.Resources {
				if !strings.HasPrefix(r.Name, "analytics") {
					continue
				}
				moved++
				require.Truef(t, strings.HasPrefix(r.Name, "analytics-standby"), "%s is named as the standby's", r.Name)
				if rg, ok := r.Input("resourceGroupName").(string); ok {
					assert.Equal(t, standbyRG, rg, r.Name)
				}
				switch loc, _ := r.Input("location").(string); {
				case r.Type == inventory.ScheduledQueryRule:
					assert.Equal(t, cfg.Location, loc, "%s stays in its workspace's region", r.Name)
				case loc != "" && !strings.EqualFold(loc, "global"):
					assert.Equal(t, cfg.DisasterRecovery.SecondaryLocation, loc, r.Name)
				}
			}
			assert.Equal(t, len(before.Resources), len(res.Resources), "the same resources, moved")
			assert.Positive(t, moved)

			// The rest of the stack is unchanged.
			for _, r := range before.Resources {
				if strings.HasPrefix(r.Name, "analytics") || r.Name == "core-workbook" { // the workbook charts the moved factory and pool
					continue
				}
				same, ok := res.ByURN(r.URN)
				if assert.Truef(t, ok, "%s stays", r.URN) {
					assert.Equalf(t, r.Inputs, same.Inputs, "%s unchanged", r.Name)
				}
			}

			pool := one(t, res, inventory.SQLDatabase, "analytics-standby-sqldw-pool")
			assert.Equal(t, "Recovery", pool.Input("createMode"))
			// https://learn.microsoft.com/rest/api/sql/recoverable-databases/get
			assert.Equal(t, fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Sql/servers/%s/recoverableDatabases/%s", mockcloud.SubscriptionID,
				one(t, before, inventory.ResourceGroup, "core-rg").Input("resourceGroupName"),
				one(t, before, inventory.SQLServer, "analytics-sqldw").Input("serverName"),
				one(t, before, inventory.SQLDatabase, "analytics-sqldw-pool").Input("databaseName")), pool.Input("recoverableDatabaseId"))
			assert.Subset(t, pool.IgnoreChanges, []string{"createMode", "recoverableDatabaseId"}, "the create mode is read once")
			if !cfg.ProtectData {
				assert.Equal(t, one(t, res, inventory.ResourceGroup, "core-standby-rg").URN, pool.DeletedWith, "torn down with the standby's group")
			}
			assert.Nil(t, one(t, before, inventory.SQLDatabase, "analytics-sqldw-pool").Input("createMode"), "a new stack's pool starts empty")
			assert.NotEqual(t, one(t, before, inventory.StorageAccount, "analytics-st").Input("accountName"), one(t, res, inventory.StorageAccount, "analytics-standby-st").Input("accountName"),
				"the staging account's global name stays the lost region's")

			rw, _ := shopHosts(t, res)
			assert.Equal(t, rw, one(t, res, inventory.GenericResource, "analytics-standby-adf-ls-shop").Input("properties.typeProperties.server"))
			primary, partner := one(t, res, inventory.SQLServer, "core-sql"), one(t, res, inventory.SQLServer, "core-standby-sql")
			if cfg.Network.Private {
				// The partner's endpoint is the one the loads wait for; the
				// primary's, which a run during the outage cannot make, serves
				// once the shop fails back.
				current, other := one(t, res, inventory.ManagedPrivateEndpoint, "adf-mpe-shop-sql"), one(t, res, inventory.ManagedPrivateEndpoint, "adf-mpe-shop-sql-standby")
				assert.Equal(t, partner.ID, current.Input("targetResourceId"))
				assert.Equal(t, primary.ID, other.Input("targetResourceId"))
				ls := one(t, res, inventory.GenericResource, "analytics-standby-adf-ls-shop")
				assert.Contains(t, ls.Dependencies, current.URN)
				assert.NotContains(t, ls.Dependencies, other.URN)
				pe := one(t, res, inventory.PrivateEndpoint, "analytics-standby-sqldw-pep")
				assert.Equal(t, one(t, res, inventory.Subnet, "core-standby-snet-endpoints").ID, pe.Input("subnet.id"), "in the standby's VNet")
			}

			back := runStack(t, stack, move(cfg.Location, cfg.DisasterRecovery.SecondaryLocation))
			assert.Equal(t, fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Sql/servers/%s/recoverableDatabases/%s", mockcloud.SubscriptionID,
				standbyRG, one(t, res, inventory.SQLServer, "analytics-standby-sqldw").Input("serverName"), pool.Input("databaseName")),
				one(t, back, inventory.SQLDatabase, "analytics-sqldw-pool").Input("recoverableDatabaseId"))
		})
	}
}
