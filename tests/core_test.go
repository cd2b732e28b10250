package tests

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/plan"
)

// runCore runs the core layer alone, with a fixed SQL admin.
func runCore(t *testing.T, stack string, overrides map[string]string) (*inventory.Result, *config.Config) {
	t.Helper()
	cfg := stackConfig(t, stack, overrides)
	return runCoreOn(t, stackOptions(t, stack, overrides), cfg), cfg
}

// runCoreOn runs the core layer alone on a parsed config.
func runCoreOn(t *testing.T, opts mockcloud.Options, cfg *config.Config) *inventory.Result {
	t.Helper()
	res, err := mockcloud.Run(opts, func(ctx *pulumi.Context) (pulumi.Map, error) {
		c, err := core.New(ctx, "core", core.Args{
			Options: layerOptions(cfg),
			Names:   cfg.Names, Network: cfg.Network, Monitoring: cfg.Monitoring, Alerts: cfg.Alerts, KeyVault: cfg.KeyVault,
			Storage: cfg.Storage, SQL: cfg.SQL, Worker: cfg.Worker, EmailAPIKey: cfg.EmailAPIKey,
			SQLAdmin: fakeSQLAdmin(),
			Budget:   core.BudgetArgs{AmountUSD: cfg.Cost.Budget(), StartMonth: cfg.Cost.BudgetStart(testNow), Emails: cfg.Alerts.Emails},
			AppPlan:  coreAppPlan(cfg),
		})
		if err != nil {
			return nil, err
		}
		return pulumi.Map{
			"queueEndpoint":    c.Storage.QueueEndpoint,
			"blobEndpoint":     c.Storage.BlobEndpoint,
			"sqlFqdn":          c.Database.ServerFQDN,
			"connectionString": c.Monitoring.AppInsightsConnectionString,
			"workerPrincipal":  c.Worker.PrincipalID,
			"workspaceId":      c.Monitoring.WorkspaceID,
			"keyVaultUri":      c.KeyVault.URI,
		}, nil
	})
	require.NoError(t, err)
	return res
}

// coreAppPlan is the portals' plan core creates when the worker shares it,
// as the program gives it.
func coreAppPlan(cfg *config.Config) *core.AppPlanArgs {
	if !cfg.Worker.SharesAppPlan {
		return nil
	}
	return &core.AppPlanArgs{Config: cfg.Apps, AppsComponent: "apps"}
}

// TestCoreStorageBaseline: the shop's queues, each with its poison queue,
// and the queue endpoint core hands on. The account's SKU and soft-delete
// days per stack are the promise table's, its name TestPhysicalNamesPinned's.
func TestCoreStorageBaseline(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runCore(t, stack, nil)
			var queues []string
			for _, q := range res.ByType(inventory.StorageQueue) {
				queues = append(queues, q.Input("queueName").(string))
			}
			assert.ElementsMatch(t, []string{
				"order-confirmations", "inventory-updates", "notifications",
				"order-confirmations-poison", "inventory-updates-poison", "notifications-poison",
			}, queues)
			assert.Equal(t, "https://"+cfg.Names.Name(naming.StorageAccount, "")+".queue.core.windows.net/", res.Outputs["queueEndpoint"].Value)
		})
	}
}

// TestCoreSQLDiffersByStack: the serverless floor, and an unset long-term
// retention period (each stack's SKU, pause delay, redundancy and periods:
// the promise table and TestContractSQL).
func TestCoreSQLDiffersByStack(t *testing.T) {
	dev, _ := runCore(t, "dev", nil)
	assert.Equal(t, 0.5, one(t, dev, inventory.SQLDatabase, "core-sqldb").Input("minCapacity"))
	// An unset period is sent as PT0S, Azure's "not kept".
	partial, _ := runCore(t, "prod", map[string]string{"sqlLtrMonthly": "", "sqlLtrYearly": ""})
	hasInputs(t, one(t, partial, inventory.LongTermRetentionPolicy, "core-sqldb-ltr"), map[string]any{"monthlyRetention": "PT0S", "yearlyRetention": "PT0S"})
}

