package tests

// The stack's budget (core/budget.go), the cost rules of the policy
// (policy.CheckBudget) and dev's cost choices (issue 11).

import (
	"sync"
	"testing"

	"github.com/ecommerce-platform/infra/internal/mockcloud"
)

// devEdge is what turns dev's edge on: dev plans without Front Door to stay
// within its budget (Pulumi.dev.yaml), so the tests of the edge's Standard
// tier in a whole program run dev with it on, as a developer would for the
// day the edge is tried.
var devEdge = map[string]string{"frontDoor": "true"}

// withEdge returns the overrides that put a stack behind Front Door: dev's
// edge switch, nothing for prod (which requires it).
func withEdge(stack string) map[string]string {
	if stack == "dev" {
		return devEdge
	}
	return nil
}

var (
	edgePlansMu sync.Mutex
	edgePlans   = map[string]*mockcloud.Result{}
)

// edgePlan is stackPlan with the edge on (withEdge), cached likewise.
func edgePlan(t *testing.T, stack string) *mockcloud.Result {
	t.Helper()
	if stack != "dev" {
		return stackPlan(t, stack)
	}
	edgePlansMu.Lock()
	defer edgePlansMu.Unlock()
	if res, ok := edgePlans[stack]; ok {
		return res
	}
	res := runStack(t, stack, withEdge(stack))
	edgePlans[stack] = res
	return res
}

// devAsBuilt is dev with every optional component of its own: the edge on
// and the worker on its own plan. The policy's tamper rows run on it, so
// that they cover every resource type the layers can create.
var devAsBuilt = map[string]string{"frontDoor": "true", "workerSharesAppPlan": "false"}

var (
	polPlansMu sync.Mutex
	polPlans   = map[string]*mockcloud.Result{}
)

// polPlan is the plan the policy rows tamper with: prod as committed, dev
// as built out (devAsBuilt).
func polPlan(t *testing.T, stack string) *mockcloud.Result {
	t.Helper()
	if stack != "dev" {
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
