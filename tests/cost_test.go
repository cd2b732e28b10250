package tests

// The cost estimate of both committed stacks, through the plan: every
// billable resource priced, the estimate following config, the cost-json
// shape, and the Cost section of the text plan.

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/cost"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/plan"
)

// costConfig is a stack's config with overrides, as the plan parses it.
func costConfig(t *testing.T, stack string, overrides map[string]string) *config.Config {
	return stackConfig(t, stack, overrides)
}

func costOf(t *testing.T, stack string, overrides map[string]string) *cost.Estimate {
	t.Helper()
	var res *inventory.Result
	if overrides == nil {
		res = stackPlan(t, stack)
	} else {
		res = runStack(t, stack, overrides)
	}
	est, err := plan.EstimateCost(res, costConfig(t, stack, overrides))
	require.NoError(t, err)
	return est
}

func costLine(t *testing.T, est *cost.Estimate, name, dimensionPrefix string) cost.Line {
	t.Helper()
	for _, l := range est.Lines {
		if l.Name == name && strings.HasPrefix(l.Dimension, dimensionPrefix) {
			return l
		}
	}
	t.Fatalf("no %s line for %s in %+v", dimensionPrefix, name, est.Lines)
	return cost.Line{}
}

// TestCostEveryBillableTypePriced: in both stacks every resource is either
// priced or explicitly free; a type in neither list, or a billable one with
// no price row in the stack's region, fails here.
func TestCostEveryBillableTypePriced(t *testing.T) {
	for _, stack := range stacks {
		est := costOf(t, stack, nil)
		assert.Empty(t, est.Unpriced, stack)
		priced := map[string]bool{}
		for _, l := range est.Lines {
			priced[l.Type] = true
			assert.Greaterf(t, l.UnitPrice, 0.0, "%s %s", stack, l.Name)
		}
		for _, r := range stackPlan(t, stack).Resources {
			if cost.Billable(r) && r.Input("enabled") != false {
				assert.Truef(t, priced[r.Type], "%s: billable %s has no line", stack, r.Type)
				continue
			}
			_, free := cost.Free(r)
			assert.Truef(t, free, "%s: %s is neither priced nor listed free", stack, r.Type)
		}
		assert.Greater(t, est.Total, 0.0)
		assert.Equal(t, len(est.Lines), est.UnverifiedLines, "%s: every shipped row is unverified until `make prices` runs", stack)
	}
}

// TestCostFollowsConfig: a larger SKU costs more, more instances cost more,
// an hourly ETL bills more pool hours than a daily one, and a pool with zero
// load minutes bills storage only.
func TestCostFollowsConfig(t *testing.T) {
	t.Parallel() // a heavy test: several runs of the program
	base := costOf(t, "dev", nil)
	plan := costLine(t, base, "apps-plan", "instance-hours")
	poolHours := costLine(t, base, "analytics-sqldw-pool", "DWU-hours")

	bigger := costOf(t, "dev", map[string]string{"appPlanSku": "P1v3"})
	assert.Greater(t, costLine(t, bigger, "apps-plan", "instance-hours").Monthly, plan.Monthly, "P1v3 costs more than B1")
	assert.Greater(t, bigger.Total, base.Total)

	more := costOf(t, "dev", map[string]string{"appMinInstances": "3", "appMaxInstances": "3"})
	assert.InDelta(t, 3*plan.Monthly, costLine(t, more, "apps-plan", "instance-hours").Monthly, 0.011, "three instances cost three times one")

	hourly := costOf(t, "dev", map[string]string{"etlFrequency": "Hour"})
	assert.Greater(t, costLine(t, hourly, "analytics-sqldw-pool", "DWU-hours").Quantity, 20*poolHours.Quantity, "hourly loads keep the pool online far longer")

	paused := costOf(t, "dev", map[string]string{"costEtlLoadMinutesPerRun": "0"})
	assert.Zero(t, costLine(t, paused, "analytics-sqldw-pool", "DWU-hours").Monthly)
	assert.Positive(t, costLine(t, paused, "analytics-sqldw-pool", "GB-months").Monthly, "a paused pool still bills storage")

	dw := costOf(t, "dev", map[string]string{"warehouseSku": "DW200c"})
	assert.InDelta(t, 2*poolHours.Monthly, costLine(t, dw, "analytics-sqldw-pool", "DWU-hours").Monthly, 0.011)
}

// TestCostAutoscaleRange: prod's autoscaled plans are priced at their
// minimum instance count with the maximum as the upper bound, and the
// reserved prices stay out of the total.
func TestCostAutoscaleRange(t *testing.T) {
	est := costOf(t, "prod", nil)
	l := costLine(t, est, "apps-plan", "instance-hours")
	assert.Equal(t, 3*cost.HoursPerMonth, l.Quantity)
	assert.InDelta(t, l.Monthly*10/3, l.MonthlyAtMax, 0.011)
	sum := 0.0
	for _, line := range est.Lines {
		sum += line.Monthly
	}
	assert.InDelta(t, sum, est.Total, 0.011, "the total is the lines' sum, reservations left out")
	assert.NotEmpty(t, est.Reserved)
}

