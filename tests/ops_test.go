package tests

// The issue-10 building blocks, each run alone under the mock engine: the
// action group, metric and log alerts from the catalog, the availability
// test, the Service and Resource Health alerts and the workbook. Azure's
// contracts (metric names, namespaces, operators, enum values, test
// location ids) are written out here as literals from Microsoft's and
// AMBA's documentation, so that a wrong value in the catalog fails.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/workbook"
)

// Types the helpers create.
const (
	opsRG           = "rg-shop-dev"
	opsSubscription = mockcloud.SubscriptionID
)

// opsOptions are a stack's cross-cutting options, as the layers get them.
func opsOptions(location string) baseline.Options {
	return baseline.Options{
		Location: location, Tags: map[string]string{"project": "ecommerce", "environment": "dev"},
		SubscriptionID: opsSubscription, TenantID: mockcloud.TenantID,
	}
}

// opsWithGroup runs program in West Europe (runOK) with the action group
// "ag" its alerts notify.
func opsWithGroup(t *testing.T, program func(ctx *pulumi.Context, o baseline.Options, group pulumi.StringOutput) error) *inventory.Result {
	t.Helper()
	return runOK(t, func(ctx *pulumi.Context) error {
		o := opsOptions("westeurope")
		g, err := o.ActionGroup(ctx, "ag", baseline.ActionGroupArgs{
			ResourceGroupName: pulumi.String(opsRG), GroupName: "ag-shop-dev", ShortName: "shop-dev", Emails: []string{"ops@example.com"},
		})
		if err != nil {
			return err
		}
		return program(ctx, o, g.ID().ToStringOutput())
	})
}

func TestOpsActionGroup(t *testing.T) {
	res := runOK(t, func(ctx *pulumi.Context) error {
		o := opsOptions("westeurope")
		if _, err := o.ActionGroup(ctx, "with-webhook", baseline.ActionGroupArgs{
			ResourceGroupName: pulumi.String(opsRG), GroupName: "ag-shop-prod", ShortName: "shop-prod",
			Emails:  []string{"ops@example.com", "oncall@example.com"},
			Webhook: pulumi.String("https://hooks.example.com/services/T1/B2/secret-token"),
		}); err != nil {
			return err
		}
		return errOf(o.ActionGroup(ctx, "nobody", baseline.ActionGroupArgs{ResourceGroupName: pulumi.String(opsRG), GroupName: "ag-shop-dev", ShortName: "shop-dev"}))
	})
	g := one(t, res, inventory.ActionGroup, "with-webhook")
	hasInputs(t, g, map[string]any{ // action groups are global
		"actionGroupName": "ag-shop-prod", "location": "Global", "groupShortName": "shop-prod", "enabled": true,
		"emailReceivers": []any{
			map[string]any{"name": "email-1", "emailAddress": "ops@example.com", "useCommonAlertSchema": true},
			map[string]any{"name": "email-2", "emailAddress": "oncall@example.com", "useCommonAlertSchema": true},
		},
	})
	hooks, _ := g.Input("webhookReceivers").([]any)
	require.Len(t, hooks, 1)
	hasKeys(t, hooks[0], map[string]any{"serviceUri": "https://hooks.example.com/services/T1/B2/secret-token", "useCommonAlertSchema": true}, "webhook")
	// The URL carries a credential: it stays a secret in state, so the
	// plan's redacted inputs never show it.
	redacted, err := json.Marshal(inventory.Redacted(resource.NewObjectProperty(g.Inputs)))
	require.NoError(t, err)
	assert.NotContains(t, string(redacted), "secret-token")
	assert.Contains(t, string(redacted), "ops@example.com", "only the secret is redacted")
	assert.Equal(t, "ecommerce", g.Input("tags.project"))

	// dev: no address, no webhook, the group still exists for the alerts.
	n := one(t, res, inventory.ActionGroup, "nobody")
	assert.Nil(t, n.Input("emailReceivers"))
	assert.Nil(t, n.Input("webhookReceivers"))
}

// opsRule is a catalog rule written out from AMBA's page (or the shop's
// choice where AMBA has none): metric, namespace, operator, threshold,
// aggregation, severity, frequency, window.
type opsRule struct {
	key, metric, namespace, operator string
	threshold                        float64
	aggregation                      string
	severity                         int
	frequency, window                string
}

// opsSQLDatabase are a SQL database's rules.
var opsSQLDatabase = []opsRule{
	{"cpu", "sql_instance_cpu_percent", "Microsoft.Sql/servers/databases", "GreaterThan", 70, "Average", 3, "PT5M", "PT15M"},
	{"storage", "storage_percent", "Microsoft.Sql/servers/databases", "GreaterThan", 90, "Average", 3, "PT1M", "PT5M"},
	{"deadlocks", "deadlock", "Microsoft.Sql/servers/databases", "GreaterThan", 1, "Total", 3, "PT1M", "PT5M"},
	{"failed-connections", "connection_failed", "Microsoft.Sql/servers/databases", "GreaterThan", 5, "Total", 3, "PT1M", "PT5M"},
}

