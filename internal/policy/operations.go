package policy

import (
	"sort"
	"strings"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/inventory"
)

// Rule names of the operations baseline (issue 10).
const (
	RuleAlertsRequired           = "alerts-required"
	RuleAlertsNotify             = "alerts-notify"
	RuleProdAppInsightsEntraOnly = "prod-app-insights-entra-only"
	RuleProdSQLThreatDetection   = "prod-sql-threat-detection"
)

// Types the operations rules read.
const (
	typeMetricAlert              = inventory.MetricAlert
	typeScheduledQueryRule       = inventory.ScheduledQueryRule
	typeActivityLogAlert         = inventory.ActivityLogAlert
	typeSQLSecurityAlertPolicy   = inventory.ServerSecurityAlertPolicy
	typeSQLAdvancedThreatProtect = inventory.ServerAdvancedThreatProtectionSettings
	typeSQLDatabase              = inventory.SQLDatabase
)

// alertRuleTag is baseline.AlertRuleTag (policy stays free of the Pulumi
// resource packages baseline imports).
const alertRuleTag = "alert-rule"

// monitored maps the Pulumi types of monitored resources to their catalog
// kind; a SQL database is a pool or not by its tier (kindOf).
var monitored = map[string]alerts.Kind{
	inventory.LinuxWebApp:      alerts.WebApp,
	inventory.ServicePlan:      alerts.AppServicePlan,
	inventory.LinuxFunctionApp: alerts.FunctionApp,
	typeSQLDatabase:            alerts.SQLDatabase,
	inventory.StorageAccount:   alerts.StorageAccount,
	inventory.KeyVault:         alerts.KeyVault,
	inventory.DataFactory:      alerts.DataFactory,
	inventory.FrontDoorProfile: alerts.FrontDoor,
}

func kindOf(r inventory.Resource) alerts.Kind {
	if r.Type == typeSQLDatabase && r.Input("sku.tier") == "DataWarehouse" {
		return alerts.SQLPool
	}
	return monitored[r.Type]
}

// CheckOperations evaluates the operations rules: every monitored
// resource carries its catalog alerts, every alert notifies an action
// group, and in prod Application Insights takes Entra-authenticated
// telemetry only and both SQL servers have threat detection. Check runs
// these rules too, after the others; CheckOperations runs them alone.
func CheckOperations(r *inventory.Result, prod bool) Report {
	c := &checker{res: r}
	c.alertsRequired()
	c.alertsNotify()
	if prod {
		c.prodOperations()
	}
	return c.finish()
}

// watched is one metric alert's target: its scopes, and each criterion's
// namespace, metric and cloud/roleName values.
type watched struct {
	scopes   []string
	criteria []criterion
}

type criterion struct {
	namespace, metric string
	roles             []string
}

