package tests

// The resilience report through the plan: --format resilience and the
// Resilience section on every stack, the recovery rule, and the README's
// generated table.

import (
	"bytes"
	"flag"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/policy"
	"github.com/ecommerce-platform/infra/internal/resilience"
)

// requirePassed requires a plan that ran and passed: exit 0, nothing on
// stderr. Every committed stack meets the policy, its recovery targets
// included.
func requirePassed(t *testing.T, code int, stderr string) {
	t.Helper()
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Empty(t, stderr)
}

func resilienceOf(t *testing.T, stack string) *resilience.Report {
	t.Helper()
	rep, err := plan.Resilience(stackPlan(t, stack), costConfig(t, stack, nil))
	require.NoError(t, err)
	return rep
}

// TestResilienceFormat: `--format resilience` prints the report of every
// stack, and the text plan ends with it under "Resilience".
func TestResilienceFormat(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			code, stdout, stderr := runPlan(t, "--stack", stack, "--format", "resilience", "--dir", repoRoot)
			requirePassed(t, code, stderr)
			var want bytes.Buffer
			require.NoError(t, resilience.WriteText(&want, resilienceOf(t, stack)))
			assert.Equal(t, want.String(), stdout)
			assert.Contains(t, stdout, "Resilience of stack \""+stack+"\" to an outage of its region ")
			assert.Contains(t, stdout, "  Customer path availability: ")
			_, text, _ := runPlan(t, "--stack", stack, "--dir", repoRoot)
			assert.True(t, strings.HasSuffix(text, "\nResilience\n"+stdout), "the text plan ends with the Resilience section")
		})
	}
}

// TestResilienceCommittedStacks: each store of the committed plans gets
// the figures its settings call for, and every customer-path store is
// reported; prod's figures today are listed in the README.
func TestResilienceCommittedStacks(t *testing.T) {
	for _, stack := range stacks {
		rep := resilienceOf(t, stack)
		res := stackPlan(t, stack)
		onPath := map[string]bool{}
		for _, s := range rep.Stores {
			onPath[s.Name] = s.CustomerPath
		}
		for _, st := range res.ByType(inventory.StorageAccount) {
			assert.Contains(t, onPath, st.Name, stack)
		}
		for _, kv := range res.ByType(inventory.KeyVault) {
			assert.True(t, onPath[kv.Name], "%s: the web apps read %s", stack, kv.Name)
		}
		assert.Positive(t, rep.Availability, "%s: every link of the customer path has an SLA", stack)
		assert.NotEmpty(t, rep.SPOFs, "%s: one region, no standby yet", stack)
	}
}

// TestResilienceRule: in prod a customer-path store over a target fails
// the plan, naming the key, the store and its figure; under the targets,
// outside prod, or with a target of 0 nothing fails; a store with no
// regional recovery exceeds any target; an unstated figure is not judged.
func TestResilienceRule(t *testing.T) {
	res := stackPlan(t, "dev")
	kv := one(t, res, inventory.KeyVault, "core-kv")
	sqlRec := policy.Recovery{URN: kv.URN, Store: "core-sqldb (transactional SQL)", RPOMinutes: 60, RTOMinutes: 720, RPOText: "1 h", RTOText: "12 h (ERT)"}

	over := policy.CheckResilience(res, []policy.Recovery{sqlRec}, 15, 60, true)
	require.Len(t, over.Violations, 2)
	assert.Equal(t, policy.RuleProdRecoveryTargets, over.Violations[0].Rule)
	assert.Equal(t, "core-sqldb (transactional SQL) after a regional outage: RPO 1 h exceeds ecommerce:rpoMinutes = 15 minutes", over.Violations[0].Message)
	assert.Equal(t, "core-sqldb (transactional SQL) after a regional outage: RTO 12 h (ERT) exceeds ecommerce:rtoMinutes = 60 minutes", over.Violations[1].Message)
	assert.Equal(t, []string{policy.RuleProdRecoveryTargets}, over.Rules)

	assert.True(t, policy.CheckResilience(res, []policy.Recovery{sqlRec}, 60, 720, true).Passed(), "at the targets passes")
	dev := policy.CheckResilience(res, []policy.Recovery{sqlRec}, 15, 60, false)
	assert.True(t, dev.Passed(), "outside prod the report only informs")
	assert.Empty(t, dev.Rules)
	unset := policy.CheckResilience(res, []policy.Recovery{sqlRec}, 0, 60, true)
	require.Len(t, unset.Violations, 1, "rpoMinutes 0 sets no RPO target")
	assert.Contains(t, unset.Violations[0].Message, "ecommerce:rtoMinutes")

	lost := policy.Recovery{URN: kv.URN, Store: "core-st", RPOMinutes: math.Inf(1), RTOMinutes: math.NaN(), RPOText: "none"}
	gone := policy.CheckResilience(res, []policy.Recovery{lost}, 100000, 1, true)
	require.Len(t, gone.Violations, 1, "no recovery exceeds any RPO target; an unstated RTO is not judged")
	assert.Contains(t, gone.Violations[0].Message, "RPO none exceeds ecommerce:rpoMinutes")
}