// opsCatalog pins every metric alert per kind, with the default tuning.
var opsCatalog = map[alerts.Kind][]opsRule{
	alerts.WebApp: {
		{"http-5xx", "Http5xx", "Microsoft.Web/sites", "GreaterThan", 10, "Total", 1, "PT5M", "PT15M"},
		{"response-time", "HttpResponseTime", "Microsoft.Web/sites", "GreaterThan", 5, "Average", 1, "PT15M", "PT30M"},
		{"health-check", "HealthCheckStatus", "Microsoft.Web/sites", "LessThan", 100, "Average", 3, "PT1M", "PT5M"},
	},
	alerts.AppServicePlan: {
		{"cpu", "CpuPercentage", "Microsoft.Web/serverFarms", "GreaterThan", 90, "Average", 3, "PT1M", "PT5M"},
		{"memory", "MemoryPercentage", "Microsoft.Web/serverFarms", "GreaterThan", 90, "Average", 3, "PT1M", "PT5M"},
	},
	alerts.FunctionApp: {
		{"failures", "requests/failed", "microsoft.insights/components", "GreaterThan", 5, "Count", 2, "PT5M", "PT15M"},
	},
	alerts.SQLDatabase: opsSQLDatabase,
	// Both sides of a failover group: the database's rules and, from
	// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-sql-servers-databases-metrics,
	// replication lag (seconds behind the primary, reported by the primary).
	alerts.SQLReplicated: append(slices.Clip(opsSQLDatabase),
		opsRule{"replication-lag", "replication_lag_seconds", "Microsoft.Sql/servers/databases", "GreaterThan", 60, "Maximum", 2, "PT1M", "PT5M"}),
	alerts.SQLPool: {
		{"dwu", "dwu_consumption_percent", "Microsoft.Sql/servers/databases", "GreaterThan", 95, "Maximum", 3, "PT1M", "PT5M"},
		{"memory", "memory_usage_percent", "Microsoft.Sql/servers/databases", "GreaterThan", 90, "Maximum", 2, "PT1M", "PT5M"},
		{"cpu", "cpu_percent", "Microsoft.Sql/servers/databases", "GreaterThan", 90, "Average", 3, "PT1M", "PT5M"},
		{"tempdb", "local_tempdb_usage_percent", "Microsoft.Sql/servers/databases", "GreaterThan", 90, "Average", 3, "PT1M", "PT5M"},
	},
	alerts.StorageAccount: {
		{"availability", "Availability", "Microsoft.Storage/storageAccounts", "LessThan", 100, "Average", 1, "PT1M", "PT1M"},
		{"e2e-latency", "SuccessE2ELatency", "Microsoft.Storage/storageAccounts", "GreaterThan", 1000, "Average", 3, "PT1M", "PT5M"},
	},
	alerts.KeyVault: {
		{"availability", "Availability", "Microsoft.KeyVault/vaults", "LessThan", 90, "Average", 1, "PT1M", "PT5M"},
		{"saturation", "SaturationShoebox", "Microsoft.KeyVault/vaults", "GreaterThan", 75, "Average", 1, "PT1M", "PT5M"},
		{"latency", "ServiceApiLatency", "Microsoft.KeyVault/vaults", "GreaterThan", 1000, "Average", 3, "PT5M", "PT5M"},
	},
	alerts.DataFactory: {
		{"failed-pipelines", "PipelineFailedRuns", "Microsoft.DataFactory/factories", "GreaterThan", 0, "Total", 1, "PT1M", "PT5M"},
		{"failed-activities", "ActivityFailedRuns", "Microsoft.DataFactory/factories", "GreaterThan", 0, "Total", 1, "PT1M", "PT5M"},
		{"failed-triggers", "TriggerFailedRuns", "Microsoft.DataFactory/factories", "GreaterThan", 0, "Total", 1, "PT1M", "PT5M"},
	},
	alerts.FrontDoor: {
		{"origin-health", "OriginHealthPercentage", "Microsoft.Cdn/profiles", "LessThan", 95, "Average", 2, "PT5M", "PT15M"},
		{"5xx", "Percentage5XX", "Microsoft.Cdn/profiles", "GreaterThan", 10, "Average", 2, "PT5M", "PT5M"},
		{"waf-blocks", "WebApplicationFirewallRequestCount", "Microsoft.Cdn/profiles", "GreaterThan", 100, "Total", 2, "PT5M", "PT5M"},
	},
}

