package tests

// The stack's budget (core/budget.go), the cost rules of the policy
// (policy.CheckBudget) and dev's cost choices (issue 11).

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/cost"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/platform"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// devEdge is what turns dev's edge on: dev plans without Front Door to stay
// within its budget (Pulumi.dev.yaml), so the tests of the edge's Standard
// tier in a whole program run dev with it on, as a developer would for the
// day the edge is tried.
var devEdge = map[string]string{"frontDoor": "true"}

// withEdge returns the overrides that put a stack behind Front Door: the
// edge switch for a stack whose config has it off (dev), nothing for one
// that has it on (prod requires it).
func withEdge(t *testing.T, stack string) map[string]string {
	t.Helper()
	if !stackConfig(t, stack, nil).Edge.Enabled {
		return devEdge
	}
	return nil
}

var (
	edgePlansMu sync.Mutex
	edgePlans   = map[string]*inventory.Result{}
)

// edgePlan is stackPlan with the edge on (withEdge), cached likewise.
func edgePlan(t *testing.T, stack string) *inventory.Result {
	t.Helper()
	edge := withEdge(t, stack)
	if edge == nil {
		return stackPlan(t, stack)
	}
	edgePlansMu.Lock()
	defer edgePlansMu.Unlock()
	if res, ok := edgePlans[stack]; ok {
		return res
	}
	res := runStack(t, stack, edge)
	edgePlans[stack] = res
	return res
}

// devAsBuilt is dev with every optional component of its own: the edge on
// and the worker on its own plan. The policy's tamper rows run on it, so
// that they cover every resource type the layers can create.
var devAsBuilt = map[string]string{"frontDoor": "true", "workerSharesAppPlan": "false"}

var (
	polPlansMu sync.Mutex
	polPlans   = map[string]*inventory.Result{}
)

// polPlan is the plan the policy rows tamper with: a stack with every
// optional component (prod) as committed, any other (dev) as built out
// (devAsBuilt).
func polPlan(t *testing.T, stack string) *inventory.Result {
	t.Helper()
	if cfg := stackConfig(t, stack, nil); cfg.Edge.Enabled && !cfg.Worker.SharesAppPlan {
		return stackPlan(t, stack)
	}
	polPlansMu.Lock()
	defer polPlansMu.Unlock()
	if res, ok := polPlans[stack]; ok {
		return res
	}
	res := runStack(t, stack, devAsBuilt)
	polPlans[stack] = res
	return res
}

// TestBudgetNotificationsWired: every stack has one monthly Cost budget on
// its resource group, of monthlyBudget dollars, that e-mails alertEmails at
// 80 % and 100 % of the actual cost and at 100 % of the forecast; without
// e-mail addresses (dev) the resource group's Owners are told instead.
func TestBudgetNotificationsWired(t *testing.T) {
	for _, c := range []struct {
		stack     string
		overrides map[string]string
	}{{"dev", nil}, {"prod", nil}, {"dev", map[string]string{"alertEmails": `["dev-team@example.com"]`}}} {
		t.Run(c.stack+fmt.Sprint(c.overrides), func(t *testing.T) {
			res := stackPlan(t, c.stack)
			if c.overrides != nil {
				res = runStack(t, c.stack, c.overrides)
			}
			cfg := stackConfig(t, c.stack, c.overrides)
			b := one(t, res, inventory.Budget, "core-budget")
			rg := one(t, res, inventory.ResourceGroup, "core-rg")
			assert.Equal(t, rg.Output("id"), b.Input("scope"), "scoped to the resource group")
			assert.Contains(t, b.Dependencies, rg.URN)
			assert.Equal(t, float64(cfg.Cost.MonthlyBudget), b.Input("amount"))
			assert.Positive(t, cfg.Cost.MonthlyBudget, "both committed stacks set monthlyBudget")
			assert.Equal(t, "Cost", b.Input("category"))
			assert.Equal(t, "Monthly", b.Input("timeGrain"))
			assert.Equal(t, "budget-"+rg.Input("resourceGroupName").(string), b.Input("budgetName"))
			contact := map[string]any{"contactEmails": toAny(cfg.Alerts.Emails)}
			if len(cfg.Alerts.Emails) == 0 {
				contact = map[string]any{"contactRoles": []any{"Owner"}}
			}
			want := map[string]any{}
			for key, n := range map[string]struct {
				kind    string
				percent float64
			}{core.BudgetActual80: {"Actual", 80}, core.BudgetActual100: {"Actual", 100}, core.BudgetForecast100: {"Forecasted", 100}} {
				w := map[string]any{"enabled": true, "operator": "GreaterThanOrEqualTo", "threshold": n.percent, "thresholdType": n.kind,
					"contactGroups": []any{one(t, res, inventory.ActionGroup, "core-ag").Output("id")}}
				for k, v := range contact {
					w[k] = v
				}
				want[key] = w
			}
			assert.Equal(t, want, b.Input("notifications"))
		})
	}
}