// TestCostJSONShape: `plan --format cost-json` prints exactly the
// documented fields.
func TestCostJSONShape(t *testing.T) {
	code, stdout, stderr := runPlan(t, "--stack", "dev", "--format", "cost-json", "--dir", repoRoot)
	require.Equal(t, plan.ExitOK, code, stderr)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	// The field names are internal/cost's TestJSONShape's. Here: every
	// resource of the plan, priced or not, by type and name, which cost diff
	// compares.
	var items []map[string]string
	require.NoError(t, json.Unmarshal(doc["resources"], &items))
	assert.Contains(t, items, map[string]string{"type": "azure-native:storage:StorageAccount", "name": "core-st"})
	assert.Contains(t, items, map[string]string{"type": "azuread:index/group:Group", "name": "auth-sql-admins"})
	assert.Len(t, items, customCount(stackPlan(t, "dev")))
	var lines []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc["lines"], &lines))
	require.NotEmpty(t, lines)
	assert.ElementsMatch(t, []string{"type", "name", "what", "dimension", "quantity", "unit", "unitPrice", "monthly", "monthlyAtMax",
		"meter", "region", "unverified", "note"}, keys(lines[0]))
	var assumptions map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc["assumptions"], &assumptions))
	for _, k := range []string{"costSqlActiveHoursPerDay", "costLogIngestMbPerDay", "costEtlLoadMinutesPerRun", "costStorageGb", "costWarehouseStorageGb", "costSqlDataGb", "costEtlCopyMinutes"} {
		assert.Contains(t, assumptions, k)
	}
	assert.JSONEq(t, `"dev"`, string(doc["stack"]))
	assert.JSONEq(t, `"USD"`, string(doc["currency"]))
	assert.JSONEq(t, `"northeurope"`, string(doc["region"]))
}

// TestCostTextAndSection: `--format cost` prints the lines and the total;
// the text plan ends with the same table under "Cost".
func TestCostTextAndSection(t *testing.T) {
	est := costOf(t, "dev", nil)
	code, stdout, stderr := runPlan(t, "--stack", "dev", "--format", "cost", "--dir", repoRoot)
	require.Equal(t, plan.ExitOK, code, stderr)
	var want bytes.Buffer
	require.NoError(t, cost.WriteText(&want, est))
	assert.Equal(t, want.String(), stdout)
	assert.Contains(t, stdout, fmt.Sprintf("  %12s  total a month", fmt.Sprintf("$%.2f", est.Total)))
	for _, l := range est.Lines {
		assert.Contains(t, stdout, fmt.Sprintf("  %12s  %-34s  %s", fmt.Sprintf("$%.2f", l.Monthly), l.Name, l.What))
	}
	code, text, stderr := runPlan(t, "--stack", "dev", "--dir", repoRoot)
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Contains(t, text, "\nCost\n"+stdout+"\nResilience\n", "the Cost section precedes the Resilience section")
}

// updateReadmeCosts rewrites the README's cost totals: `make readme-costs`.
var updateReadmeCosts = flag.Bool("update-readme-costs", false, "rewrite the README's table of stack cost totals from the plans")

const (
	readmeCostsBegin = "<!-- cost-totals:begin -->\n"
	readmeCostsEnd   = "<!-- cost-totals:end -->\n"
)

// TestCostReadmeTotals: the README's totals, budgets, largest lines and
// price date are the plans' own, as cost.WriteSummary renders them.
func TestCostReadmeTotals(t *testing.T) {
	var want bytes.Buffer
	var estimates []*cost.Estimate
	for _, stack := range stacks {
		estimates = append(estimates, costOf(t, stack, nil))
	}
	require.NoError(t, cost.WriteSummary(&want, estimates))
	got := readmeSection(t, readmeCostsBegin, readmeCostsEnd, want.String(), *updateReadmeCosts, "README cost totals drifted from the plan: run make readme-costs")
	assert.Contains(t, got, "prices read "+estimates[0].PriceDate)
}

// TestCostDIUPerCopy: each copy bills its own minutes (costEtlCopyMinutes)
// at 4 DIUs, not the whole load window; more minutes cost more.
func TestCostDIUPerCopy(t *testing.T) {
	base := costOf(t, "dev", nil)
	line := costLine(t, base, "analytics-adf-pipeline", "DIU-hours")
	runs := cost.RunsPerMonth(stackConfig(t, "dev", nil).Analytics.Schedule)
	assert.InDelta(t, runs*4*4*2/60.0, line.Quantity, 0.001, "4 copies x 4 DIUs x 2 minutes a run")
	longer := costOf(t, "dev", map[string]string{"costEtlCopyMinutes": "10"})
	assert.InDelta(t, 5*line.Quantity, costLine(t, longer, "analytics-adf-pipeline", "DIU-hours").Quantity, 0.001)
	window := costOf(t, "dev", map[string]string{"costEtlLoadMinutesPerRun": "120"})
	assert.Equal(t, line.Quantity, costLine(t, window, "analytics-adf-pipeline", "DIU-hours").Quantity, "the pool's window does not bill copies")
}
