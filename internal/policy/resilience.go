package policy

import "github.com/ecommerce-platform/infra/internal/inventory"

// RuleProdRecoveryTargets: in prod, every store on the customer path comes
// back from a regional outage within the stack's recovery targets.
const RuleProdRecoveryTargets = "prod-recovery-within-targets"

// Recovery is one customer-path store's figures after a regional outage,
// as internal/resilience derives them (policy does not import it: the plan
// passes them). +Inf is no recovery in another region, over any target;
// NaN is a figure the source does not state, which no comparison fails.
type Recovery struct {
	URN, Store             string
	RPOMinutes, RTOMinutes float64
	RPOText, RTOText       string
}

// CheckResilience evaluates the recovery rule: in prod, no customer-path
// store's RPO exceeds ecommerce:rpoMinutes nor its RTO ecommerce:rtoMinutes;
// a target of 0 sets none. Other stacks report their figures and fail
// nothing.
func CheckResilience(r *inventory.Result, path []Recovery, rpoTarget, rtoTarget int, prod bool) Report {
	c := &checker{res: r}
	if prod {
		c.rule(RuleProdRecoveryTargets)
		for _, rec := range path {
			res, _ := r.ByURN(rec.URN)
			for _, o := range []struct {
				name, key, text string
				minutes         float64
				target          int
			}{{"RPO", "ecommerce:rpoMinutes", rec.RPOText, rec.RPOMinutes, rpoTarget}, {"RTO", "ecommerce:rtoMinutes", rec.RTOText, rec.RTOMinutes, rtoTarget}} {
				if o.target > 0 && o.minutes > float64(o.target) {
					c.fail(RuleProdRecoveryTargets, res, "%s after a regional outage: %s %s exceeds %s = %d minutes", rec.Store, o.name, o.text, o.key, o.target)
				}
			}
		}
	}
	return c.finish()
}