// TestBudgetStartDate: Azure refuses a new monthly budget that starts
// before the current month (timePeriod.startDate on
// https://learn.microsoft.com/rest/api/consumption/budgets/create-or-update),
// so without budgetStartMonth the budget starts on the first of the month
// the run happens in, UTC; a configured month wins; the date is ignored
// once the budget exists, since Azure refuses to update it.
func TestBudgetStartDate(t *testing.T) {
	skipWholeStack(t)
	startOf := func(now time.Time, overrides map[string]string) inventory.Resource {
		t.Helper()
		res, err := mockcloud.Run(stackOptions(t, "dev", overrides), platform.RunAt(func() time.Time { return now }))
		require.NoError(t, err)
		return one(t, res, inventory.Budget, "core-budget")
	}
	for now, want := range map[time.Time]string{
		time.Date(2027, time.January, 1, 0, 30, 0, 0, time.UTC):                       "2027-01-01T00:00:00Z",
		time.Date(2027, time.March, 31, 23, 59, 0, 0, time.UTC):                       "2027-03-01T00:00:00Z",
		time.Date(2027, time.April, 1, 0, 30, 0, 0, time.FixedZone("UTC+2", 2*60*60)): "2027-03-01T00:00:00Z", // still March in UTC
	} {
		b := startOf(now, nil)
		assert.Equal(t, want, b.Input("timePeriod.startDate"), now.String())
		// The start date cannot change after creation; eTag is Azure's
		// concurrency token, which a refresh must not turn into drift.
		assert.Equal(t, []string{"timePeriod.startDate", "eTag"}, b.IgnoreChanges)
	}
	assert.Equal(t, "2027-05-01T00:00:00Z", startOf(time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC), map[string]string{"budgetStartMonth": "2027-05"}).Input("timePeriod.startDate"))

	// The program Pulumi runs reads the wall clock.
	before := time.Now().UTC().Format("2006-01")
	res, err := mockcloud.Run(stackOptions(t, "dev", nil), platform.Run)
	require.NoError(t, err)
	after := time.Now().UTC().Format("2006-01")
	assert.Contains(t, []any{before + "-01T00:00:00Z", after + "-01T00:00:00Z"}, one(t, res, inventory.Budget, "core-budget").Input("timePeriod.startDate"))
}

// TestBudgetRequiredInProd: a prod stack without monthlyBudget (or with 0)
// is refused before anything is planned, naming the key; dev without one
// gets config.DefaultBudget.
func TestBudgetRequiredInProd(t *testing.T) {
	for _, v := range []string{unset, "0"} {
		_, err := parseStack(t, "prod", map[string]string{"monthlyBudget": v})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "ecommerce:monthlyBudget: must be set in prod")
	}
	dir := stackDirFrom(t, "prod", map[string]any{"ecommerce:monthlyBudget": nil})
	code, _, stderr := runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Equal(t, "invalid configuration for stack \"bad\" (1 problem):\n  - ecommerce:monthlyBudget: must be set in prod (environment: prod): the stack's budget in USD a month, above the plan's cost estimate\n", stderr)

	res := runStack(t, "dev", map[string]string{"monthlyBudget": unset})
	assert.Equal(t, float64(config.DefaultBudget), one(t, res, inventory.Budget, "core-budget").Input("amount"))
}

