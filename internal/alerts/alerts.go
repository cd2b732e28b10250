// Package alerts is the platform's alert catalog as Go data: for each kind of
// monitored resource, the metric alerts it must carry (Azure Monitor Baseline
// Alerts, AMBA, as the floor) and the log alerts for the shop's own failure
// modes. It holds no Pulumi resources, so the policy check and the baseline
// helpers that create the alerts read the same table.
package alerts

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
)

// Operator is a metric or log alert's comparison, as Azure Monitor spells it.
type Operator string

// The operators the catalog uses.
const (
	GreaterThan Operator = "GreaterThan"
	LessThan    Operator = "LessThan"
)

// Aggregation combines a metric's values within the window.
type Aggregation string

// The aggregations the catalog uses.
const (
	Average Aggregation = "Average"
	Maximum Aggregation = "Maximum"
	Total   Aggregation = "Total"
	Count   Aggregation = "Count"
)

// Kind is a kind of monitored resource: one Azure resource type, or a
// sub-kind of one where the alerts differ (a dedicated SQL pool is a
// Microsoft.Sql/servers/databases of tier DataWarehouse).
type Kind string

// The monitored kinds.
const (
	WebApp         Kind = "web app"
	AppServicePlan Kind = "App Service plan"
	FunctionApp    Kind = "function app"
	SQLDatabase    Kind = "SQL database"
	SQLPool        Kind = "dedicated SQL pool"
	// SQLReplicated is a SQL database in a failover group, either side.
	SQLReplicated  Kind = "SQL database in a failover group"
	StorageAccount Kind = "storage account"
	KeyVault       Kind = "Key Vault"
	DataFactory    Kind = "Data Factory"
	FrontDoor      Kind = "Front Door"
)

// Kinds lists every monitored kind, in the order reports show them.
var Kinds = []Kind{WebApp, AppServicePlan, FunctionApp, SQLDatabase, SQLReplicated, SQLPool, StorageAccount, KeyVault, DataFactory, FrontDoor}

// Scope says where a metric alert is scoped: on the watched resource itself,
// or on Application Insights with the watched resource's name as the
// cloud/roleName dimension (the worker's failures are telemetry, not a
// platform metric of the site).
type Scope string

// The scopes.
const (
	OnResource        Scope = "resource"
	OnAppInsightsRole Scope = "app insights role"
)

// RoleNameDimension is Application Insights' dimension naming the app that
// sent the telemetry; for App Service and Functions it is the site's name.
const RoleNameDimension = "cloud/roleName"

// Metric is one metric alert rule of the catalog.
type Metric struct {
	// Key names the rule within its kind, e.g. "http-5xx"; it becomes the
	// suffix of the alert's resource name.
	Key         string
	Description string
	Namespace   string
	Metric      string
	Operator    Operator
	Threshold   float64
	Aggregation Aggregation
	// Severity: 0 critical, 1 error, 2 warning, 3 informational, 4 verbose.
	Severity int
	// Frequency and Window are ISO 8601 durations: how often the rule runs,
	// and the span each run looks back over.
	Frequency string
	Window    string
	Scope     Scope
	// Filter, when set, counts only the metric's series with this dimension
	// value (WAF requests whose Action is Block).
	Filter *Dimension
	// Source is where the threshold comes from: an AMBA page, or why the
	// shop chose it where AMBA has none.
	Source string
}

// Dimension is one metric dimension and the value a rule keeps.
type Dimension struct {
	Name, Value string
}

// Log is one log alert rule (a scheduled query on the workspace).
type Log struct {
	Key         string
	Description string
	// Query is KQL over the workspace; every row it returns counts.
	Query     string
	Operator  Operator
	Threshold float64
	Severity  int
	Frequency string
	Window    string
	Source    string
}

// Tuning holds the thresholds a stack's config may change; everything else
// is the catalog's.
type Tuning struct {
	// ResponseTimeSeconds: a portal's average response time above this pages.
	ResponseTimeSeconds int
	// HTTP5xxCount: more 5xx responses than this in 15 minutes page.
	HTTP5xxCount int
	// PoolOnlineMinutes: the warehouse still online this long after the
	// last pipeline run ended pages.
	PoolOnlineMinutes int
}

// DefaultTuning is AMBA's thresholds where it has them, and the shop's
// choice where it has none (see the catalog entries).
var DefaultTuning = Tuning{ResponseTimeSeconds: 5, HTTP5xxCount: 10, PoolOnlineMinutes: 30}

// iso8601 matches the durations Azure Monitor accepts for frequency and window.
var iso8601 = regexp.MustCompile(`^PT([0-9]+[MH])$|^P1D$`)

// Check reports what is wrong with a metric rule, naming the field, so that
// a hand-built rule fails before any resource is registered.
func (m Metric) Check() []string {
	out := empty([2]string{"Key", m.Key}, [2]string{"Description", m.Description}, [2]string{"Namespace", m.Namespace},
		[2]string{"Metric", m.Metric}, [2]string{"Operator", string(m.Operator)}, [2]string{"Aggregation", string(m.Aggregation)})
	return append(out, timing(m.Severity, m.Frequency, m.Window)...)
}

// Check reports what is wrong with a log rule, naming the field.
func (l Log) Check() []string {
	out := empty([2]string{"Key", l.Key}, [2]string{"Description", l.Description}, [2]string{"Query", l.Query}, [2]string{"Operator", string(l.Operator)})
	return append(out, timing(l.Severity, l.Frequency, l.Window)...)
}

// empty names, in order, the fields (name, value pairs) left empty.
func empty(fields ...[2]string) []string {
	var out []string
	for _, f := range fields {
		if f[1] == "" {
			out = append(out, f[0]+" is empty")
		}
	}
	return out
}

func timing(severity int, frequency, window string) []string {
	var out []string
	if severity < 0 || severity > 4 {
		out = append(out, fmt.Sprintf("Severity %d is not 0-4", severity))
	}
	if !iso8601.MatchString(frequency) {
		out = append(out, fmt.Sprintf("Frequency %q is not an ISO 8601 duration such as PT5M", frequency))
	}
	if !iso8601.MatchString(window) {
		out = append(out, fmt.Sprintf("Window %q is not an ISO 8601 duration such as PT15M", window))
	}
	return out
}

// IsEmail accepts what an action group and Defender for SQL deliver to: a
// plain address (no display name) with a dotted domain.
func IsEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	domain := s[strings.LastIndex(s, "@")+1:]
	return strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}
