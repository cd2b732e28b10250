package cost

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteJSON writes the estimate as `plan --format cost-json` prints it.
func WriteJSON(w io.Writer, est *Estimate) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(est)
}

// WriteText writes the estimate as a table, one line per priced meter, then
// the total, what rests on unverified prices, the reserved and savings-plan
// figures (outside the total) and anything left unpriced.
func WriteText(w io.Writer, est *Estimate) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Cost estimate of stack %q in %s: %s list prices read %s, usage from config\n", est.Stack, est.Region, est.Currency, est.PriceDate)
	fmt.Fprintf(&b, "  %12s  %-34s  %s\n", "monthly", "resource", "what: quantity x unit price")
	for _, l := range est.Lines {
		mark := ""
		if l.Unverified {
			mark = " [unverified]"
		}
		fmt.Fprintf(&b, "  %12s  %-34s  %s: %s %s x %s per %s%s\n", money(l.Monthly), l.Name, l.What,
			trim(l.Quantity), l.Dimension, trim(l.UnitPrice), l.Unit, mark)
		if l.MonthlyAtMax > l.Monthly {
			fmt.Fprintf(&b, "  %12s  %-34s  range: %s to %s\n", "", "", money(l.Monthly), money(l.MonthlyAtMax))
		}
	}
	fmt.Fprintf(&b, "  %12s  total a month (%s at the upper bounds)\n", money(est.Total), money(est.TotalAtMax))
	if est.Standby > 0 {
		fmt.Fprintf(&b, "  %12s  of it the warm standby's (the lines named standby: the pair's databases, plans, endpoints and alerts; not its share of shared lines)\n", money(est.Standby))
	}
	switch {
	case est.Budget == 0:
		b.WriteString("  no budget in the plan\n")
	case est.OverBudget:
		fmt.Fprintf(&b, "  WARNING: the estimate %s exceeds the stack's budget of %s a month (ecommerce:monthlyBudget) by %s; in prod the policy fails\n",
			money(est.Total), money(est.Budget), money(est.Total-est.Budget))
	default:
		fmt.Fprintf(&b, "  within the stack's budget of %s a month (ecommerce:monthlyBudget): %.0f %% of it\n", money(est.Budget), 100*est.Total/est.Budget)
	}
	fmt.Fprintf(&b, "  %d of %d lines rest on unverified price rows (`make prices` re-reads them); %d resources cost nothing by themselves\n",
		est.UnverifiedLines, len(est.Lines), est.FreeResources)
	a := est.Assumptions
	fmt.Fprintf(&b, "  assumptions: costSqlActiveHoursPerDay %d, costLogIngestMbPerDay %d, costEtlLoadMinutesPerRun %d (%s ETL runs a month), costEtlCopyMinutes %d, costStorageGb %d, costWarehouseStorageGb %d, costSqlDataGb %d\n",
		a.SQLActiveHoursPerDay, a.LogIngestMBPerDay, a.ETLLoadMinutesPerRun, trim(a.ETLRunsPerMonth), a.ETLCopyMinutes, a.StorageGB, a.WarehouseStorageGB, a.SQLDataGB)
	if len(est.Reserved) > 0 {
		b.WriteString("  Reserved and savings-plan prices, not in the total:\n")
		for _, c := range est.Reserved {
			fmt.Fprintf(&b, "  %12s  %-34s  %s for %s, instead of %s pay-as-you-go\n", money(c.Monthly), c.Name, c.Offer, c.CoveredAmount, money(c.PayAsYouGo))
		}
	}
	if len(est.Unpriced) > 0 {
		fmt.Fprintf(&b, "  NOT PRICED (%d): the total leaves these out\n", len(est.Unpriced))
		for _, u := range est.Unpriced {
			fmt.Fprintf(&b, "  %12s  %-34s  %s: %s\n", "?", u.Name, u.Type, u.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func money(v float64) string { return fmt.Sprintf("$%.2f", v) }

// trim prints a number without a float's noise.
func trim(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

// WriteSummary writes the README's table of stack totals (README, "Cost"):
// per stack, the total, the total at the upper bounds, the budget and the
// three largest lines, with the price date. `make readme-costs` writes it
// between the README's cost-totals markers; a test keeps them equal.
func WriteSummary(w io.Writer, ests []*Estimate) error {
	var b strings.Builder
	dates := map[string]bool{}
	for _, est := range ests {
		dates[est.PriceDate] = true
	}
	list := make([]string, 0, len(dates))
	for d := range dates {
		list = append(list, d)
	}
	sort.Strings(list)
	fmt.Fprintf(&b, "Totals as the plan prints them, with the shipped price table (prices read %s):\n\n", strings.Join(list, ", "))
	b.WriteString("| stack | total a month | of it the standby | at the upper bounds | budget | largest lines |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, est := range ests {
		var largest []string
		for _, l := range est.Largest(3) {
			dimension, _, _ := strings.Cut(l.Dimension, " (")
			largest = append(largest, fmt.Sprintf("%s %s (%s)", l.Name, money(l.Monthly), dimension))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", est.Stack, money(est.Total), money(est.Standby), money(est.TotalAtMax), money(est.Budget), strings.Join(largest, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
