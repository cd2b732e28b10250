package resilience

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// target prints a target in minutes, or that there is none.
func target(key string, m int) string {
	if m == 0 {
		return key + " unset"
	}
	return fmt.Sprintf("%s %d", key, m)
}

func mark(o Objective) string {
	if o.Estimate {
		return " [estimate]"
	}
	return ""
}

// WriteText writes the report as `plan --format resilience` prints it:
// each store's RPO and RTO with their sources, the customer path's
// composite availability, the single points of failure, and the worst
// customer-path figures against the targets.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Resilience of stack %q to an outage of its region %s (figures read %s; targets: %s, %s)\n",
		r.Stack, r.Region, r.FiguresRead, target("ecommerce:rpoMinutes", r.Targets.RPOMinutes), target("ecommerce:rtoMinutes", r.Targets.RTOMinutes))
	for _, s := range r.Stores {
		path := ""
		if s.CustomerPath {
			path = ", customer path"
		}
		fmt.Fprintf(&b, "  %s  %s%s: %s\n", s.Name, s.Role, path, s.Recovery)
		for _, o := range []struct {
			name string
			obj  Objective
		}{{"RPO", s.RPO}, {"RTO", s.RTO}} {
			fmt.Fprintf(&b, "    %s %s%s", o.name, o.obj.Text, mark(o.obj))
			if len(o.obj.Sources) > 0 {
				fmt.Fprintf(&b, "  (%s)", strings.Join(o.obj.Sources, ", "))
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "  Customer path availability: %s, the product of:\n", percent(r.Availability))
	for _, l := range r.Links {
		if l.SLA == "" {
			fmt.Fprintf(&b, "    %-9s  %s (%s): no SLA\n", "none", l.Name, l.Setting)
			continue
		}
		parallel := ""
		if l.Parallel {
			parallel = ", in parallel with the other region's (1 - product of the unavailabilities): Front Door fails the portals over by itself, the data tier's failover is the runbook's (RTO above)"
		}
		fmt.Fprintf(&b, "    %-9s  %s (%s): SLA %s%s  (%s)\n", percent(l.Percent), l.Name, l.Setting, l.SLA, parallel, l.Source)
	}
	fmt.Fprintf(&b, "  Single points of failure (%d):\n", len(r.SPOFs))
	for _, s := range r.SPOFs {
		fmt.Fprintf(&b, "    %s: %s\n", s.Name, s.Why)
	}
	fmt.Fprintf(&b, "  Customer path worst: RPO %s; RTO %s\n", worst(r, true), worst(r, false))
	_, err := io.WriteString(w, b.String())
	return err
}

func percent(p float64) string { return fmt.Sprintf("%.3f %%", p) }

// worst prints the customer path's worst figure and its store.
func worst(r *Report, rpo bool) string {
	s, ok := r.Worst(rpo)
	if !ok {
		return "not stated"
	}
	o := s.RTO
	if rpo {
		o = s.RPO
	}
	return fmt.Sprintf("%s (%s)", short(o), s.Name)
}

// short is an objective's figure without its explanation.
func short(o Objective) string {
	if math.IsInf(o.Value(), 1) {
		return "none"
	}
	return minutes(o.Minutes)
}

// WriteSummary writes the README's table of the stacks' resilience
// (README, "Resilience"): per stack, the worst customer-path RPO and RTO,
// the targets, the composite availability and the count of single points
// of failure. `make readme-resilience` writes it between the README's
// markers; a test keeps them equal.
func WriteSummary(w io.Writer, reports []*Report) error {
	var b strings.Builder
	if len(reports) > 0 {
		fmt.Fprintf(&b, "Figures as the plan prints them, with the shipped figure table (read %s):\n\n", reports[0].FiguresRead)
	}
	b.WriteString("| stack | customer path RPO | customer path RTO | targets (RPO / RTO minutes) | availability | single points of failure |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range reports {
		targets := fmt.Sprintf("%d / %d", r.Targets.RPOMinutes, r.Targets.RTOMinutes)
		if r.Targets == (Targets{}) {
			targets = "none"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %d |\n", r.Stack, worst(r, true), worst(r, false), targets, percent(r.Availability), len(r.SPOFs))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
