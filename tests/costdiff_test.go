package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/cost"
	"github.com/ecommerce-platform/infra/internal/plan"
)

// The recorded estimates: `plan --stack dev --format cost-json` of dev as
// committed on 2026-12-03 (dev-base.json), and of dev with frontDoor: true
// and appPlanSku: B2 (dev-head.json). Recorded, so the prices they carry do
// not move with the price table.
var (
	costBase = filepath.Join("testdata", "cost", "dev-base.json")
	costHead = filepath.Join("testdata", "cost", "dev-head.json")
)

// TestCostDiff: what the pull-request comment says about a change: the
// totals, the budget headroom before and after, each priced line that
// moved (a SKU change as one line), and the resources and alerts it adds.
func TestCostDiff(t *testing.T) {
	code, md, stderr := dispatch(t, "cost", "diff", costBase, costHead)
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Empty(t, stderr)
	for _, want := range []string{
		"### Cost of this change: stack `dev`\n\n| | before | after | change |\n| --- | ---: | ---: | ---: |\n",
		"| monthly estimate (USD) | $50.67 | $105.38 | +$54.71 |\n",
		"| at the upper bounds | $67.73 | $122.44 | +$54.71 |\n",
		"\nBudget headroom: before $9.33 left of the budget of $60.00 (84 % used); after **$45.38 over** the budget of $60.00.\n",
		"\n7 priced line(s) changed:\n\n| resource | what | before | after | change |\n| --- | --- | ---: | ---: | ---: |\n" +
			"| `apps-edge-afd` | Front Door Standard profile | $0.00 | $35.00 | +$35.00 |\n" +
			"| `apps-plan` | App Service plan B1 (Linux), 1 instance(s) → App Service plan B2 (Linux), 1 instance(s) | $13.14 | $25.55 | +$12.41 |\n",
		"| `apps-edge-alert-waf-blocks` | metric alert rule | $0.00 | $0.10 | +$0.10 |\n",
		"\n**Resources added (16):** `apps-edge-afd-diag` (azure-native:insights:DiagnosticSetting), `apps-edge-afd` (azure-native:cdn:Profile), ",
		"\n**Alerts added (3):** `apps-edge-alert-5xx` (azure-native:insights:MetricAlert), `apps-edge-alert-origin-health` (azure-native:insights:MetricAlert), `apps-edge-alert-waf-blocks` (azure-native:insights:MetricAlert)\n",
	} {
		assert.Contains(t, md, want)
	}
	assert.NotContains(t, md, "Resources removed")
	assert.NotContains(t, md, "Not priced")

	// Backwards: the same lines with the opposite sign, the resources and
	// alerts removed, and the headroom restored.
	code, md, _ = dispatch(t, "cost", "diff", costHead, costBase)
	require.Equal(t, plan.ExitOK, code)
	assert.Contains(t, md, "| monthly estimate (USD) | $105.38 | $50.67 | -$54.71 |\n")
	assert.Contains(t, md, "| `apps-plan` | App Service plan B2 (Linux), 1 instance(s) → App Service plan B1 (Linux), 1 instance(s) | $25.55 | $13.14 | -$12.41 |\n")
	assert.Contains(t, md, "| `apps-edge-afd` | Front Door Standard profile | $35.00 | $0.00 | -$35.00 |\n")
	assert.Contains(t, md, "\n**Resources removed (16):** ")
	assert.Contains(t, md, "\n**Alerts removed (3):** ")
	assert.Contains(t, md, "after $9.33 left of the budget of $60.00 (84 % used).\n")

	code, md, _ = dispatch(t, "cost", "diff", costBase, costBase)
	require.Equal(t, plan.ExitOK, code)
	assert.Equal(t, "### Cost of this change: stack `dev`\n\nNo change: $50.67 a month, $9.33 left of the budget of $60.00 (84 % used).\n\n", md)
}

// TestCostDiffUnpricedAndNewStacks: a billable type without a price is
// named (it is left out of the total), a stack the base lacks is all new,
// and a base that predates the resources list says so.
func TestCostDiffUnpricedAndNewStacks(t *testing.T) {
	var base, head cost.Estimate
	for path, into := range map[string]*cost.Estimate{costBase: &base, costHead: &head} {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, into))
	}
	head.Unpriced = append(head.Unpriced, cost.Unpriced{Type: "azure-native:cache:Redis", Name: "core-redis", Reason: "no price row"})
	var md bytes.Buffer
	require.NoError(t, cost.WriteDiffMarkdown(&md, cost.Diff(&base, &head)))
	assert.Contains(t, md.String(), "\n**Not priced (1), left out of the total:**\n- `core-redis` (azure-native:cache:Redis): no price row\n")

	md.Reset()
	require.NoError(t, cost.WriteDiffMarkdown(&md, cost.Diff(&cost.Estimate{}, &head)))
	assert.Contains(t, md.String(), "A new stack: everything below is added.\n")
	assert.Contains(t, md.String(), "| monthly estimate (USD) | $0.00 | $105.38 | +$105.38 |\n")
	assert.Contains(t, md.String(), "Budget headroom: before no stack; after **$45.38 over**")

	old := base
	old.Resources = nil // written before the estimate listed its resources
	md.Reset()
	require.NoError(t, cost.WriteDiffMarkdown(&md, cost.Diff(&old, &head)))
	assert.Contains(t, md.String(), "\nThe base estimate lists no resources: what was added or removed is not known.\n")
	assert.NotContains(t, md.String(), "Resources added")
}

// TestCostDiffRefusals: the command line and its files.
func TestCostDiffRefusals(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code, _ := plan.Dispatch([]string{"cost", "compare", costBase, costHead}, &stdout, &stderr)
	assert.Equal(t, plan.ExitUsage, code)
	assert.Equal(t, "usage: ecommerce cost diff BASE.json HEAD.json   (two `plan --format cost-json` files of one stack)\n", stderr.String())

	missing := filepath.Join(t.TempDir(), "none.json")
	code, _, errs := dispatch(t, "cost", "diff", missing, costHead)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Contains(t, errs, "cost diff: "+missing+": open ")

	prod := filepath.Join(t.TempDir(), "prod.json")
	require.NoError(t, os.WriteFile(prod, []byte(`{"stack": "prod"}`), 0o644))
	code, _, errs = dispatch(t, "cost", "diff", costBase, prod)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Equal(t, "cost diff: the estimates are of two stacks, \"dev\" and \"prod\"\n", errs)

	empty := filepath.Join(t.TempDir(), "empty.json")
	require.NoError(t, os.WriteFile(empty, []byte(`{}`), 0o644))
	code, _, errs = dispatch(t, "cost", "diff", costBase, empty)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Equal(t, "cost diff: "+empty+": not a cost-json estimate (no stack)\n", errs)
}
