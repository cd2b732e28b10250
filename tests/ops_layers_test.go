package tests

// Issue 10 wired into the layers: each layer alone carries the alerts of
// its own resources, scoped to them, with the catalog's metric, namespace,
// operator and threshold (opsCatalog, written out from AMBA), notifying
// the action group its Foundation names; the whole stacks pass the
// operations policy, send telemetry with Entra only in prod, and refuse a
// bad e-mail address naming the key.

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
)

const (
	opsPublisherRole = "3913510d-42f4-4e42-8a64-420c390055eb" // Monitoring Metrics Publisher
)

// opsAssertMetricAlerts checks the catalog alerts of kind on the resource
// named prefix ("core-st"): alerts <prefix>-alert-<key>, one per rule of
// opsCatalog, scoped to scope, with the rule's metric, namespace, operator,
// threshold, aggregation, severity, frequency and window, auto-mitigating,
// notifying group.
func opsAssertMetricAlerts(t *testing.T, res *inventory.Result, prefix string, kind alerts.Kind, scope, role, group string) {
	t.Helper()
	for _, rule := range opsCatalog[kind] {
		a := one(t, res, inventory.MetricAlert, prefix+"-alert-"+rule.key)
		assert.Equal(t, []any{scope}, a.Input("scopes"), a.Name)
		c := a.Input("criteria.allOf").([]any)[0].(map[string]any)
		assert.Equal(t, rule.metric, c["metricName"], a.Name)
		assert.Equal(t, rule.namespace, c["metricNamespace"], a.Name)
		assert.Equal(t, rule.operator, c["operator"], a.Name)
		assert.Equal(t, rule.threshold, c["threshold"], a.Name)
		assert.Equal(t, rule.aggregation, c["timeAggregation"], a.Name)
		assert.Equal(t, float64(rule.severity), a.Input("severity"), a.Name)
		assert.Equal(t, rule.frequency, a.Input("evaluationFrequency"), a.Name)
		assert.Equal(t, rule.window, a.Input("windowSize"), a.Name)
		assert.Equal(t, true, a.Input("autoMitigate"), a.Name)
		assert.Equal(t, []any{map[string]any{"actionGroupId": group}}, a.Input("actions"), a.Name)
		switch {
		case role != "":
			assert.Equal(t, []any{map[string]any{"name": "cloud/roleName", "operator": "Include", "values": []any{role}}}, c["dimensions"], a.Name)
		case rule.metric == "WebApplicationFirewallRequestCount":
			assert.Equal(t, []any{map[string]any{"name": "Action", "operator": "Include", "values": []any{"Block"}}}, c["dimensions"], a.Name)
		default:
			assert.Nil(t, c["dimensions"], a.Name)
		}
	}
}

func opsID(t *testing.T, res *inventory.Result, typ, name string) string {
	t.Helper()
	return one(t, res, typ, name).Output("id").(string)
}