// TestCoreKeyVault: access is RBAC's alone (its soft-delete days per
// stack: the promise table).
func TestCoreKeyVault(t *testing.T) {
	dev, _ := runCore(t, "dev", nil)
	assert.Nil(t, one(t, dev, inventory.KeyVault, "core-kv").Input("properties.accessPolicies"))
}

// TestCoreMonitoring: Application Insights is workspace-based, refuses
// local (key) auth unless appInsightsLocalAuth keeps it (dev), and its
// connection string leaves core as a secret.
func TestCoreMonitoring(t *testing.T) {
	for _, stack := range stacks {
		res, cfg := runCore(t, stack, nil)
		appi := one(t, res, inventory.AppInsights, "core-appi")
		assert.Equal(t, one(t, res, inventory.LogAnalyticsWorkspace, "core-log").Output("id"), appi.Input("workspaceResourceId"), "Application Insights is workspace-based")
		assert.Equal(t, "LogAnalytics", appi.Input("ingestionMode"))
		assert.Equal(t, !cfg.Monitoring.AppInsightsLocalAuth, appi.Input("disableLocalAuth"), stack)
		out := res.Outputs["connectionString"]
		assert.True(t, out.Secret, "the connection string carries the ingestion key")
		assert.Equal(t, appi.Output("connectionString"), out.Value)
	}
}

// TestActionGroupShortName: the short name alert texts and e-mails carry
// is "shop-<stack>", cut to the 12 characters Azure allows (the Action
// Groups REST spec's groupShortName, maxLength 12), so a stack with a long
// name still deploys.
func TestActionGroupShortName(t *testing.T) {
	for stack, want := range map[string]string{"dev": "shop-dev", "staging2": "shop-staging", "preprod-eu1": "shop-preprod"} {
		cfg := *stackConfig(t, "dev", nil)
		names, err := naming.New("ecommerce", stack, cfg.Location, "")
		require.NoError(t, err)
		cfg.Names = names
		group := one(t, runCoreOn(t, stackOptions(t, "dev", nil), &cfg), inventory.ActionGroup, "core-ag")
		assert.Equal(t, want, group.Input("groupShortName"), stack)
	}
}

func TestCoreWorker(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			// The worker on a plan of its own (dev shares the portals' by
			// default: TestBudgetSharedPlan).
			res, _ := runCore(t, stack, map[string]string{"workerSharesAppPlan": "false"})
			plan := one(t, res, inventory.ServicePlan, "core-worker-plan")
			assert.Equal(t, "Linux", plan.Input("osType"))

			fn := one(t, res, inventory.LinuxFunctionApp, "core-worker")
			account := one(t, res, inventory.StorageAccount, "core-st")
			hasInputs(t, fn, map[string]any{"servicePlanId": plan.Output("id"), "storageAccountName": account.Input("accountName")})

			// Wiring: settings carry core's own outputs.
			hasInputs(t, fn, map[string]any{"appSettings.QueueStorage__queueServiceUri": account.Output("primaryEndpoints.queue"),
				"appSettings.ORDER_CONFIRMATIONS_QUEUE": "order-confirmations", "appSettings.INVENTORY_UPDATES_QUEUE": "inventory-updates",
				"appSettings.NOTIFICATIONS_QUEUE": "notifications"})
			fqdn := one(t, res, inventory.SQLServer, "core-sql").Output("fullyQualifiedDomainName").(string)
			assert.Contains(t, fn.Input("appSettings.SQL_CONNECTION_STRING"), "Server=tcp:"+fqdn+",1433")
			assert.Equal(t, fn.Output("identity.principalId"), res.Outputs["workerPrincipal"].Value)
		})
	}
}