// TestOpsCatalogIsPinned: every kind's rules are the literal table above,
// every rule cites its source, and the tuning keys move only their rule.
func TestOpsCatalogIsPinned(t *testing.T) {
	require.Len(t, alerts.Kinds, len(opsCatalog))
	for _, k := range alerts.Kinds {
		var got []opsRule
		for _, m := range alerts.Metrics(k, alerts.DefaultTuning) {
			got = append(got, opsRule{m.Key, m.Metric, m.Namespace, string(m.Operator), m.Threshold, string(m.Aggregation), m.Severity, m.Frequency, m.Window})
			assert.Emptyf(t, m.Check(), "%s/%s", k, m.Key)
			assert.NotEmptyf(t, m.Source, "%s/%s cites no source", k, m.Key)
			if strings.HasPrefix(m.Source, "https://") {
				assert.Containsf(t, m.Source, "https://azure.github.io/azure-monitor-baseline-alerts/services/", "%s/%s", k, m.Key)
			}
		}
		assert.Equalf(t, opsCatalog[k], got, "%s", k)
	}
	tuned := alerts.Tuning{ResponseTimeSeconds: 2, HTTP5xxCount: 50, PoolOnlineMinutes: 90}
	web := alerts.Metrics(alerts.WebApp, tuned)
	assert.Equal(t, 50.0, web[0].Threshold)
	assert.Equal(t, 2.0, web[1].Threshold)
	assert.Equal(t, 100.0, web[2].Threshold, "health check is not tunable")
	assert.Contains(t, alerts.PoolOnlineAfterLoad("LoadSalesModel", 90).Query, "lastEnd + 90m")
	assert.Equal(t, map[alerts.Kind][]string{
		alerts.FunctionApp: {"poison-queue-move"}, alerts.DataFactory: {"etl-load-failed"}, alerts.SQLPool: {"pool-online-after-load"},
	}, alerts.LogKeys)
}

// opsAMBAFrontDoor is what AMBA lists for Microsoft.Cdn/profiles at the
// commit the catalog cites (b772e9f, services/Cdn/profiles/alerts.yaml of
// github.com/Azure/azure-monitor-baseline-alerts, rendered at
// https://azure.github.io/azure-monitor-baseline-alerts/services/Cdn/profiles/):
// operator, threshold, severity, window, and the one dimension filter.
var opsAMBAFrontDoor = map[string]struct {
	operator  string
	threshold float64
	severity  int
	window    string
	filter    string
}{
	"ByteHitRatio":           {"LessThan", 90, 2, "PT30M", ""},
	"OriginHealthPercentage": {"LessThanOrEqual", 90, 2, "PT5M", "OriginGroup=render"},
	"TotalLatency":           {"GreaterThan", 100, 2, "PT5M", ""},
	"Percentage5XX":          {"GreaterThan", 10, 2, "PT5M", ""},
	"RequestCount":           {"GreaterThan", 1000, 3, "PT5M", ""},
}

// TestOpsAMBAFrontDoorCitations: a Front Door rule that cites AMBA has
// AMBA's operator, threshold, severity and window and no filter AMBA lacks;
// one that differs (origin health, whose AMBA rule filters on an origin
// group named "render") says it is the shop's own and cites no AMBA page.
// The README states AMBA's RequestCount rule as AMBA has it.
func TestOpsAMBAFrontDoorCitations(t *testing.T) {
	const page = "https://azure.github.io/azure-monitor-baseline-alerts/services/Cdn/profiles/"
	cited := map[string]bool{}
	for _, m := range alerts.Metrics(alerts.FrontDoor, alerts.DefaultTuning) {
		amba, listed := opsAMBAFrontDoor[m.Metric]
		filter := ""
		if m.Filter != nil {
			filter = m.Filter.Name + "=" + m.Filter.Value
		}
		if !strings.Contains(m.Source, page) {
			assert.NotContainsf(t, m.Source, "azure-monitor-baseline-alerts", "%s cites another AMBA page", m.Key)
			continue
		}
		cited[m.Key] = true
		require.Truef(t, listed, "%s cites AMBA, which lists no %s", m.Key, m.Metric)
		assert.Equal(t, amba.operator, string(m.Operator), m.Key)
		assert.Equal(t, amba.threshold, m.Threshold, m.Key)
		assert.Equal(t, amba.severity, m.Severity, m.Key)
		assert.Equal(t, amba.window, m.Window, m.Key)
		assert.Equal(t, amba.filter, filter, m.Key)
	}
	assert.Equal(t, map[string]bool{"5xx": true}, cited, "the Front Door rules that are AMBA's")

	readme := strings.Join(strings.Fields(readmeText(t)), " ")
	assert.Contains(t, readme, "`RequestCount` (> 1,000 in 5 min at severity 3:")
	assert.Contains(t, readme, "AMBA's `OriginHealthPercentage` rule (<= 90 % over 5 min) filters on an origin group named `render`")
}