// TestOpsCoreAlerts: core alone creates the action group and the alerts of
// its storage account, Key Vault, database, worker plan (its own, not one
// shared with the portals) and worker (its
// failures under its role name in Application Insights, its poison-queue
// moves in its logs), Service and Resource Health, and Defender for SQL
// on its server where sqlDefender is on, e-mailing alertEmails.
func TestOpsCoreAlerts(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runCore(t, stack, nil)
			group := opsID(t, res, inventory.ActionGroup, "core-ag")
			var emails []any
			for i, e := range cfg.Alerts.Emails {
				emails = append(emails, map[string]any{"name": "email-" + strconv.Itoa(i+1), "emailAddress": e, "useCommonAlertSchema": true})
			}
			if len(emails) == 0 {
				assert.Nil(t, one(t, res, inventory.ActionGroup, "core-ag").Input("emailReceivers"), "dev: nobody is e-mailed")
			} else {
				assert.Equal(t, emails, one(t, res, inventory.ActionGroup, "core-ag").Input("emailReceivers"))
			}

			opsAssertMetricAlerts(t, res, "core-st", alerts.StorageAccount, opsID(t, res, inventory.StorageAccount, "core-st"), "", group)
			opsAssertMetricAlerts(t, res, "core-kv", alerts.KeyVault, opsID(t, res, inventory.KeyVault, "core-kv"), "", group)
			opsAssertMetricAlerts(t, res, "core-sqldb", alerts.SQLDatabase, opsID(t, res, inventory.SQLDatabase, "core-sqldb"), "", group)
			if cfg.Worker.SharesAppPlan {
				// The portals' plan is the apps layer's to watch.
				assert.Empty(t, res.Find(inventory.MetricAlert, "core-worker-plan-alert-cpu"), "no core alert on a shared plan")
			} else {
				opsAssertMetricAlerts(t, res, "core-worker-plan", alerts.AppServicePlan, opsID(t, res, inventory.ServicePlan, "core-worker-plan"), "", group)
			}
			worker := one(t, res, inventory.LinuxFunctionApp, "core-worker")
			opsAssertMetricAlerts(t, res, "core-worker", alerts.FunctionApp, opsID(t, res, inventory.AppInsights, "core-appi"), worker.Input("name").(string), group)

			poison := one(t, res, inventory.ScheduledQueryRule, "core-worker-alert-poison-queue-move")
			assert.Equal(t, []any{opsID(t, res, inventory.LogAnalyticsWorkspace, "core-log")}, poison.Input("scopes"))
			assert.Contains(t, poison.Input("criteria.allOf").([]any)[0].(map[string]any)["query"], `"`+worker.Output("id").(string)+`"`)
			assert.Equal(t, []any{group}, poison.Input("actions.actionGroups"))

			for _, h := range []string{"core-health-service-health", "core-health-resource-health"} {
				assert.Equal(t, []any{map[string]any{"actionGroupId": group}}, one(t, res, inventory.ActivityLogAlert, h).Input("actions.actionGroups"), h)
			}
			defender := res.Find(inventory.ServerSecurityAlertPolicy, "core-sql-defender")
			if !cfg.SQL.Defender {
				assert.Empty(t, defender, "sqlDefender is off")
				return
			}
			require.Len(t, defender, 1)
			assert.Equal(t, one(t, res, inventory.SQLServer, "core-sql").Input("serverName"), defender[0].Input("serverName"))
			assert.Equal(t, "Enabled", defender[0].Input("state"))
			var want []any
			for _, e := range cfg.Alerts.Emails {
				want = append(want, e)
			}
			assert.Equal(t, want, defender[0].Input("emailAddresses"))
		})
	}
}

// TestOpsAppsAlerts: the apps layer alone alerts on its plan and both
// portals, notifying the fake action group, and tests each portal's public
// URL: Front Door's with the edge (200 from both: the backoffice's health
// path is excluded from sign-in there), App Service's without it, where
// the backoffice answers Easy Auth's 302 to sign-in.
func TestOpsAppsAlerts(t *testing.T) {
	for _, tc := range []struct {
		stack     string
		overrides map[string]string
	}{{"dev", nil}, {"prod", nil}, {"dev", map[string]string{"frontDoor": "false"}}} {
		res, cfg := runApps(t, tc.stack, tc.overrides)
		opsAssertMetricAlerts(t, res, "apps-app-plan", alerts.AppServicePlan, opsID(t, res, inventory.ServicePlan, "apps-plan"), "", fakeActionGroup)
		for _, w := range []string{"portal", "backoffice"} {
			opsAssertMetricAlerts(t, res, "apps-"+w, alerts.WebApp, opsID(t, res, inventory.LinuxWebApp, "apps-"+w), "", fakeActionGroup)
			test := one(t, res, inventory.WebTest, "apps-"+w+"-availability")
			url, status := test.Input("request.requestUrl").(string), test.Input("validationRules.expectedHttpStatusCode")
			if cfg.Edge.Enabled {
				assert.Contains(t, url, ".azurefd.net"+cfg.Apps.HealthCheckPath, tc.stack)
				assert.Equal(t, 200.0, status, tc.stack+" "+w)
			} else {
				assert.Equal(t, "https://"+one(t, res, inventory.LinuxWebApp, "apps-"+w).Output("defaultHostname").(string)+cfg.Apps.HealthCheckPath, url)
				assert.Equal(t, map[string]float64{"portal": 200, "backoffice": 302}[w], status, "without an edge "+w)
			}
			assert.Equal(t, "Resource", test.Input("tags").(map[string]any)["hidden-link:"+fakeAppInsightsID])
			alert := one(t, res, inventory.MetricAlert, "apps-"+w+"-availability-alert")
			assert.Equal(t, []any{map[string]any{"actionGroupId": fakeActionGroup}}, alert.Input("actions"))
			assert.Equal(t, fakeAppInsightsID, alert.Input("criteria.componentId"))
		}
		// Telemetry with each identity (the setting on every app and slot):
		// TestContractTelemetryWithIdentity.
		// Front Door, where there is one: origin health, 5xx share, WAF blocks.
		edge := 0
		if cfg.Edge.Enabled {
			edge = 3
			profile := opsID(t, res, inventory.FrontDoorProfile, "apps-edge-afd")
			opsAssertMetricAlerts(t, res, "apps-edge", alerts.FrontDoor, profile, "", fakeActionGroup)
		}
		// Slots carry no alerts of their own: staging serves no customer.
		assert.Len(t, res.ByType(inventory.MetricAlert), 2+2*3+2+edge)
	}
}