// TestWorkerRoleAssignments: the worker may process exactly its queues
// (the assignments' types and names: TestBlockRoleAssignments).
func TestWorkerRoleAssignments(t *testing.T) {
	res, _ := runCore(t, "dev", nil)
	principal := one(t, res, inventory.LinuxFunctionApp, "core-worker").Output("identity.principalId")
	scopes := map[string]string{} // scope -> role id
	for _, g := range grantsOf(res) {
		assert.Equal(t, principal, g.principal)
		scopes[g.scope] = g.role
	}
	for _, q := range res.ByType(inventory.StorageQueue) {
		assert.Equal(t, string(baseline.StorageQueueDataContributor), scopes[q.Output("id").(string)], "queue %s", q.Input("queueName"))
	}
	for _, name := range []string{"core-st-azure-webjobs-hosts", "core-st-azure-webjobs-secrets"} {
		assert.Equal(t, string(baseline.StorageBlobDataOwner), scopes[one(t, res, inventory.BlobContainer, name).Output("id").(string)], name)
	}
	// The one account-wide grant: the Functions host's diagnostic events
	// go to a table per month it creates itself.
	account := one(t, res, inventory.StorageAccount, "core-st").Output("id").(string)
	assert.Equal(t, string(baseline.StorageTableDataContributor), scopes[account], "on the account")
	// Telemetry with its identity: Application Insights may refuse keys.
	appi := one(t, res, inventory.AppInsights, "core-appi").Output("id").(string)
	assert.Equal(t, string(baseline.MonitoringMetricsPublisher), scopes[appi], "on Application Insights")
	assert.Len(t, scopes, 11)
}

// TestEmailAPIKeyStaysSecret: a secure config value enters Key Vault as a
// secret and reaches the worker only as a Key Vault reference.
func TestEmailAPIKeyStaysSecret(t *testing.T) {
	opts := stackOptions(t, "dev", map[string]string{"emailApiKey": "sk-live-0123456789"})
	opts.SecretKeys = append(opts.SecretKeys, "ecommerce:emailApiKey")
	res, err := mockcloud.Run(opts, wholeProgram(t))
	require.NoError(t, err)

	secret := one(t, res, inventory.KeyVaultSecret, "core-kv-email-api-key")
	assert.True(t, secret.InputIsSecret("properties.value"))
	assert.Equal(t, core.EmailAPIKeySecret, secret.Input("secretName"))
	fn := one(t, res, inventory.LinuxFunctionApp, "core-worker")
	ref := fn.Input("appSettings.EMAIL_API_KEY").(string)
	assert.Equal(t, "@Microsoft.KeyVault(SecretUri="+secret.Output("properties.secretUri").(string)+")", ref)

	// The worker may read that one secret, not the whole vault.
	vault := one(t, res, inventory.KeyVault, "core-kv").Output("id").(string)
	found := false
	for _, ra := range res.ByType(inventory.RoleAssignment) {
		if ra.Input("scope") == vault+"/secrets/"+core.EmailAPIKeySecret {
			found = ra.Input("principalId") == fn.Output("identity.principalId")
		}
	}
	assert.True(t, found, "worker has Key Vault Secrets User on the secret")

	// Nowhere in the JSON plan does the value appear.
	var b strings.Builder
	require.NoError(t, plan.WriteJSON(&b, res))
	assert.NotContains(t, b.String(), "sk-live-0123456789")
}