// TestBudgetPolicy: the cost rules. Prod's estimate over its budget fails
// the plan (exit 5, the rule named); dev over budget only warns in the
// Cost section; a budget that notifies nobody, or lacks a threshold, fails
// in every stack.
func TestBudgetPolicy(t *testing.T) {
	t.Parallel() // a heavy test: several runs of the program
	prod := stackPlan(t, "prod")
	est := costOf(t, "prod", nil)
	require.False(t, est.OverBudget)
	assert.True(t, policy.CheckBudget(prod, est.Total, true).Passed())

	// Tampered: the plan's budget below the estimate.
	low := polTamper(t, prod, map[string]polEdit{"core-budget": polSet("amount", est.Total-1)})
	report := policy.CheckBudget(low, est.Total, true)
	require.Len(t, report.Violations, 1)
	assert.Equal(t, policy.RuleProdWithinBudget, report.Violations[0].Rule)
	assert.Contains(t, report.Violations[0].Message, "exceeds the budget")
	assert.True(t, policy.CheckBudget(low, est.Total, false).Passed(), "outside prod the plan only warns")
	atBudget := polTamper(t, prod, map[string]polEdit{"core-budget": polSet("amount", est.Total)})
	assert.True(t, policy.CheckBudget(atBudget, est.Total, true).Passed(), "an estimate equal to the budget does not exceed it")

	// Through the CLI: prod's config with a budget under the estimate.
	dir := stackDirFrom(t, "prod", map[string]any{"ecommerce:monthlyBudget": 1000})
	code, stdout, stderr := runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitPolicy, code)
	assert.Contains(t, stderr, "[prod-estimate-within-budget]")
	assert.Contains(t, stdout, "WARNING: the estimate")

	code, stdout, stderr = runPlan(t, "--stack", "dev", "--dir", repoRoot, "--format", "cost")
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Contains(t, stdout, "within the stack's budget of $60.00 a month", "dev, as committed, costs at most $60 a month")
	over := costOf(t, "dev", map[string]string{"monthlyBudget": "10"})
	assert.True(t, over.OverBudget)
	var text bytes.Buffer
	require.NoError(t, cost.WriteText(&text, over))
	assert.Contains(t, text.String(), "WARNING: the estimate $")
	assert.True(t, policy.CheckBudget(runStack(t, "dev", map[string]string{"monthlyBudget": "10"}), over.Total, false).Passed())

	for name, edit := range map[string]polEdit{
		"no forecast":   polSet("notifications.forecast100", polAbsent),
		"nobody told":   polAll(polSet("notifications.actual80.contactEmails", polAbsent), polSet("notifications.actual80.contactGroups", polAbsent)),
		"another scope": polSet("scope", "/subscriptions/"+mockcloud.SubscriptionID),
	} {
		report := policy.CheckBudget(polTamper(t, prod, map[string]polEdit{"core-budget": edit}), est.Total, true)
		assert.Falsef(t, report.Passed(), "%s passes", name)
		for _, v := range report.Violations {
			assert.Equal(t, policy.RuleBudgetNotifies, v.Rule, name)
		}
	}
}

// TestBudgetSharedPlan: dev's worker and portals share one plan, which
// core creates with the portals' settings and the same Azure name as
// before; it and its diagnostic setting keep their identities through
// aliases to their URNs in the apps layer. prod keeps two plans, each
// where it was.
func TestBudgetSharedPlan(t *testing.T) {
	dev := stackPlan(t, "dev")
	plans := dev.ByType(inventory.ServicePlan)
	require.Len(t, plans, 1)
	p := plans[0]
	assert.Equal(t, "urn:pulumi:dev::ecommerce::ecommerce:core:Core$azure:appservice/servicePlan:ServicePlan::apps-plan", p.URN)
	assert.Equal(t, []string{"urn:pulumi:dev::ecommerce::ecommerce:apps:Apps$azure:appservice/servicePlan:ServicePlan::apps-plan"}, p.Aliases)
	diag := one(t, dev, inventory.DiagnosticSetting, "apps-plan-diag")
	assert.Contains(t, diag.Aliases, "urn:pulumi:dev::ecommerce::ecommerce:apps:Apps$azure:appservice/servicePlan:ServicePlan$azure-native:insights:DiagnosticSetting::apps-plan-diag")
	assert.Equal(t, p.URN, diag.Parent)
	for _, r := range append(dev.ByType(inventory.LinuxWebApp), dev.ByType(inventory.LinuxFunctionApp)...) {
		assert.Equal(t, p.Output("id"), r.Input("servicePlanId"), "%s runs on the shared plan", r.Name)
	}
	assert.Equal(t, p.Output("id"), dev.Outputs["appServicePlanId"].Value)

	prod := stackPlan(t, "prod")
	apps := one(t, prod, inventory.ServicePlan, "apps-plan")
	assert.Equal(t, "urn:pulumi:prod::ecommerce::ecommerce:apps:Apps$azure:appservice/servicePlan:ServicePlan::apps-plan", apps.URN)
	assert.Empty(t, apps.Aliases)
	worker := one(t, prod, inventory.ServicePlan, "core-worker-plan")
	assert.Equal(t, worker.Output("id"), one(t, prod, inventory.LinuxFunctionApp, "core-worker").Input("servicePlanId"))

	// Sharing with the portals' autoscale: core's plan leaves the count to
	// the apps' autoscale setting, which targets it.
	scaled := runStack(t, "dev", map[string]string{"appPlanSku": "S1", "appMaxInstances": "3"})
	sp := one(t, scaled, inventory.ServicePlan, "apps-plan")
	assert.Contains(t, sp.IgnoreChanges, "workerCount")
	assert.Equal(t, sp.Output("id"), one(t, scaled, inventory.AutoscaleSetting, "apps-autoscale").Input("targetResourceUri"))
}