// TestOpsAnalyticsAlerts: the analytics layer alone alerts on the pool,
// the factory and the staging account, has the FailOnLoadError and
// pool-online log alerts naming the factory (and pool), sends the
// factory's logs to resource-specific tables, and turns Defender on for
// the warehouse server where sqlDefender is on.
func TestOpsAnalyticsAlerts(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runAnalytics(t, stack, nil)
			pool, factory := opsID(t, res, inventory.SQLDatabase, "analytics-sqldw-pool"), opsID(t, res, inventory.DataFactory, "analytics-adf")
			opsAssertMetricAlerts(t, res, "analytics-sqldw-pool", alerts.SQLPool, pool, "", fakeActionGroup)
			opsAssertMetricAlerts(t, res, "analytics-adf", alerts.DataFactory, factory, "", fakeActionGroup)
			opsAssertMetricAlerts(t, res, "analytics-st-staging", alerts.StorageAccount, opsID(t, res, inventory.StorageAccount, "analytics-st"), "", fakeActionGroup)

			query := func(name string) string {
				l := one(t, res, inventory.ScheduledQueryRule, name)
				assert.Equal(t, []any{fakeWorkspace}, l.Input("scopes"), name)
				assert.Equal(t, []any{fakeActionGroup}, l.Input("actions.actionGroups"), name)
				return l.Input("criteria.allOf").([]any)[0].(map[string]any)["query"].(string)
			}
			load := query("analytics-adf-alert-etl-load-failed")
			assert.Contains(t, load, `"`+factory+`"`)
			assert.Contains(t, load, `ActivityName == "FailOnLoadError"`)
			online := query("analytics-sqldw-pool-alert-pool-online-after-load")
			assert.Contains(t, online, `"`+factory+`"`)
			assert.Contains(t, online, `"`+pool+`"`)
			assert.Contains(t, online, "lastEnd + 30m")

			// Only the factory's setting names a destination type.
			for _, d := range res.ByType(inventory.DiagnosticSetting) {
				want := any(nil)
				if d.Name == "analytics-adf-diag" {
					want = "Dedicated"
				}
				assert.Equal(t, want, d.Input("logAnalyticsDestinationType"), d.Name)
			}
			defender := res.Find(inventory.ServerSecurityAlertPolicy, "analytics-sqldw-defender")
			if !cfg.SQL.Defender {
				assert.Empty(t, defender)
				return
			}
			require.Len(t, defender, 1)
			assert.Equal(t, one(t, res, inventory.SQLServer, "analytics-sqldw").Input("serverName"), defender[0].Input("serverName"))
			assert.Len(t, defender[0].Input("emailAddresses"), len(cfg.Alerts.Emails))
		})
	}
}

// TestOpsStacks: prod's Application
// Insights refuses local auth (dev keeps it, as its config says), and every
// identity that sends telemetry (web apps, slots, worker) holds Monitoring
// Metrics Publisher on it and uses it.
func TestOpsStacks(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			appi := one(t, res, inventory.AppInsights, "core-appi")
			assert.Equal(t, !stackConfig(t, stack, nil).Monitoring.AppInsightsLocalAuth, appi.Input("disableLocalAuth"))
			holders := map[string]bool{}
			for _, ra := range res.ByType(inventory.RoleAssignment) {
				if ra.Input("scope") == appi.Output("id") && strings.HasSuffix(ra.Input("roleDefinitionId").(string), "/"+opsPublisherRole) {
					holders[ra.Input("principalId").(string)] = true
				}
			}
			sites := 0
			for _, typ := range []string{inventory.LinuxWebApp, inventory.LinuxWebAppSlot, inventory.LinuxFunctionApp} {
				for _, s := range res.ByType(typ) {
					sites++
					assert.True(t, holders[s.Output("identity.principalId").(string)], "%s holds Monitoring Metrics Publisher", s.Name)
				}
			}
			assert.Equal(t, portalSites(t, stack)+1, sites, "the portal sites and the worker")
			assert.Len(t, holders, sites)
		})
	}
}