// TestPrivateNetworking: prod's subnets, the worker's delegated to App
// Service; each private endpoint on its own resource; each DNS zone linked
// to the VNet. Which subnet each site and endpoint joins, and that dev has
// no network, are the promise table's (and blCounts').
func TestPrivateNetworking(t *testing.T) {
	prod, _ := runCore(t, "prod", nil)
	// The delegation's name is part of the subnet: a new one rewrites the
	// subnet the worker is integrated with.
	assert.Equal(t, []any{map[string]any{"name": "delegation", "serviceName": "Microsoft.Web/serverFarms"}},
		one(t, prod, inventory.Subnet, "core-snet-worker").Input("delegations"))
	// One /24 each, in order, from the VNet's space (vnetAddressSpace's default).
	for name, prefix := range map[string]string{"apps": "10.40.0.0/24", "worker": "10.40.1.0/24", "endpoints": "10.40.2.0/24"} {
		assert.Equal(t, prefix, one(t, prod, inventory.Subnet, "core-snet-"+name).Input("addressPrefix"), name)
	}
	groups := map[string]string{}
	for _, pe := range prod.ByType(inventory.PrivateEndpoint) {
		if strings.HasPrefix(pe.Name, "core-standby-") {
			continue // the standby's, in its own VNet: TestStandbyNetwork
		}
		conn := pe.Input("privateLinkServiceConnections").([]any)[0].(map[string]any)
		groups[conn["groupIds"].([]any)[0].(string)] = conn["privateLinkServiceId"].(string)
	}
	account := one(t, prod, inventory.StorageAccount, "core-st").Output("id")
	assert.Equal(t, map[string]string{"blob": account.(string), "queue": account.(string), "table": account.(string),
		"sqlServer": one(t, prod, inventory.SQLServer, "core-sql").Output("id").(string),
		"vault":     one(t, prod, inventory.KeyVault, "core-kv").Output("id").(string),
		"sites":     one(t, prod, inventory.LinuxFunctionApp, "core-worker").Output("id").(string)}, groups)
	// Each endpoint's zone (names: TestContractPrivateDNS) resolves in the VNet.
	// (The standby's VNet's links: TestStandbyNetwork.)
	links := 0
	for _, l := range prod.ByType(inventory.VirtualNetworkLink) {
		if !strings.HasSuffix(l.Name, "-standby") {
			links++
			assert.Equal(t, one(t, prod, inventory.VirtualNetwork, "core-vnet").Output("id"), l.Input("virtualNetwork.id"), l.Name)
		}
	}
	assert.Equal(t, 6, links)
}

func TestTagsOnEveryTaggableResource(t *testing.T) {
	for _, stack := range stacks {
		res := stackPlan(t, stack)
		cfg := stackConfig(t, stack, nil)
		want := map[string]any{}
		for k, v := range cfg.Tags() {
			want[k] = v
		}
		tagged := 0
		for _, r := range res.Resources {
			if tags := r.Input("tags"); tags != nil {
				tagged++
				// Alerts add the catalog rule they implement, web tests
				// the hidden link to their Application Insights.
				got := map[string]any{}
				for k, v := range tags.(map[string]any) {
					if k != baseline.AlertRuleTag && !strings.HasPrefix(k, "hidden-link:") {
						got[k] = v
					}
				}
				assert.Equalf(t, want, got, "%s %s", stack, r.Name)
			}
		}
		assert.GreaterOrEqual(t, tagged, 9)
		for _, typ := range []string{inventory.ResourceGroup, inventory.StorageAccount, inventory.SQLServer, inventory.SQLDatabase, inventory.KeyVault, inventory.LinuxFunctionApp, inventory.ServicePlan, inventory.LogAnalyticsWorkspace} {
			for _, r := range res.ByType(typ) {
				assert.NotNilf(t, r.Input("tags"), "%s %s untagged", stack, r.Name)
			}
		}
	}
}

// autoscaleRule is one autoscale rule written out: an average of the metric
// compared with the threshold, one instance more or less.
func autoscaleRule(metric, namespace, uri, op string, threshold float64, aggregation, grain, window, direction, cooldown string) any {
	return map[string]any{
		"metricTrigger": map[string]any{
			"metricName": metric, "metricNamespace": namespace, "metricResourceUri": uri,
			"operator": op, "threshold": threshold, "statistic": "Average", "timeAggregation": aggregation,
			"timeGrain": grain, "timeWindow": window,
		},
		"scaleAction": map[string]any{"direction": direction, "type": "ChangeCount", "value": "1", "cooldown": cooldown},
	}
}

// wantWorkerRules are the worker's autoscale rules, written out: CPU per
// minute as the fast signal both ways, the account's hourly queue depth as
// the backlog signal for scale-out.
func wantWorkerRules(planID, queueServiceID string) []any {
	rule := autoscaleRule
	const plan, queues = "microsoft.web/serverfarms", "Microsoft.Storage/storageAccounts/queueServices"
	return []any{
		rule("CpuPercentage", plan, planID, "GreaterThan", 70, "Average", "PT1M", "PT10M", "Increase", "PT5M"),
		rule("QueueMessageCount", queues, queueServiceID, "GreaterThan", 1000, "Last", "PT1H", "PT3H", "Increase", "PT10M"),
		// Scale-in on CPU alone: the queue metric is hourly at best
		// (refreshed daily), and a scale-in rule without data in its window
		// would block every scale-in.
		rule("CpuPercentage", plan, planID, "LessThan", 30, "Average", "PT1M", "PT15M", "Decrease", "PT10M"),
	}
}

