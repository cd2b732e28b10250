package policy

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// The cost rules (issue 11): every stack has a budget that notifies
// someone, and prod's estimated monthly cost stays within it.
const (
	RuleBudgetNotifies      = "budget-notifies"
	RuleProdWithinBudget    = "prod-estimate-within-budget"
	typeBudget              = inventory.Budget
	budgetThresholdActual   = "Actual"
	budgetThresholdForecast = "Forecasted"
)

// budgetNotifications are the notifications every budget carries: the
// threshold type and percent of each.
var budgetNotifications = []struct {
	kind    string
	percent float64
}{{budgetThresholdActual, 80}, {budgetThresholdActual, 100}, {budgetThresholdForecast, 100}}

// CheckBudget evaluates the cost rules on a plan and its estimated monthly
// total (internal/cost, which policy does not import: the plan passes the
// figure): the stack has one budget, scoped to its resource group, that
// notifies a contact at 80 % and 100 % of the actual cost and 100 % of the
// forecast; in prod the estimate does not exceed the budget's amount.
func CheckBudget(r *inventory.Result, estimate float64, prod bool) Report {
	c := &checker{res: r}
	c.rule(RuleBudgetNotifies)
	budgets := r.ByType(typeBudget)
	if len(budgets) != 1 {
		c.report.Violations = append(c.report.Violations, Violation{Rule: RuleBudgetNotifies,
			Message: fmt.Sprintf("the stack has %d budgets, want exactly one on its resource group", len(budgets))})
	}
	for _, b := range budgets {
		c.budgetNotifies(b)
	}
	if prod {
		c.rule(RuleProdWithinBudget)
		for _, b := range budgets {
			amount, _ := c.in(b, "amount").(float64)
			if estimate > amount {
				c.fail(RuleProdWithinBudget, b, "the estimated monthly cost $%.2f exceeds the budget of $%.2f (ecommerce:monthlyBudget): raise the budget or cut the stack", estimate, amount)
			}
		}
	}
	return c.finish()
}

func (c *checker) budgetNotifies(b inventory.Resource) {
	if scope, _ := c.in(b, "scope").(string); !budgetScope.MatchString(scope) {
		c.fail(RuleBudgetNotifies, b, "scope is %q, want the stack's resource group", scope)
	}
	notifications, _ := c.in(b, "notifications").(map[string]any)
	for _, want := range budgetNotifications {
		found := false
		for _, key := range sortedAnyKeys(notifications) {
			n, _ := notifications[key].(map[string]any)
			if n["thresholdType"] != want.kind || n["threshold"] != want.percent || n["enabled"] != true {
				continue
			}
			found = true
			emails, _ := n["contactEmails"].([]any)
			roles, _ := n["contactRoles"].([]any)
			groups, _ := n["contactGroups"].([]any)
			if len(emails)+len(roles)+len(groups) == 0 {
				c.fail(RuleBudgetNotifies, b, "notification %s notifies nobody", key)
			}
		}
		if !found {
			c.fail(RuleBudgetNotifies, b, "no enabled notification at %g %% %s", want.percent, want.kind)
		}
	}
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// With returns the report with another's rules and violations added: the
// plan checks the cost rules, which need the estimate, beside Check's.
func (r Report) With(o Report) Report {
	out := Report{Rules: append(append([]string(nil), r.Rules...), o.Rules...), Checked: max(r.Checked, o.Checked)}
	out.Violations = append(append([]Violation(nil), r.Violations...), o.Violations...)
	out.Undecided = append(append([]Violation(nil), r.Undecided...), o.Undecided...)
	sort.SliceStable(out.Violations, func(i, j int) bool { return out.Violations[i].Rule < out.Violations[j].Rule })
	return out
}

// budgetScope is a resource group's id.
var budgetScope = regexp.MustCompile(`^/subscriptions/[^/]+/resourceGroups/[^/]+$`)