// TestResilienceRuleThroughThePlan: the plan passes the customer path's
// figures and the stack's targets to the rule: prod's config with loose
// targets passes it, dev with tight ones is not judged.
func TestResilienceRuleThroughThePlan(t *testing.T) {
	dir := stackDirFrom(t, "prod", map[string]any{"ecommerce:rpoMinutes": 1440, "ecommerce:rtoMinutes": 1440})
	code, _, stderr := runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitOK, code, stderr)

	// Without the standby, the shop database recovers by geo-restore.
	dir = stackDirFrom(t, "prod", map[string]any{"ecommerce:disasterRecovery": false, "ecommerce:rpoMinutes": 1440, "ecommerce:rtoMinutes": 60})
	code, _, stderr = runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitPolicy, code)
	assert.Contains(t, stderr, "[prod-recovery-within-targets]")
	assert.Contains(t, stderr, "core-sqldb (transactional SQL) after a regional outage: RTO 12 h (ERT) exceeds ecommerce:rtoMinutes = 60 minutes")
	assert.NotContains(t, stderr, "ecommerce:rpoMinutes")

	// With it, the portals fail over in Front Door's probe window (8 min)
	// and the database in half an hour: a 20-minute target leaves the
	// database's failover and the storage account's over it, not the portals.
	dir = stackDirFrom(t, "prod", map[string]any{"ecommerce:rpoMinutes": 1440, "ecommerce:rtoMinutes": 20})
	code, _, stderr = runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitPolicy, code)
	assert.Contains(t, stderr, "core-sqldb (transactional SQL) after a regional outage: RTO 30.5 min (30 min (estimate) + 30 s) exceeds ecommerce:rtoMinutes = 20 minutes")
	assert.Contains(t, stderr, "core-st (storage account) after a regional outage")
	assert.NotContains(t, stderr, "apps-")

	dir = stackDir(t, map[string]any{"ecommerce:rpoMinutes": 1, "ecommerce:rtoMinutes": 1})
	code, _, stderr = runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitOK, code, stderr)
}

// updateReadmeResilience rewrites the README's resilience table: `make readme-resilience`.
var updateReadmeResilience = flag.Bool("update-readme-resilience", false, "rewrite the README's table of stack resilience from the plans")

const (
	readmeResilienceBegin = "<!-- resilience:begin -->\n"
	readmeResilienceEnd   = "<!-- resilience:end -->\n"
)

// TestResilienceReadme: the README's resilience table is the plans' own,
// as resilience.WriteSummary renders it.
func TestResilienceReadme(t *testing.T) {
	var want bytes.Buffer
	var reports []*resilience.Report
	for _, stack := range stacks {
		reports = append(reports, resilienceOf(t, stack))
	}
	require.NoError(t, resilience.WriteSummary(&want, reports))
	readmeSection(t, readmeResilienceBegin, readmeResilienceEnd, want.String(), *updateReadmeResilience, "README resilience table drifted from the plan: run make readme-resilience")
}
