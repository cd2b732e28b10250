package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// Types the "Alerts" section reads.
const (
	typeActionGroup      = inventory.ActionGroup
	typeMetricAlert      = inventory.MetricAlert
	typeLogAlert         = inventory.ScheduledQueryRule
	typeActivityLogAlert = inventory.ActivityLogAlert
	typeWebTest          = inventory.WebTest
)

// operatorSigns spell Azure Monitor's operators.
var operatorSigns = map[string]string{
	"GreaterThan": ">", "GreaterThanOrEqual": ">=", "LessThan": "<", "LessThanOrEqual": "<=", "Equals": "=",
}

// alertRow is one line of the "Alerts" section.
type alertRow struct {
	severity            string
	name, watched, when string
	told                string
}

// writeAlerts writes the text plan's "Alerts" section: every alert rule,
// what it watches, at what threshold, its severity, and who is told (the
// action group's receivers; a webhook's URL is a secret and not shown).
func writeAlerts(b *strings.Builder, r *inventory.Result) {
	groups := map[string]string{} // action group id -> who it tells
	for _, g := range r.ByType(typeActionGroup) {
		groups[strings.ToLower(g.ID)] = whoIsTold(g)
	}
	names := map[string]string{} // resource id -> logical name
	for _, res := range r.Resources {
		if res.Custom && res.ID != "" {
			names[strings.ToLower(res.ID)] = res.Name
		}
	}
	told := func(ids []string) string {
		var out []string
		for _, id := range ids {
			who, ok := groups[strings.ToLower(id)]
			if !ok {
				who = "action group " + id
			}
			out = append(out, who)
		}
		if len(out) == 0 {
			return "nobody: no action group"
		}
		return strings.Join(out, "; ")
	}
	for _, t := range r.ByType(typeWebTest) {
		names[strings.ToLower(t.ID)] = t.Name + " (GET " + str(t.Input("request.requestUrl")) + ", expects HTTP " +
			fmt.Sprint(t.Input("validationRules.expectedHttpStatusCode")) + ")"
	}
	var rows []alertRow
	for _, a := range r.ByType(typeMetricAlert) {
		rows = append(rows, metricAlertRow(a, names, told))
	}
	for _, a := range r.ByType(typeLogAlert) {
		criterion := first(a.Input("criteria.allOf"))
		rows = append(rows, alertRow{
			severity: fmt.Sprint(a.Input("severity")), name: str(a.Input("ruleName")),
			watched: "log query on " + nameOf(names, strs(a.Input("scopes"))) + ": " + str(a.Input("description")),
			when: fmt.Sprintf("rows %s %v in %v, every %v", operatorSigns[str(criterion["operator"])], criterion["threshold"],
				a.Input("windowSize"), a.Input("evaluationFrequency")),
			told: told(strs(a.Input("actions.actionGroups"))),
		})
	}
	for _, a := range r.ByType(typeActivityLogAlert) {
		var ids []string
		for _, g := range anys(a.Input("actions.actionGroups")) {
			if m, ok := g.(map[string]any); ok {
				ids = append(ids, str(m["actionGroupId"]))
			}
		}
		rows = append(rows, alertRow{
			severity: "-", name: str(a.Input("activityLogAlertName")),
			watched: "activity log: " + str(a.Input("description")), when: "on each event", told: told(ids),
		})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	fmt.Fprintf(b, "\nAlerts: %d rules (severity 0 critical to 4 verbose)\n", len(rows))
	for _, row := range rows {
		fmt.Fprintf(b, "  sev %s  %s\n      watches %s\n      fires when %s\n      tells %s\n", row.severity, row.name, row.watched, row.when, row.told)
	}
}

// metricAlertRow describes a metric alert: static thresholds on a
// resource's metric, or an availability test's failed locations.
func metricAlertRow(a inventory.Resource, names map[string]string, told func([]string) string) alertRow {
	row := alertRow{severity: fmt.Sprint(a.Input("severity")), name: str(a.Input("ruleName"))}
	var ids []string
	for _, x := range anys(a.Input("actions")) {
		if m, ok := x.(map[string]any); ok {
			ids = append(ids, str(m["actionGroupId"]))
		}
	}
	row.told = told(ids)
	every := fmt.Sprintf("in %v, every %v", a.Input("windowSize"), a.Input("evaluationFrequency"))
	if test := str(a.Input("criteria.webTestId")); test != "" {
		row.watched = "availability test " + nameOf(names, []string{test})
		row.when = fmt.Sprintf("%v or more test locations fail %s", a.Input("criteria.failedLocationCount"), every)
		return row
	}
	scope := nameOf(names, strs(a.Input("scopes")))
	var conditions []string
	for _, x := range anys(a.Input("criteria.allOf")) {
		m, _ := x.(map[string]any)
		metric := str(m["metricName"])
		for _, d := range anys(m["dimensions"]) {
			if dm, ok := d.(map[string]any); ok {
				metric += fmt.Sprintf(" [%s %s %s]", str(dm["name"]), strings.ToLower(str(dm["operator"])), strings.Join(strs(dm["values"]), ", "))
			}
		}
		conditions = append(conditions, fmt.Sprintf("%s %s %s %v", str(m["timeAggregation"]), metric, operatorSigns[str(m["operator"])], m["threshold"]))
	}
	row.watched = scope
	row.when = strings.Join(conditions, " and ") + " " + every
	return row
}

// whoIsTold lists an action group's receivers.
func whoIsTold(g inventory.Resource) string {
	var who []string
	for _, e := range anys(g.Input("emailReceivers")) {
		if m, ok := e.(map[string]any); ok {
			who = append(who, str(m["emailAddress"]))
		}
	}
	if hooks := anys(g.Input("webhookReceivers")); len(hooks) > 0 {
		who = append(who, fmt.Sprintf("%d webhook(s) (URL secret)", len(hooks)))
	}
	name := str(g.Input("actionGroupName"))
	if len(who) == 0 {
		return name + " (no receivers: the alert shows in the portal only)"
	}
	return name + " (" + strings.Join(who, ", ") + ")"
}

// nameOf names the resources of ids by their logical names where the plan
// has them, else by the ids themselves.
func nameOf(names map[string]string, ids []string) string {
	var out []string
	for _, id := range ids {
		if n, ok := names[strings.ToLower(id)]; ok {
			out = append(out, n)
		} else {
			out = append(out, id)
		}
	}
	return strings.Join(out, ", ")
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func anys(v any) []any {
	a, _ := v.([]any)
	return a
}

func strs(v any) []string {
	var out []string
	for _, x := range anys(v) {
		out = append(out, str(x))
	}
	return out
}

func first(v any) map[string]any {
	if a := anys(v); len(a) > 0 {
		m, _ := a[0].(map[string]any)
		return m
	}
	return map[string]any{}
}
