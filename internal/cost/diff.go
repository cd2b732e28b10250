package cost

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// alertTypes are the resources a reviewer reads as alerts.
var alertTypes = []string{inventory.MetricAlert, inventory.ScheduledQueryRule, inventory.ActivityLogAlert}

// Change is what a change of the code does to one stack's estimate: the
// merge base's estimate against the head's.
type Change struct {
	Stack string
	// New is true when the base has no such stack (an empty estimate).
	New                        bool
	Base, Head                 *Estimate
	Lines                      []LineChange // priced lines whose monthly figure changed, came or went
	NewUnpriced                []Unpriced   // unpriced in the head and not in the base
	Added, Removed             []Item       // resources
	AddedAlerts, RemovedAlerts []Item
	// ResourcesKnown is false when the base estimate predates its
	// resources list: what was added or removed is then not known.
	ResourcesKnown bool
}

// LineChange is one priced line's monthly figure before and after.
type LineChange struct {
	Type, Name, What string
	Base, Head       float64
}

// Delta is the line's change a month.
func (l LineChange) Delta() float64 { return l.Head - l.Base }

// Diff compares two estimates of the same stack.
func Diff(base, head *Estimate) Change {
	c := Change{Stack: head.Stack, New: base.Stack == "", Base: base, Head: head, ResourcesKnown: base.Resources != nil || base.Stack == ""}
	key := func(l Line) string { return l.Type + "\x00" + l.Name + "\x00" + l.What + "\x00" + l.Dimension }
	before := map[string]Line{}
	for _, l := range base.Lines {
		b := before[key(l)]
		l.Monthly += b.Monthly
		before[key(l)] = l
	}
	after := map[string]Line{}
	for _, l := range head.Lines {
		a := after[key(l)]
		l.Monthly += a.Monthly
		after[key(l)] = l
	}
	// A line whose description changed (a new SKU) is the same meter of
	// the same resource: pair what went with what came by resource and
	// dimension, one to one.
	meter := func(l Line) string { return l.Type + "\x00" + l.Name + "\x00" + l.Dimension }
	gone := map[string][]Line{}
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, kept := after[k]; !kept {
			l := before[k]
			gone[meter(l)] = append(gone[meter(l)], l)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(after)) {
		l := after[k]
		b, kept := before[k]
		what := l.What
		if olds := gone[meter(l)]; !kept && len(olds) > 0 {
			b, gone[meter(l)] = olds[0], olds[1:]
			what = b.What + " → " + l.What
		}
		if math.Abs(l.Monthly-b.Monthly) >= 0.005 || what != l.What {
			c.Lines = append(c.Lines, LineChange{Type: l.Type, Name: l.Name, What: what, Base: b.Monthly, Head: l.Monthly})
		}
	}
	for _, m := range slices.Sorted(maps.Keys(gone)) {
		for _, l := range gone[m] {
			if l.Monthly >= 0.005 {
				c.Lines = append(c.Lines, LineChange{Type: l.Type, Name: l.Name, What: l.What, Base: l.Monthly})
			}
		}
	}
	slices.SortFunc(c.Lines, func(a, b LineChange) int {
		if d := math.Abs(b.Delta()) - math.Abs(a.Delta()); d != 0 {
			return int(math.Copysign(1, d))
		}
		return strings.Compare(a.Name+a.What, b.Name+b.What)
	})
	for _, u := range head.Unpriced {
		if !slices.Contains(base.Unpriced, u) {
			c.NewUnpriced = append(c.NewUnpriced, u)
		}
	}
	if c.ResourcesKnown {
		c.Added, c.Removed = itemsMinus(head.Resources, base.Resources), itemsMinus(base.Resources, head.Resources)
		for _, it := range c.Added {
			if slices.Contains(alertTypes, it.Type) {
				c.AddedAlerts = append(c.AddedAlerts, it)
			}
		}
		for _, it := range c.Removed {
			if slices.Contains(alertTypes, it.Type) {
				c.RemovedAlerts = append(c.RemovedAlerts, it)
			}
		}
	}
	return c
}