// TestOpsMetricAlert runs the helper on every catalog rule and checks each
// input Azure reads, and the wiring to the action group.
func TestOpsMetricAlert(t *testing.T) {
	const scope = "/subscriptions/" + opsSubscription + "/resourceGroups/" + opsRG + "/providers/Microsoft.Web/sites/app-shop-dev"
	const component = "/subscriptions/" + opsSubscription + "/resourceGroups/" + opsRG + "/providers/Microsoft.Insights/components/appi-shop-dev"
	res := opsWithGroup(t, func(ctx *pulumi.Context, o baseline.Options, group pulumi.StringOutput) error {
		for _, k := range alerts.Kinds {
			for _, m := range alerts.Metrics(k, alerts.DefaultTuning) {
				name := strings.ReplaceAll(string(k), " ", "-") + "-" + m.Key
				args := baseline.MetricAlertArgs{ResourceGroupName: pulumi.String(opsRG), RuleName: "alrt-" + name, Rule: m, Scope: pulumi.String(scope), ActionGroup: group}
				if m.Scope == alerts.OnAppInsightsRole {
					args.Scope, args.RoleName = pulumi.String(component), pulumi.String("func-shop-dev")
				}
				if _, err := o.MetricAlert(ctx, name, args); err != nil {
					return err
				}
			}
		}
		return nil
	})
	groupID := one(t, res, inventory.ActionGroup, "ag").ID
	require.NotEmpty(t, groupID)
	total := 0
	for k, rules := range opsCatalog {
		for _, w := range rules {
			total++
			name := strings.ReplaceAll(string(k), " ", "-") + "-" + w.key
			a := one(t, res, inventory.MetricAlert, name)
			hasInputs(t, a, map[string]any{
				"ruleName": "alrt-" + name, "location": "global", "severity": float64(w.severity), "evaluationFrequency": w.frequency,
				"windowSize": w.window, "autoMitigate": true, "enabled": true, "tags.alert-rule": w.key,
				"actions":            []any{map[string]any{"actionGroupId": groupID}},
				"criteria.odataType": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
			})
			assert.NotEmpty(t, a.Input("description"), name)
			crit, _ := a.Input("criteria.allOf").([]any)
			require.Len(t, crit, 1, name)
			c := crit[0].(map[string]any)
			hasKeys(t, c, map[string]any{"criterionType": "StaticThresholdCriterion", "metricName": w.metric, "metricNamespace": w.namespace,
				"operator": w.operator, "threshold": w.threshold, "timeAggregation": w.aggregation}, name)
			if w.namespace == "microsoft.insights/components" {
				assert.Equal(t, []any{component}, a.Input("scopes"), name)
				assert.Equal(t, []any{map[string]any{"name": "cloud/roleName", "operator": "Include", "values": []any{"func-shop-dev"}}}, c["dimensions"], name)
			} else if w.metric == "WebApplicationFirewallRequestCount" {
				// Blocked requests only: the metric's Action dimension.
				assert.Equal(t, []any{scope}, a.Input("scopes"), name)
				assert.Equal(t, []any{map[string]any{"name": "Action", "operator": "Include", "values": []any{"Block"}}}, c["dimensions"], name)
			} else {
				assert.Equal(t, []any{scope}, a.Input("scopes"), name)
				assert.Nil(t, c["dimensions"], name)
			}
		}
	}
	assert.Len(t, res.ByType(inventory.MetricAlert), total)
}