func (c *checker) metricAlerts() []watched {
	var out []watched
	for _, a := range c.res.ByType(typeMetricAlert) {
		var w watched
		scopes, _ := a.Input("scopes").([]any)
		for _, s := range scopes {
			if id, ok := s.(string); ok {
				w.scopes = append(w.scopes, strings.ToLower(id))
			}
		}
		all, _ := a.Input("criteria.allOf").([]any)
		for _, x := range all {
			m, _ := x.(map[string]any)
			cr := criterion{namespace: strings.ToLower(str(m["metricNamespace"])), metric: str(m["metricName"])}
			dims, _ := m["dimensions"].([]any)
			for _, d := range dims {
				dm, _ := d.(map[string]any)
				if str(dm["name"]) != alerts.RoleNameDimension || str(dm["operator"]) != "Include" {
					continue
				}
				values, _ := dm["values"].([]any)
				for _, v := range values {
					cr.roles = append(cr.roles, str(v))
				}
			}
			w.criteria = append(w.criteria, cr)
		}
		out = append(out, w)
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// covers reports whether some alert watches rule m on resource r.
func covers(all []watched, m alerts.Metric, r inventory.Resource) bool {
	name := str(r.Input("name"))
	for _, w := range all {
		onResource := false
		for _, s := range w.scopes {
			onResource = onResource || s == strings.ToLower(r.ID)
		}
		for _, cr := range w.criteria {
			if cr.namespace != strings.ToLower(m.Namespace) || cr.metric != m.Metric {
				continue
			}
			switch m.Scope {
			case alerts.OnResource:
				if onResource {
					return true
				}
			case alerts.OnAppInsightsRole:
				for _, role := range cr.roles {
					if name != "" && role == name {
						return true
					}
				}
			}
		}
	}
	return false
}

func (c *checker) alertsRequired() {
	c.rule(RuleAlertsRequired)
	metricAlerts := c.metricAlerts()
	logAlerts := c.res.ByType(typeScheduledQueryRule)
	for _, typ := range sortedKeys(monitored) {
		for _, r := range c.res.ByType(typ) {
			kind := kindOf(r)
			for _, m := range alerts.Metrics(kind, alerts.DefaultTuning) {
				if !covers(metricAlerts, m, r) {
					c.fail(RuleAlertsRequired, r, "%s has no %q metric alert (%s %s)", kind, m.Key, m.Namespace, m.Metric)
				}
			}
			for _, key := range alerts.LogKeys[kind] {
				found := false
				for _, l := range logAlerts {
					query := strings.ToLower(queryOf(l))
					found = found || (l.Input("tags."+alertRuleTag) == key && r.ID != "" && strings.Contains(query, strings.ToLower(r.ID)))
				}
				if !found {
					c.fail(RuleAlertsRequired, r, "%s has no %q log alert whose query names it", kind, key)
				}
			}
		}
	}
}

// queryOf is the query of a scheduled query rule's first condition.
func queryOf(l inventory.Resource) string {
	all, _ := l.Input("criteria.allOf").([]any)
	if len(all) == 0 {
		return ""
	}
	m, _ := all[0].(map[string]any)
	return str(m["query"])
}

func sortedKeys(m map[string]alerts.Kind) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (c *checker) alertsNotify() {
	c.rule(RuleAlertsNotify)
	for _, r := range c.res.ByType(typeMetricAlert) {
		if !anyGroup(r.Input("actions"), "actionGroupId") {
			c.fail(RuleAlertsNotify, r, "notifies no action group")
		}
	}
	for _, r := range c.res.ByType(typeScheduledQueryRule) {
		groups, _ := r.Input("actions.actionGroups").([]any)
		if !slicesAnyString(groups) {
			c.fail(RuleAlertsNotify, r, "notifies no action group")
		}
	}
	for _, r := range c.res.ByType(typeActivityLogAlert) {
		if !anyGroup(r.Input("actions.actionGroups"), "actionGroupId") {
			c.fail(RuleAlertsNotify, r, "notifies no action group")
		}
	}
}

// anyGroup reports whether a list of action objects names an action group.
func anyGroup(list any, field string) bool {
	items, _ := list.([]any)
	for _, x := range items {
		if m, ok := x.(map[string]any); ok && str(m[field]) != "" {
			return true
		}
	}
	return false
}

func slicesAnyString(items []any) bool {
	for _, x := range items {
		if str(x) != "" {
			return true
		}
	}
	return false
}

func (c *checker) prodOperations() {
	c.rule(RuleProdAppInsightsEntraOnly)
	for _, r := range c.res.ByType(inventory.AppInsights) {
		c.want(RuleProdAppInsightsEntraOnly, r, "disableLocalAuth", true)
	}
	c.rule(RuleProdSQLThreatDetection)
	enabled := map[string]bool{}
	for _, typ := range []string{typeSQLSecurityAlertPolicy, typeSQLAdvancedThreatProtect} {
		for _, p := range c.res.ByType(typ) {
			if p.Input("state") == "Enabled" {
				enabled[str(p.Input("serverName"))] = true
			}
		}
	}
	for _, r := range c.res.ByType(inventory.SQLServer) {
		if !enabled[str(r.Input("serverName"))] {
			c.fail(RuleProdSQLThreatDetection, r, "has no enabled Defender for SQL (security alert policy or advanced threat protection)")
		}
	}
}
