package policy

import (
	"slices"
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

func (c *checker) kindOf(r inventory.Resource) alerts.Kind {
	if r.Type == typeSQLDatabase && c.in(r, "sku.tier") == "DataWarehouse" {
		return alerts.SQLPool
	}
	if r.Type == typeSQLDatabase && c.replicated(r) {
		return alerts.SQLReplicated
	}
	return monitored[r.Type]
}

// replicated reports whether a database is in a failover group: its
// geo-secondary (createMode Secondary), or a database a group lists.
func (c *checker) replicated(r inventory.Resource) bool {
	if c.in(r, "createMode") == "Secondary" {
		return true
	}
	id := c.id(r)
	for _, g := range c.res.ByType(inventory.SQLFailoverGroup) {
		if dbs, ok := c.in(g, "databases").([]any); ok && slices.Contains(dbs, any(id)) {
			return true
		}
	}
	return false
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
		scopes, _ := c.in(a, "scopes").([]any)
		for _, s := range scopes {
			if id, ok := s.(string); ok {
				w.scopes = append(w.scopes, strings.ToLower(id))
			}
		}
		all, _ := c.in(a, "criteria.allOf").([]any)
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
func (c *checker) covers(all []watched, m alerts.Metric, r inventory.Resource) bool {
	name := str(c.in(r, "name"))
	for _, w := range all {
		onResource := false
		for _, s := range w.scopes {
			onResource = onResource || s == strings.ToLower(c.id(r))
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
			kind := c.kindOf(r)
			for _, m := range alerts.Metrics(kind, alerts.DefaultTuning) {
				if !c.covers(metricAlerts, m, r) {
					c.fail(RuleAlertsRequired, r, "%s has no %q metric alert (%s %s)", kind, m.Key, m.Namespace, m.Metric)
				}
			}
			for _, key := range alerts.LogKeys[kind] {
				found := false
				for _, l := range logAlerts {
					query := strings.ToLower(c.queryOf(l))
					found = found || (c.in(l, "tags."+alertRuleTag) == key && c.id(r) != "" && strings.Contains(query, strings.ToLower(c.id(r))))
				}
				if !found {
					c.fail(RuleAlertsRequired, r, "%s has no %q log alert whose query names it", kind, key)
				}
			}
		}
	}
}

// queryOf is the query of a scheduled query rule's first condition.
func (c *checker) queryOf(l inventory.Resource) string {
	all, _ := c.in(l, "criteria.allOf").([]any)
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
		if !anyGroup(c.in(r, "actions"), "actionGroupId") {
			c.fail(RuleAlertsNotify, r, "notifies no action group")
		}
	}
	for _, r := range c.res.ByType(typeScheduledQueryRule) {
		groups, _ := c.in(r, "actions.actionGroups").([]any)
		if !slicesAnyString(groups) {
			c.fail(RuleAlertsNotify, r, "notifies no action group")
		}
	}
	for _, r := range c.res.ByType(typeActivityLogAlert) {
		if !anyGroup(c.in(r, "actions.actionGroups"), "actionGroupId") {
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
			if c.in(p, "state") == "Enabled" {
				enabled[str(c.in(p, "serverName"))] = true
			}
		}
	}
	for _, r := range c.res.ByType(inventory.SQLServer) {
		if !enabled[str(c.in(r, "serverName"))] {
			c.fail(RuleProdSQLThreatDetection, r, "has no enabled Defender for SQL (security alert policy or advanced threat protection)")
		}
	}
}