// itemsMinus returns the items of a that b lacks, sorted by name.
func itemsMinus(a, b []Item) []Item {
	var out []Item
	for _, it := range a {
		if !slices.Contains(b, it) {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(x, y Item) int { return strings.Compare(x.Name+x.Type, y.Name+y.Type) })
	return out
}

// WriteDiffMarkdown writes the change as the pull-request comment shows
// it: the totals, the budget headroom, the lines that moved, what has no
// price, and the resources and alerts that came or went.
func WriteDiffMarkdown(w io.Writer, c Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### Cost of this change: stack `%s`\n\n", c.Stack)
	if c.New {
		b.WriteString("A new stack: everything below is added.\n\n")
	}
	if len(c.Lines) == 0 && len(c.Added) == 0 && len(c.Removed) == 0 && len(c.NewUnpriced) == 0 && c.ResourcesKnown {
		fmt.Fprintf(&b, "No change: %s a month, %s.\n\n", money(c.Head.Total), headroom(c.Head))
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("| | before | after | change |\n| --- | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| monthly estimate (%s) | %s | %s | %s |\n", c.Head.Currency, money(c.Base.Total), money(c.Head.Total), signed(c.Head.Total-c.Base.Total))
	fmt.Fprintf(&b, "| at the upper bounds | %s | %s | %s |\n", money(c.Base.TotalAtMax), money(c.Head.TotalAtMax), signed(c.Head.TotalAtMax-c.Base.TotalAtMax))
	fmt.Fprintf(&b, "\nBudget headroom: before %s; after %s.\n", headroom(c.Base), headroom(c.Head))
	if len(c.Lines) > 0 {
		fmt.Fprintf(&b, "\n%d priced line(s) changed:\n\n| resource | what | before | after | change |\n| --- | --- | ---: | ---: | ---: |\n", len(c.Lines))
		for _, l := range c.Lines {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", l.Name, l.What, money(l.Base), money(l.Head), signed(l.Delta()))
		}
	}
	if len(c.NewUnpriced) > 0 {
		fmt.Fprintf(&b, "\n**Not priced (%d), left out of the total:**\n", len(c.NewUnpriced))
		for _, u := range c.NewUnpriced {
			fmt.Fprintf(&b, "- `%s` (%s): %s\n", u.Name, u.Type, u.Reason)
		}
	}
	if !c.ResourcesKnown {
		b.WriteString("\nThe base estimate lists no resources: what was added or removed is not known.\n")
	}
	for _, group := range []struct {
		title string
		items []Item
	}{
		{"Resources added", c.Added}, {"Resources removed", c.Removed},
		{"Alerts added", c.AddedAlerts}, {"Alerts removed", c.RemovedAlerts},
	} {
		if len(group.items) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n**%s (%d):**", group.title, len(group.items))
		for i, it := range group.items {
			sep := ","
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(&b, "%s `%s` (%s)", sep, it.Name, it.Type)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// headroom says how far an estimate is below or above its budget.
func headroom(e *Estimate) string {
	switch {
	case e.Stack == "":
		return "no stack"
	case e.Budget == 0:
		return "no budget"
	case e.Total > e.Budget:
		return fmt.Sprintf("**%s over** the budget of %s", money(e.Total-e.Budget), money(e.Budget))
	}
	return fmt.Sprintf("%s left of the budget of %s (%.0f %% used)", money(e.Budget-e.Total), money(e.Budget), 100*e.Total/e.Budget)
}

// signed prints a change with its sign.
func signed(v float64) string {
	if math.Abs(v) < 0.005 {
		return "$0.00"
	}
	if v < 0 {
		return "-" + money(-v)
	}
	return "+" + money(v)
}