// TestOpsHelpersRefuseIncompleteArgs: each helper names every missing or
// invalid field at once, and registers nothing.
func TestOpsHelpersRefuseIncompleteArgs(t *testing.T) {
	poison := alerts.PoisonQueueMoves()
	webApp := alerts.Metrics(alerts.WebApp, alerts.DefaultTuning)[0]
	worker := alerts.Metrics(alerts.FunctionApp, alerts.DefaultTuning)[0]
	broken := webApp
	broken.Metric, broken.Severity, broken.Window = "", 5, "5 minutes"
	rg, id := pulumi.String(opsRG), pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app")
	cases := []struct {
		name string
		call func(ctx *pulumi.Context, o baseline.Options) error
		want string
	}{
		{"action group", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.ActionGroup(ctx, "ag", baseline.ActionGroupArgs{ShortName: "a-name-too-long", Emails: []string{"ops@example.com", "Ops <ops@example.com>", "ops"}}))
		}, `ag: missing required inputs: GroupName, ResourceGroupName; ShortName "a-name-too-long" must be 1-12 characters; ` +
			`Emails[1] "Ops <ops@example.com>" is not an e-mail address; Emails[2] "ops" is not an e-mail address`},
		{"metric alert without action group", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.MetricAlert(ctx, "a", baseline.MetricAlertArgs{ResourceGroupName: rg, RuleName: "alrt", Rule: webApp, Scope: id}))
		}, "a: missing required inputs: ActionGroup"},
		{"metric alert with a broken rule", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.MetricAlert(ctx, "a", baseline.MetricAlertArgs{Rule: broken}))
		}, `a: missing required inputs: ActionGroup, ResourceGroupName, RuleName, Scope; ` +
			`Metric is empty; Severity 5 is not 0-4; Window "5 minutes" is not an ISO 8601 duration such as PT15M`},
		{"role-scoped metric alert without role", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.MetricAlert(ctx, "a", baseline.MetricAlertArgs{ResourceGroupName: rg, RuleName: "alrt", Rule: worker, Scope: id, ActionGroup: id}))
		}, "a: RoleName is required for a rule scoped to Application Insights"},
		{"log alert", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.LogAlert(ctx, "l", baseline.LogAlertArgs{ResourceGroupName: rg, RuleName: "alrt", Rule: poison,
				Resources: map[string]pulumi.StringInput{alerts.PlaceholderPool: id}}))
		}, "l: missing required inputs: ActionGroup, Workspace; Resources[{worker}] is required by the query; Resources[{pool}] is not a placeholder of the query"},
		{"availability test", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf2(o.AvailabilityTest(ctx, "w", baseline.AvailabilityTestArgs{ResourceGroupName: rg, TestName: "t", AlertName: "a", URL: id,
				Locations: []string{"emea-nl-ams-azr", "emea-nl-ams-azr", "emea-gb-db3-azr"}, ExpectedStatus: 42}))
		}, `w: missing required inputs: ActionGroup, AppInsights; Locations has 3 test locations, at least 5 are required; ` +
			`Locations[1] "emea-nl-ams-azr" is listed twice; ExpectedStatus 42 is not an HTTP status`},
		{"service health", func(ctx *pulumi.Context, o baseline.Options) error {
			o.Location, o.SubscriptionID = "atlantis", ""
			return errOf2(o.ServiceHealthAlerts(ctx, "h", baseline.ServiceHealthArgs{ResourceGroupName: rg, ServiceHealthName: "s"}))
		}, `h: missing required inputs: ActionGroup, ResourceHealthName, SubscriptionID; Location "atlantis" has no known Service Health region name`},
		{"SQL threat detection", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.SQLThreatDetection(ctx, "d", baseline.SQLThreatDetectionArgs{Emails: []string{"ops@example"}}))
		}, `d: missing required inputs: ResourceGroupName, ServerName; Emails[0] "ops@example" is not an e-mail address`},
		{"workbook", func(ctx *pulumi.Context, o baseline.Options) error {
			return errOf(o.Workbook(ctx, "wb", baseline.WorkbookArgs{ResourceGroupName: rg}))
		}, "wb: missing required inputs: DisplayName, SerializedData, Workspace"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runBlock(t, func(ctx *pulumi.Context) error { return tc.call(ctx, opsOptions("westeurope")) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, res.Resources, "nothing is registered before the args are valid")
		})
	}
}