// TestOpsInvalidEmailRefused: a bad address in alertEmails stops the
// program before anything is registered, naming the key.
func TestOpsInvalidEmailRefused(t *testing.T) {
	_, err := mockcloud.Run(stackOptions(t, "dev", map[string]string{"alertEmails": `["ops@example.com", "not-an-address"]`}), wholeProgram(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ecommerce:alertEmails")
}

// TestOpsPlanSecureWebhook: a webhook URL set as a secret plans (its
// placeholder is an https URL, which the key's validation accepts), never
// shows, and the Alerts section says a webhook is told.
func TestOpsPlanSecureWebhook(t *testing.T) {
	dir := stackDir(t, map[string]any{"ecommerce:alertWebhookUrl": map[string]any{"secure": "v1:b64ciphertext=="}})
	code, stdout, stderr := runPlan(t, "--stack", "bad", "--dir", dir)
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.NotContains(t, stdout, plan.SecretPlaceholder)
	assert.Contains(t, stdout, "tells ag-ops-ecommerce-bad-neu (1 webhook(s) (URL secret))")

	code, stdout, stderr = runPlan(t, "--stack", "bad", "--dir", dir, "--format", "json")
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.NotContains(t, stdout, plan.SecretPlaceholder)
	var doc plan.Document
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	for _, r := range doc.Resources {
		if r.Type == inventory.ActionGroup {
			hooks := r.Inputs["webhookReceivers"].([]any)
			assert.Equal(t, "[secret]", hooks[0].(map[string]any)["serviceUri"])
		}
	}
}

// TestOpsPlanAlertsSection: the text plan lists every alert with what it
// watches, its threshold, severity and who is told.
func TestOpsPlanAlertsSection(t *testing.T) {
	code, stdout, stderr := runPlan(t, "--stack", "prod", "--dir", repoRoot)
	require.Equal(t, plan.ExitOK, code, stderr)
	res := stackPlan(t, "prod")
	n := len(res.ByType(inventory.MetricAlert)) + len(res.ByType(inventory.ScheduledQueryRule)) + len(res.ByType(inventory.ActivityLogAlert))
	assert.Contains(t, stdout, "\nAlerts: "+strconv.Itoa(n)+" rules (severity 0 critical to 4 verbose)\n")
	assert.Contains(t, stdout, "  sev 1  alrt-portal-http-5xx\n      watches apps-portal\n      fires when Total Http5xx > 10 in PT15M, every PT5M\n"+
		"      tells ag-ops-ecommerce-prod-weu (ops@example.com, oncall@example.com)\n")
	assert.Less(t, strings.Index(stdout, "\nAlerts: "), strings.Index(stdout, "\nPolicy baseline: "))
}

// TestOpsAvailabilityTestsPausedInDev: dev keeps both availability tests
// and their alerts, paused (availabilityTests: false), so they bill
// nothing; prod runs them.
func TestOpsAvailabilityTestsPausedInDev(t *testing.T) {
	for stack, running := range map[string]bool{"dev": false, "prod": true} {
		res := stackPlan(t, stack)
		tests := res.ByType(inventory.WebTest)
		require.Len(t, tests, 2, stack)
		for _, w := range tests {
			assert.Equal(t, running, w.Input("enabled"), "%s %s", stack, w.Name)
			assert.Len(t, res.Find(inventory.MetricAlert, w.Name+"-alert"), 1, "%s %s keeps its alert", stack, w.Name)
		}
		billed := 0
		for _, l := range costOf(t, stack, nil).Lines {
			if l.Type == inventory.WebTest {
				billed++
			}
		}
		assert.Equal(t, map[bool]int{true: 2, false: 0}[running], billed, "%s: running tests are billed, paused ones are not", stack)
	}
}

// TestOpsHealthWorkbookWiring: the program creates the platform health
// workbook in its own component once the layers it charts exist, keeping the
// URN it had under core, and charts this stack's portals, worker and factory.
func TestOpsHealthWorkbookWiring(t *testing.T) {
	for _, stack := range stacks {
		res := stackPlan(t, stack)
		wb := one(t, res, inventory.Workbook, "core-workbook")
		owner, ok := res.ByURN(wb.Parent)
		require.True(t, ok, stack)
		assert.Equal(t, "ecommerce:core:HealthWorkbook", owner.Type, stack)
		assert.Contains(t, wb.Aliases, "urn:pulumi:"+stack+"::ecommerce::ecommerce:core:Core$azure-native:insights:Workbook::core-workbook", stack)
		data := wb.Input("serializedData").(string)
		for _, charted := range []inventory.Resource{
			one(t, res, inventory.LinuxWebApp, "apps-portal"),
			one(t, res, inventory.LinuxWebApp, "apps-backoffice"),
			one(t, res, inventory.LinuxFunctionApp, "core-worker"),
			one(t, res, inventory.DataFactory, "analytics-adf"),
		} {
			assert.Contains(t, data, charted.ID, "%s: %s charted", stack, charted.Name)
		}
	}
}