// checkWorkerScale asserts the worker plan's size and zone spread, and its
// autoscale setting: on the worker plan, between the bounds, on the plan's
// CPU and the core account's queue depth.
func checkWorkerScale(t *testing.T, res *inventory.Result, zoneRedundant bool, minimum, maximum int) {
	t.Helper()
	plan := one(t, res, inventory.ServicePlan, "core-worker-plan")
	assert.Equal(t, zoneRedundant, plan.Input("zoneBalancingEnabled"))
	assert.Equal(t, float64(minimum), plan.Input("workerCount"))
	if minimum == maximum {
		assert.Empty(t, res.Find(inventory.AutoscaleSetting, "core-worker-autoscale"), "nothing to scale between equal bounds")
		assert.NotContains(t, plan.IgnoreChanges, "workerCount", "the plan owns its instance count")
		return
	}
	assert.Contains(t, plan.IgnoreChanges, "workerCount", "autoscale owns the instance count")
	as := one(t, res, inventory.AutoscaleSetting, "core-worker-autoscale")
	hasInputs(t, as, map[string]any{"targetResourceUri": plan.Output("id"), "enabled": true})
	assert.Equal(t, plan.URN, as.Parent)
	profiles := as.Input("profiles").([]any)
	require.Len(t, profiles, 1)
	p := profiles[0].(map[string]any)
	assert.Equal(t, "default", p["name"])
	assert.Equal(t, map[string]any{"minimum": strconv.Itoa(minimum), "maximum": strconv.Itoa(maximum), "default": strconv.Itoa(minimum)}, p["capacity"])

	account := one(t, res, inventory.StorageAccount, "core-st").Output("id").(string)
	queueService := account + "/queueServices/default"
	assert.Equal(t, wantWorkerRules(plan.Output("id").(string), queueService), p["rules"])

	diag := one(t, res, inventory.DiagnosticSetting, "core-worker-autoscale-diag")
	hasInputs(t, diag, map[string]any{"resourceUri": as.Output("id"), "workspaceId": one(t, res, inventory.LogAnalyticsWorkspace, "core-log").Output("id")})
	assert.NotNil(t, diag.Input("logs"), "the autoscale setting sends its scale actions")
}

// TestWorkerPlanAndScale: prod's worker runs on two zone-redundant
// instances and autoscales up to six on CPU and queue depth; dev's runs on
// one instance in one zone and never scales.
func TestWorkerPlanAndScale(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	prodCore, _ := runCore(t, "prod", nil)
	checkWorkerScale(t, prodCore, true, 2, 6)
	assert.Equal(t, "mas-worker-ecommerce-prod-weu", one(t, prodCore, inventory.AutoscaleSetting, "core-worker-autoscale").Input("autoscaleSettingName"))
	devCore, _ := runCore(t, "dev", map[string]string{"workerSharesAppPlan": "false"}) // dev shares the portals' by default
	checkWorkerScale(t, devCore, false, 1, 1)

	// The bounds come from config: equal bounds turn autoscale off even in
	// prod, a wider range is carried as it is.
	fixed, _ := runCore(t, "prod", map[string]string{"workerMinInstances": "3", "workerMaxInstances": "3"})
	checkWorkerScale(t, fixed, true, 3, 3)
	wide, _ := runCore(t, "prod", map[string]string{"workerMaxInstances": "12"})
	checkWorkerScale(t, wide, true, 2, 12)
	standard, _ := runCore(t, "dev", map[string]string{"workerSharesAppPlan": "false", "workerPlanSku": "S1", "workerMaxInstances": "4"})
	checkWorkerScale(t, standard, false, 1, 4)
}