// TestOpsLogAlerts: the shop's three log alerts, on the workspace, with the
// watched resources' ids in their queries, wired to the action group.
func TestOpsLogAlerts(t *testing.T) {
	const (
		workspace = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-shop-dev"
		worker    = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/func-shop-dev"
		factory   = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/adf-shop-dev"
		pool      = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sqldw-shop-dev/databases/sqldp-shop-dev"
	)
	rules := map[string]struct {
		rule      alerts.Log
		ids       map[string]pulumi.StringInput
		contains  []string
		severity  float64
		frequency string
		window    string
	}{
		"poison": {alerts.PoisonQueueMoves(), map[string]pulumi.StringInput{alerts.PlaceholderWorker: pulumi.String(worker)},
			[]string{"FunctionAppLogs", `_ResourceId =~ "` + worker + `"`, `Message startswith "Message has reached MaxDequeueCount"`}, 1, "PT5M", "PT15M"},
		"load": {alerts.LoadFailed("LoadSalesModel", "FailOnLoadError"), map[string]pulumi.StringInput{alerts.PlaceholderFactory: pulumi.String(factory)},
			[]string{"ADFActivityRun", `_ResourceId =~ "` + factory + `"`, `PipelineName == "LoadSalesModel"`, `ActivityName == "FailOnLoadError"`, `Status == "Failed"`}, 1, "PT5M", "PT15M"},
		"pool": {alerts.PoolOnlineAfterLoad("LoadSalesModel", 30), map[string]pulumi.StringInput{alerts.PlaceholderFactory: pulumi.String(factory), alerts.PlaceholderPool: pulumi.String(pool)},
			[]string{"ADFPipelineRun", "AzureMetrics", `_ResourceId =~ "` + pool + `"`, `_ResourceId =~ "` + factory + `"`, `MetricName == "cpu_percent"`, "lastEnd + 30m"}, 2, "PT15M", "PT6H"},
	}
	res := opsWithGroup(t, func(ctx *pulumi.Context, o baseline.Options, group pulumi.StringOutput) error {
		for name, r := range rules {
			if _, err := o.LogAlert(ctx, name, baseline.LogAlertArgs{ResourceGroupName: pulumi.String(opsRG), RuleName: "alrt-" + name, Rule: r.rule,
				Workspace: pulumi.String(workspace), Resources: r.ids, ActionGroup: group}); err != nil {
				return err
			}
		}
		return nil
	})
	groupID := one(t, res, inventory.ActionGroup, "ag").ID
	for name, r := range rules {
		a := one(t, res, inventory.ScheduledQueryRule, name)
		hasInputs(t, a, map[string]any{ // a log alert lives in its workspace's region
			"kind": "LogAlert", "location": "westeurope", "scopes": []any{workspace}, "severity": r.severity,
			"evaluationFrequency": r.frequency, "windowSize": r.window, "autoMitigate": true,
			"actions.actionGroups": []any{groupID}, "tags.alert-rule": r.rule.Key,
		})
		crit, _ := a.Input("criteria.allOf").([]any)
		require.Len(t, crit, 1)
		c := crit[0].(map[string]any)
		hasKeys(t, c, map[string]any{"timeAggregation": "Count", "operator": "GreaterThan", "threshold": 0.0}, name)
		query, _ := c["query"].(string)
		for _, s := range r.contains {
			assert.Contains(t, query, s, name)
		}
		assert.NotContains(t, query, "{", "%s: every placeholder is filled", name)
	}

	// A value that is no resource id never reaches KQL.
	_, err := alerts.PoisonQueueMoves().Render(map[string]string{alerts.PlaceholderWorker: `x" or true or "`})
	assert.EqualError(t, err, `alert poison-queue-move: {worker} is "x\" or true or \"", not a resource id`)
	_, err = alerts.PoolOnlineAfterLoad("LoadSalesModel", 30).Render(map[string]string{alerts.PlaceholderPool: pool})
	assert.EqualError(t, err, "alert pool-online-after-load: no resource id given for {factory}")
}

// opsEuropeLocations are Application Insights' availability test location
// ids (Microsoft's "Azure Monitor availability tests" population tags) of
// West Europe, North Europe, UK South, UK West and France Central.
var opsEuropeLocations = []any{
	map[string]any{"location": "emea-nl-ams-azr"}, map[string]any{"location": "emea-gb-db3-azr"},
	map[string]any{"location": "emea-ru-msa-edge"}, map[string]any{"location": "emea-se-sto-edge"},
	map[string]any{"location": "emea-fr-pra-edge"},
}

