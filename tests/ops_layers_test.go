package tests

// Issue 10 wired into the layers. Which alerts watch which resource (kind,
// scope, metric, role name) is the rule alerts-required's, run on every
// stack (TestPolUntamperedStacks); an alert's values are the blocks' and
// the catalog's (tests/ops_test.go); which alerts a stack has, its pinned
// URNs'. What is left here is wiring: the stack's action group, workspace
// and addresses reach every alert, and the availability tests probe the
// portals' public URLs.

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/plan"
)

// TestOpsAlertsWiredInProgram: in every stack (its edge on) every alert
// of every layer notifies core's action group and every log alert queries
// core's workspace; the group and Defender for SQL e-mail alertEmails; the
// ETL alerts name the pipeline, its failure activity and the factory; and
// only the factory's diagnostics go to resource-specific tables.
func TestOpsAlertsWiredInProgram(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := edgePlan(t, stack), stackConfig(t, stack, nil)
			group := one(t, res, inventory.ActionGroup, "core-ag")
			var told []any
			for _, r := range toAny(group.Input("emailReceivers")) {
				told = append(told, dig(r, "emailAddress"))
			}
			assert.ElementsMatch(t, cfg.Alerts.Emails, told, "the action group e-mails alertEmails")
			for _, d := range res.ByType(inventory.ServerSecurityAlertPolicy) {
				assert.ElementsMatch(t, cfg.Alerts.Emails, toAny(d.Input("emailAddresses")), d.Name)
			}

			notifies := []any{map[string]any{"actionGroupId": group.ID}}
			for _, a := range res.ByType(inventory.MetricAlert) {
				assert.Equal(t, notifies, a.Input("actions"), a.Name)
			}
			for _, a := range res.ByType(inventory.ActivityLogAlert) {
				assert.Equal(t, notifies, a.Input("actions.actionGroups"), a.Name)
			}
			queries := map[string]string{}
			for _, l := range res.ByType(inventory.ScheduledQueryRule) {
				assert.Equal(t, []any{group.ID}, l.Input("actions.actionGroups"), l.Name)
				assert.Equal(t, []any{one(t, res, inventory.LogAnalyticsWorkspace, "core-log").ID}, l.Input("scopes"), l.Name)
				queries[l.Name] = dig(toAny(l.Input("criteria.allOf"))[0], "query").(string)
			}
			factory := one(t, res, inventory.DataFactory, "analytics-adf").ID
			assert.Contains(t, queries["analytics-adf-alert-etl-load-failed"], `PipelineName == "LoadSalesModelChanges" and ActivityName == "FailOnLoadError"`)
			assert.Contains(t, queries["analytics-sqldw-pool-alert-pool-online-after-load"], `"`+factory+`"`)

			for _, d := range res.ByType(inventory.DiagnosticSetting) {
				want := any(nil)
				if d.Name == "analytics-adf-diag" {
					want = "Dedicated"
				}
				assert.Equal(t, want, d.Input("logAnalyticsDestinationType"), d.Name)
			}
		})
	}
}

// TestOpsAvailabilityTests: each portal's availability test probes its
// health path at its public URL: Front Door's with the edge (200 from
// both: the backoffice's health path is excluded from sign-in there), App
// Service's without it, where the backoffice answers Easy Auth's 302 to
// sign-in. It reports to the apps' Application Insights and runs (and is
// billed) only where availabilityTests is on: dev keeps both paused.
func TestOpsAvailabilityTests(t *testing.T) {
	for _, stack := range stacks {
		variants := []map[string]string{nil}
		if edge := withEdge(t, stack); edge != nil {
			variants = append(variants, edge)
		}
		for _, overrides := range variants {
			res, cfg := runApps(t, stack, overrides)
			for w, status := range map[string]float64{"portal": 200, "backoffice": 302} {
				test := one(t, res, inventory.WebTest, "apps-"+w+"-availability")
				host := one(t, res, inventory.LinuxWebApp, "apps-"+w).Output("defaultHostname")
				if cfg.Edge.Enabled {
					host, status = one(t, res, inventory.AFDEndpoint, "apps-edge-"+w+"-fde").Output("hostName"), 200
				}
				assert.Equal(t, "https://"+host.(string)+cfg.Apps.HealthCheckPath, test.Input("request.requestUrl"), "%s %v", stack, overrides)
				assert.Equal(t, status, test.Input("validationRules.expectedHttpStatusCode"), "%s %v %s", stack, overrides, w)
				assert.Equal(t, cfg.Alerts.AvailabilityTests, test.Input("enabled"), "%s %s", stack, w)
				assert.Equal(t, fakeAppInsightsID, one(t, res, inventory.MetricAlert, "apps-"+w+"-availability-alert").Input("criteria.componentId"))
			}
		}
	}
	for _, stack := range stacks {
		billed := 0
		for _, l := range costOf(t, stack, nil).Lines {
			if l.Type == inventory.WebTest {
				billed++
			}
		}
		assert.Equal(t, map[bool]int{true: 2, false: 0}[stackConfig(t, stack, nil).Alerts.AvailabilityTests], billed, "%s: running tests are billed, paused ones are not", stack)
	}
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
	requirePassed(t, code, stderr)
	res := stackPlan(t, "prod")
	n := len(res.ByType(inventory.MetricAlert)) + len(res.ByType(inventory.ScheduledQueryRule)) + len(res.ByType(inventory.ActivityLogAlert))
	assert.Contains(t, stdout, "\nAlerts: "+strconv.Itoa(n)+" rules (severity 0 critical to 4 verbose)\n")
	assert.Contains(t, stdout, "  sev 1  alrt-portal-http-5xx\n      watches apps-portal\n      fires when Total Http5xx > 10 in PT15M, every PT5M\n"+
		"      tells ag-ops-ecommerce-prod-weu (ops@example.com, oncall@example.com)\n")
	assert.Less(t, strings.Index(stdout, "\nAlerts: "), strings.Index(stdout, "\nPolicy baseline: "))
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