func TestOpsAvailabilityTest(t *testing.T) {
	const component = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/components/appi-shop-dev"
	res := opsWithGroup(t, func(ctx *pulumi.Context, o baseline.Options, group pulumi.StringOutput) error {
		return errOf2(o.AvailabilityTest(ctx, "portal-avail", baseline.AvailabilityTestArgs{
			ResourceGroupName: pulumi.String(opsRG), TestName: "avail-portal-shop-dev", AlertName: "alrt-avail-portal-shop-dev",
			URL: pulumi.String("https://app-portal-shop-dev.azurewebsites.net/healthz"), AppInsights: pulumi.String(component),
			Locations: baseline.EuropeTestLocations, ActionGroup: group,
		}))
	})
	test := one(t, res, inventory.WebTest, "portal-avail")
	tags, _ := test.Input("tags").(map[string]any)
	assert.Equal(t, "Resource", tags["hidden-link:"+component], "Application Insights lists a web test by its hidden-link tag")
	hasInputs(t, test, map[string]any{
		"kind": "standard", "webTestKind": "standard", "webTestName": "avail-portal-shop-dev", "syntheticMonitorId": "avail-portal-shop-dev",
		"location": "westeurope", "locations": opsEuropeLocations, "frequency": 300.0, "retryEnabled": true,
		"request.requestUrl": "https://app-portal-shop-dev.azurewebsites.net/healthz", "request.httpVerb": "GET",
		"validationRules.expectedHttpStatusCode": 200.0, "validationRules.sSLCheck": true,
	})
	// failedLocationCount: the locations minus two, Microsoft's recommendation.
	hasInputs(t, one(t, res, inventory.MetricAlert, "portal-avail-alert"), map[string]any{
		"scopes": []any{test.ID, component}, "criteria.odataType": "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria",
		"criteria.webTestId": test.ID, "criteria.componentId": component, "criteria.failedLocationCount": 3.0, "severity": 1.0,
		"autoMitigate": true, "actions": []any{map[string]any{"actionGroupId": one(t, res, inventory.ActionGroup, "ag").ID}},
	})

	// A URL that is not https fails the run.
	_, err := runBlock(t, func(ctx *pulumi.Context) error {
		return errOf2(opsOptions("westeurope").AvailabilityTest(ctx, "w", baseline.AvailabilityTestArgs{ResourceGroupName: pulumi.String(opsRG),
			TestName: "t", AlertName: "a", URL: pulumi.String("http://app.example.com/healthz"), AppInsights: pulumi.String(component),
			Locations: baseline.EuropeTestLocations, ActionGroup: pulumi.String("ag")}))
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `availability test w: URL "http://app.example.com/healthz" is not an https URL`)
}

func TestOpsServiceHealthAlerts(t *testing.T) {
	res := opsWithGroup(t, func(ctx *pulumi.Context, o baseline.Options, group pulumi.StringOutput) error {
		return errOf2(o.ServiceHealthAlerts(ctx, "health", baseline.ServiceHealthArgs{ResourceGroupName: pulumi.String(opsRG),
			ServiceHealthName: "alrt-servicehealth-shop-dev", ResourceHealthName: "alrt-resourcehealth-shop-dev", ActionGroup: group}))
	})
	groupID := one(t, res, inventory.ActionGroup, "ag").ID
	leaf := func(field, equals string) map[string]any { return map[string]any{"field": field, "equals": equals} }

	hasInputs(t, one(t, res, inventory.ActivityLogAlert, "health-service-health"), map[string]any{
		"activityLogAlertName": "alrt-servicehealth-shop-dev", "location": "Global", "scopes": []any{"/subscriptions/" + opsSubscription},
		"tags." + baseline.AlertRuleTag: "service-health", // the rule the plan's alerts section and workbook know it by
		"condition.allOf": []any{
			leaf("category", "ServiceHealth"),
			map[string]any{"anyOf": []any{leaf("properties.incidentType", "Incident"), leaf("properties.incidentType", "Security"), leaf("properties.incidentType", "ActionRequired")}},
			map[string]any{"field": "properties.impactedServices[*].ImpactedRegions[*].RegionName", "containsAny": []any{"West Europe", "Global"}},
		},
		"actions.actionGroups": []any{map[string]any{"actionGroupId": groupID}},
	})

	// Resource Health: only platform-initiated events, Microsoft's filter
	// against user-initiated ones ("field": "properties.cause", "equals":
	// "PlatformInitiated"), so that the serverless database's auto-pause
	// and the warehouse's pause after each load page nobody:
	// https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide
	hasInputs(t, one(t, res, inventory.ActivityLogAlert, "health-resource-health"), map[string]any{
		"scopes": []any{"/subscriptions/" + opsSubscription + "/resourceGroups/" + opsRG},
		"condition.allOf": []any{
			leaf("category", "ResourceHealth"),
			map[string]any{"anyOf": []any{leaf("properties.currentHealthStatus", "Degraded"), leaf("properties.currentHealthStatus", "Unavailable")}},
			leaf("properties.cause", "PlatformInitiated"),
		},
		"actions.actionGroups": []any{map[string]any{"actionGroupId": groupID}},
	})

	// The region by its Service Health name, for every region:
	// TestContractServiceHealthRegionNames.
}

// TestOpsSQLThreatDetection: Defender for SQL through the server's one
// security alert policy, its alerts to the action group's addresses.
func TestOpsSQLThreatDetection(t *testing.T) {
	res := runOK(t, func(ctx *pulumi.Context) error {
		return errOf(opsOptions("westeurope").SQLThreatDetection(ctx, "sql-defender", baseline.SQLThreatDetectionArgs{ResourceGroupName: pulumi.String(opsRG),
			ServerName: pulumi.String("sql-shop-prod"), Emails: []string{"ops@example.com", "oncall@example.com"}}))
	})
	hasInputs(t, one(t, res, inventory.ServerSecurityAlertPolicy, "sql-defender"), map[string]any{
		"securityAlertPolicyName": "Default", "serverName": "sql-shop-prod", "state": "Enabled", "emailAccountAdmins": false,
		"emailAddresses": []any{"ops@example.com", "oncall@example.com"}, "disabledAlerts": nil, // every alert type is on
	})
}

func TestOpsWorkbook(t *testing.T) {
	ids := workbook.ResourceInputs{
		Stack:     "dev",
		Workspace: pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-shop-dev"),
		Portals: []workbook.PortalInput{
			{Name: "portal", ID: pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app-portal-shop-dev")},
			{Name: "backoffice", ID: pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app-backoffice-shop-dev")},
		},
		QueueService: pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stshopdev/queueServices/default"),
		Worker:       pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/func-shop-dev"),
		Database:     pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-shop-dev/databases/shop"),
		Factory:      pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/adf-shop-dev"),
		Pipeline:     "LoadSalesModel",
		Pool:         pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sqldw-shop-dev/databases/sqldp-shop-dev"),
	}
	run := func() *inventory.Result {
		return runOK(t, func(ctx *pulumi.Context) error {
			return errOf(opsOptions("westeurope").Workbook(ctx, "health", baseline.WorkbookArgs{ResourceGroupName: pulumi.String(opsRG),
				DisplayName: "Platform health (dev)", Workspace: ids.Workspace, SerializedData: workbook.PlatformHealthJSON(ids)}))
		})
	}
	wb := one(t, run(), inventory.Workbook, "health")
	hasInputs(t, wb, map[string]any{"kind": "shared", "category": "workbook", "version": "Notebook/1.0", "displayName": "Platform health (dev)",
		"sourceId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-shop-dev"})
	name, _ := wb.Input("resourceName").(string)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, name, "a UUID v5")
	assert.Equal(t, name, one(t, run(), inventory.Workbook, "health").Input("resourceName"), "the same name on every run")
	assert.NotEqual(t, name, baseline.WorkbookName(opsSubscription, "rg-shop-prod", "Platform health (dev)"))
	// The deployed dev workbook's name, pinned: a changed derivation would
	// replace every stack's workbook.
	assert.Equal(t, "626f8f69-4e56-5f9b-a4dc-cd0e2466f149", baseline.WorkbookName("6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17", "rg-ecommerce-dev-neu", "Platform health (dev)"))

	var data struct {
		Version string `json:"version"`
		Items   []struct {
			Type    int            `json:"type"`
			Name    string         `json:"name"`
			Content map[string]any `json:"content"`
		} `json:"items"`
		Fallback []string `json:"fallbackResourceIds"`
	}
	require.NoError(t, json.Unmarshal([]byte(wb.Input("serializedData").(string)), &data))
	assert.Equal(t, "Notebook/1.0", data.Version)
	var steps []string
	for _, it := range data.Items {
		steps = append(steps, fmt.Sprintf("%d %s", it.Type, it.Name))
	}
	// 1 text, 3 log query, 10 metrics.
	assert.Equal(t, []string{"1 title", "10 portal-requests", "10 queue-depth", "3 poison-moves", "3 worker-executions", "10 sql-cpu", "3 etl-runs", "3 pool-online"}, steps)
	byName := map[string]map[string]any{}
	for _, it := range data.Items {
		byName[it.Name] = it.Content
	}
	assert.Equal(t, []any{"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app-portal-shop-dev", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app-backoffice-shop-dev"},
		byName["portal-requests"]["resourceIds"])
	assert.Equal(t, []any{
		map[string]any{"namespace": "microsoft.web/sites", "metric": "microsoft.web/sites--Requests", "aggregation": 1.0},
		map[string]any{"namespace": "microsoft.web/sites", "metric": "microsoft.web/sites--Http5xx", "aggregation": 1.0},
	}, byName["portal-requests"]["metrics"])
	assert.Contains(t, byName["poison-moves"]["query"], `"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/func-shop-dev"`)
	assert.Contains(t, byName["etl-runs"]["query"], `PipelineName == "LoadSalesModel"`)
	assert.Contains(t, byName["etl-runs"]["query"], "DurationMinutes")
	assert.Contains(t, byName["pool-online"]["query"], "sqldp-shop-dev")
	assert.Equal(t, []any{"/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-shop-dev"}, byName["etl-runs"]["crossComponentResources"])

	_, err := workbook.PlatformHealth(workbook.Resources{Stack: "dev"})
	assert.EqualError(t, err, "workbook: no Workspace, QueueService, Worker, Database, Factory, Pipeline, Pool, Portals given")
}

// TestOpsAvailabilityStatusBounds: an expected status is an HTTP status,
// 100 to 599.
func TestOpsAvailabilityStatusBounds(t *testing.T) {
	for status, ok := range map[int]bool{99: false, 100: true, 599: true, 600: false} {
		problems := baseline.AvailabilityTestArgs{ExpectedStatus: status}.Problems()
		refused := slices.Contains(problems, fmt.Sprintf("ExpectedStatus %d is not an HTTP status", status))
		assert.Equal(t, !ok, refused, "%d: %v", status, problems)
	}
}
