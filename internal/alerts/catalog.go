package alerts

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// AMBA's pages, one per resource type: the site renders
// services/<RP>/<type>/alerts.yaml of github.com/Azure/azure-monitor-baseline-alerts
// (read at commit b772e9f, 2026-05-26).
const (
	ambaSites      = "https://azure.github.io/azure-monitor-baseline-alerts/services/Web/sites/"
	ambaServerFarm = "https://azure.github.io/azure-monitor-baseline-alerts/services/Web/serverFarms/"
	ambaSQL        = "https://azure.github.io/azure-monitor-baseline-alerts/services/Sql/servers/"
	ambaStorage    = "https://azure.github.io/azure-monitor-baseline-alerts/services/Storage/storageAccounts/"
	ambaKeyVault   = "https://azure.github.io/azure-monitor-baseline-alerts/services/KeyVault/vaults/"
	ambaFactory    = "https://azure.github.io/azure-monitor-baseline-alerts/services/DataFactory/factories/"
	ambaFrontDoor  = "https://azure.github.io/azure-monitor-baseline-alerts/services/Cdn/profiles/"
)

// Metric namespaces, as Azure Monitor's supported-metrics reference names them.
const (
	nsSites        = "Microsoft.Web/sites"
	nsServerFarms  = "Microsoft.Web/serverFarms"
	nsSQLDatabases = "Microsoft.Sql/servers/databases"
	nsStorage      = "Microsoft.Storage/storageAccounts"
	nsKeyVault     = "Microsoft.KeyVault/vaults"
	nsFactory      = "Microsoft.DataFactory/factories"
	nsAppInsights  = "microsoft.insights/components"
	nsFrontDoor    = "Microsoft.Cdn/profiles"
)

// Metrics returns the metric alerts every resource of kind k carries, with
// the stack's tuning applied. Where AMBA lists a rule, its threshold,
// aggregation, severity, frequency and window are AMBA's; each entry says
// where it comes from. Every rule auto-mitigates (resolves itself when the
// condition clears), AMBA's storage availability rule included.
func Metrics(k Kind, t Tuning) []Metric {
	switch k {
	case WebApp:
		return []Metric{
			// AMBA lists Http5xx, HttpResponseTime and HealthCheckStatus
			// for sites under "slots - …"; the metrics and their meaning
			// are the same on the production site, which is what
			// customers reach (AMBA's site-level AverageResponseTime is
			// deprecated by App Service in favour of HttpResponseTime).
			{Key: "http-5xx", Description: "The portal answers with server errors (HTTP 5xx).", Namespace: nsSites, Metric: "Http5xx",
				Operator: GreaterThan, Threshold: float64(t.HTTP5xxCount), Aggregation: Total, Severity: 1, Frequency: "PT5M", Window: "PT15M", Scope: OnResource,
				Source: ambaSites + " (slots - Http5xx: > 10 in 15 min, sev 1); tunable: alertHttp5xxCount"},
			{Key: "response-time", Description: "The portal's average response time is too long.", Namespace: nsSites, Metric: "HttpResponseTime",
				Operator: GreaterThan, Threshold: float64(t.ResponseTimeSeconds), Aggregation: Average, Severity: 1, Frequency: "PT15M", Window: "PT30M", Scope: OnResource,
				Source: ambaSites + " (slots - HttpResponseTime: > 5 s over 30 min, sev 1); tunable: alertResponseTimeSeconds"},
			{Key: "health-check", Description: "Instances of the portal fail App Service's health check.", Namespace: nsSites, Metric: "HealthCheckStatus",
				Operator: LessThan, Threshold: 100, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaSites + " (slots - HealthCheckStatus: < 100 %, sev 3)"},
		}
	case AppServicePlan:
		return []Metric{
			{Key: "cpu", Description: "The plan's instances run out of CPU.", Namespace: nsServerFarms, Metric: "CpuPercentage",
				Operator: GreaterThan, Threshold: 90, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaServerFarm + " (CpuPercentage)"},
			{Key: "memory", Description: "The plan's instances run out of memory.", Namespace: nsServerFarms, Metric: "MemoryPercentage",
				Operator: GreaterThan, Threshold: 90, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaServerFarm + " (MemoryPercentage)"},
		}
	case FunctionApp:
		return []Metric{
			// A queue-triggered function's failures are no platform
			// metric of the site (Http5xx counts HTTP triggers only):
			// the Functions host reports each invocation to Application
			// Insights as a request, under the site's name as role.
			{Key: "failures", Description: "The queue worker's function invocations fail.", Namespace: nsAppInsights, Metric: "requests/failed",
				Operator: GreaterThan, Threshold: 5, Aggregation: Count, Severity: 2, Frequency: "PT5M", Window: "PT15M", Scope: OnAppInsightsRole,
				Source: "no AMBA entry (its Web/sites rules for function apps are HTTP metrics and FunctionExecutionCount <= 0, which an idle queue worker trips every night); " +
					"more than 5 failures in 15 min is more than one message's whole retry budget (queueMaxDequeueCount defaults to 5)"},
		}
	case SQLDatabase:
		return []Metric{
			{Key: "cpu", Description: "The shop database is short of CPU.", Namespace: nsSQLDatabases, Metric: "sql_instance_cpu_percent",
				Operator: GreaterThan, Threshold: 70, Aggregation: Average, Severity: 3, Frequency: "PT5M", Window: "PT15M", Scope: OnResource,
				Source: ambaSQL + " (databases - sql_instance_cpu_percent)"},
			// AMBA's database storage rule is in bytes (> 934584883610),
			// a fixed size meaningless for a database of sqlMaxSizeGb;
			// the percentage of the maximum size is, with AMBA's elastic
			// pool threshold for the same percentage.
			{Key: "storage", Description: "The shop database approaches its maximum size.", Namespace: nsSQLDatabases, Metric: "storage_percent",
				Operator: GreaterThan, Threshold: 90, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaSQL + " (elasticpools - storage_percent, applied to the database)"},
			{Key: "deadlocks", Description: "Transactions of the shop database deadlock.", Namespace: nsSQLDatabases, Metric: "deadlock",
				Operator: GreaterThan, Threshold: 1, Aggregation: Total, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaSQL + " (databases - deadlock)"},
			{Key: "failed-connections", Description: "Connections to the shop database fail.", Namespace: nsSQLDatabases, Metric: "connection_failed",
				Operator: GreaterThan, Threshold: 5, Aggregation: Total, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaSQL + " (databases - connection_failed)"},
		}
	case SQLReplicated:
		// Emitted by the current primary only, so both sides carry it: the
		// alert follows the primary through a failover.
		return append(Metrics(SQLDatabase, t), Metric{Key: "replication-lag", Description: "The geo-secondary of the shop database falls behind: a regional outage now would lose more than a minute of orders.",
			Namespace: nsSQLDatabases, Metric: "replication_lag_seconds",
			Operator: GreaterThan, Threshold: 60, Aggregation: Maximum, Severity: 2, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
			Source: "no AMBA entry; the metric is Microsoft's (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-sql-servers-databases-metrics, Replication lag, preview: seconds the secondary is behind, on the primary only); 60 s is twelve times geo-replication's 5 s RPO"})
	case SQLPool:
		return []Metric{
			{Key: "dwu", Description: "The warehouse uses all of its DWUs.", Namespace: nsSQLDatabases, Metric: "dwu_consumption_percent",
				Operator: GreaterThan, Threshold: 95, Aggregation: Maximum, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaSQL + " (databases - dwu_consumption_percent, data warehouses only)"},
			{Key: "memory", Description: "The warehouse runs out of memory.", Namespace: nsSQLDatabases, Metric: "memory_usage_percent",
				Operator: GreaterThan, Threshold: 90, Aggregation: Maximum, Severity: 2, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaSQL + " (databases - memory_usage_percent, data warehouses only)"},
			{Key: "cpu", Description: "The warehouse is short of CPU.", Namespace: nsSQLDatabases, Metric: "cpu_percent",
				Operator: GreaterThan, Threshold: 90, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: "no AMBA entry for data warehouses (its sql_instance_cpu_percent is not emitted by them); AMBA's elastic pool cpu_percent threshold (> 90 %)"},
			{Key: "tempdb", Description: "The warehouse's local tempdb fills up.", Namespace: nsSQLDatabases, Metric: "local_tempdb_usage_percent",
				Operator: GreaterThan, Threshold: 90, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: "no AMBA entry (its tempdb_data_size is not applicable to data warehouses); 90 % leaves headroom before a load's data movement fails"},
		}
	case StorageAccount:
		return []Metric{
			{Key: "availability", Description: "Requests to the storage account fail on the service side.", Namespace: nsStorage, Metric: "Availability",
				Operator: LessThan, Threshold: 100, Aggregation: Average, Severity: 1, Frequency: "PT1M", Window: "PT1M", Scope: OnResource,
				Source: ambaStorage + " (Availability)"},
			// AMBA sets this on the blob service; the account-level metric
			// covers the worker's queues as well as the blobs.
			{Key: "e2e-latency", Description: "Storage requests take too long end to end.", Namespace: nsStorage, Metric: "SuccessE2ELatency",
				Operator: GreaterThan, Threshold: 1000, Aggregation: Average, Severity: 3, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaStorage + " (blobServices - SuccessE2ELatency, > 1000 ms, applied to the account)"},
		}
	case KeyVault:
		return []Metric{
			{Key: "availability", Description: "Requests to the Key Vault fail.", Namespace: nsKeyVault, Metric: "Availability",
				Operator: LessThan, Threshold: 90, Aggregation: Average, Severity: 1, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaKeyVault + " (Availability)"},
			{Key: "saturation", Description: "The Key Vault nears its request limits (throttling follows).", Namespace: nsKeyVault, Metric: "SaturationShoebox",
				Operator: GreaterThan, Threshold: 75, Aggregation: Average, Severity: 1, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaKeyVault + " (SaturationShoebox)"},
			{Key: "latency", Description: "Key Vault requests are slow.", Namespace: nsKeyVault, Metric: "ServiceApiLatency",
				Operator: GreaterThan, Threshold: 1000, Aggregation: Average, Severity: 3, Frequency: "PT5M", Window: "PT5M", Scope: OnResource,
				Source: ambaKeyVault + " (ServiceApiLatency)"},
		}
	case DataFactory:
		return []Metric{
			{Key: "failed-pipelines", Description: "A Data Factory pipeline run failed.", Namespace: nsFactory, Metric: "PipelineFailedRuns",
				Operator: GreaterThan, Threshold: 0, Aggregation: Total, Severity: 1, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaFactory + " (PipelineFailedRuns)"},
			{Key: "failed-activities", Description: "A Data Factory activity run failed.", Namespace: nsFactory, Metric: "ActivityFailedRuns",
				Operator: GreaterThan, Threshold: 0, Aggregation: Total, Severity: 1, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaFactory + " (ActivityFailedRuns)"},
			{Key: "failed-triggers", Description: "A Data Factory trigger run failed: the load did not start.", Namespace: nsFactory, Metric: "TriggerFailedRuns",
				Operator: GreaterThan, Threshold: 0, Aggregation: Total, Severity: 1, Frequency: "PT1M", Window: "PT5M", Scope: OnResource,
				Source: ambaFactory + " (TriggerFailedRuns)"},
		}
	case FrontDoor:
		return []Metric{
			// The shop's own rule on the metric OriginHealthPercentage
			// (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cdn-profiles-metrics).
			// AMBA's entry at the commit above is auto-generated and
			// unverified: <= 90 % over 5 min, filtered to an origin group
			// named "render", which no origin group here is.
			{Key: "origin-health", Description: "Front Door's health probes fail on a portal's origin.", Namespace: nsFrontDoor, Metric: "OriginHealthPercentage",
				Operator: LessThan, Threshold: 95, Aggregation: Average, Severity: 2, Frequency: "PT5M", Window: "PT15M", Scope: OnResource,
				Source: "the shop's own, not AMBA's (its rule is <= 90 % over 5 min on an origin group named \"render\"): " +
					"with a probe every 2 min per point of presence, < 95 % over 15 min is an origin failing probes, not one lost probe"},
			{Key: "5xx", Description: "Front Door answers a share of requests with server errors (HTTP 5xx).", Namespace: nsFrontDoor, Metric: "Percentage5XX",
				Operator: GreaterThan, Threshold: 10, Aggregation: Average, Severity: 2, Frequency: "PT5M", Window: "PT5M", Scope: OnResource,
				Source: ambaFrontDoor + " (Percentage5XX: > 10 % over 5 min, sev 2)"},
			// No AMBA entry. WebApplicationFirewallRequestCount with its
			// Action dimension (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cdn-profiles-metrics):
			// a burst of blocks is an attack, or a rule blocking customers.
			{Key: "waf-blocks", Description: "The WAF blocks an unusual number of requests: an attack, or a rule blocking customers.", Namespace: nsFrontDoor, Metric: "WebApplicationFirewallRequestCount",
				Operator: GreaterThan, Threshold: 100, Aggregation: Total, Severity: 2, Frequency: "PT5M", Window: "PT5M", Scope: OnResource,
				Filter: &Dimension{Name: "Action", Value: "Block"},
				Source: "no AMBA entry: more than 100 blocked requests in 5 min is a spike for the shop"},
		}
	}
	return nil
}

// Keys of the shop's log alerts.
const (
	LogPoisonQueueMove = "poison-queue-move"
	LogLoadFailed      = "etl-load-failed"
	LogPoolOnline      = "pool-online-after-load"
)

// LogKeys lists, per kind, the log alerts every resource of the kind needs;
// the alert's query names the resource's id.
var LogKeys = map[Kind][]string{
	FunctionApp: {LogPoisonQueueMove},
	DataFactory: {LogLoadFailed},
	SQLPool:     {LogPoolOnline},
}

// Placeholders of resource ids in the log alerts' queries; Render fills them.
const (
	PlaceholderWorker  = "{worker}"
	PlaceholderFactory = "{factory}"
	PlaceholderPool    = "{pool}"
)

// PoisonMoveMessage starts the Functions host's log line for a message it
// moves to a poison queue; PoisonQueueColumn extracts the queue from it.
const (
	PoisonMoveMessage = "Message has reached MaxDequeueCount"
	PoisonQueueColumn = `extend PoisonQueue = extract(@"Moving message to queue '([^']+)'", 1, Message)`
)

// PoisonQueueMoves alerts when the Functions host gives up on a message:
// after queueMaxDequeueCount failed attempts it moves the message to
// <queue>-poison and logs, at Warning, "Message has reached MaxDequeueCount
// of N. Moving message to queue '<queue>-poison'." (WebJobs SDK,
// QueueProcessor.CopyMessageToPoisonQueueAsync). The query reads the
// FunctionAppLogs table the worker's diagnostic setting fills (App Service
// logs always go to resource-specific tables), not Application Insights'
// AppTraces, which adaptive sampling may thin out.
func PoisonQueueMoves() Log {
	return Log{
		Key:         LogPoisonQueueMove,
		Description: "The worker moved a queue message to its poison queue after its last attempt: an order confirmation, inventory update or notification was not processed.",
		Query: `FunctionAppLogs
| where _ResourceId =~ ` + PlaceholderWorker + `
| where Message startswith ` + KQLString(PoisonMoveMessage) + `
| ` + PoisonQueueColumn + `
| project TimeGenerated, PoisonQueue, Message`,
		Operator: GreaterThan, Threshold: 0, Severity: 1,
		// Diagnostic logs reach the workspace minutes late: a window three
		// times the frequency still sees a late row, and auto-mitigation
		// keeps the overlap from notifying twice.
		Frequency: "PT5M", Window: "PT15M",
		Source: "the shop's own: AMBA has no poison-queue rule",
	}
}

// LoadFailed alerts when the ETL pipeline's Fail activity runs: the load or
// the merge failed, nothing was loaded and the watermarks did not move (the
// next run retries the window). The query reads ADFActivityRun, the
// resource-specific table; the factory's diagnostic setting must send there
// (logAnalyticsDestinationType Dedicated), not to AzureDiagnostics.
func LoadFailed(pipeline, failActivity string) Log {
	return Log{
		Key:         LogLoadFailed,
		Description: fmt.Sprintf("The ETL pipeline %s reached %s: the warehouse was not loaded.", pipeline, failActivity),
		Query: `ADFActivityRun
| where _ResourceId =~ ` + PlaceholderFactory + `
| where PipelineName == ` + KQLString(pipeline) + ` and ActivityName == ` + KQLString(failActivity) + ` and Status == "Failed"
| project TimeGenerated, PipelineRunId, ErrorMessage`,
		Operator: GreaterThan, Threshold: 0, Severity: 1,
		Frequency: "PT5M", Window: "PT15M",
		Source: "the shop's own: AMBA's PipelineFailedRuns does not tell a failed load from a failed pause",
	}
}

// PoolOnlineAfterLoad alerts when the dedicated SQL pool still emits compute
// metrics (AzureMetrics rows of cpu_percent, which a paused pool does not
// emit) more than minutes after the pipeline's last run ended, with no run
// in progress: the pause did not happen, and the pool bills every hour.
// The six-hour window lets the query see a run that started long ago and is
// still going.
func PoolOnlineAfterLoad(pipeline string, minutes int) Log {
	return Log{
		Key:         LogPoolOnline,
		Description: fmt.Sprintf("The warehouse is still online %d minutes after the ETL pipeline %s ended: pause it, it bills by the hour.", minutes, pipeline),
		Query: fmt.Sprintf(`let runs = ADFPipelineRun
| where _ResourceId =~ %s and PipelineName == %s;
let lastEnd = coalesce(toscalar(runs | where Status in ("Succeeded", "Failed", "Cancelled") | summarize max(End)), datetime(2000-01-01));
let lastStart = coalesce(toscalar(runs | summarize max(Start)), datetime(2000-01-01));
AzureMetrics
| where _ResourceId =~ %s and MetricName == "cpu_percent"
| where TimeGenerated > lastEnd + %dm and lastStart <= lastEnd
| summarize OnlineSince = min(TimeGenerated), LastSeen = max(TimeGenerated)
| where isnotnull(LastSeen)`, PlaceholderFactory, KQLString(pipeline), PlaceholderPool, minutes),
		Operator: GreaterThan, Threshold: 0, Severity: 2,
		Frequency: "PT15M", Window: "PT6H",
		Source: "the shop's own: a dedicated pool has no auto-pause and AMBA no rule for one left running",
	}
}

// armID is what Render accepts as a resource id: no quote or backslash
// can end the KQL string it is put in.
var armID = regexp.MustCompile(`^[A-Za-z0-9/._()-]+$`)

// Render returns the rule's query with each placeholder replaced by the id
// given for it, quoted as a KQL string; a placeholder without an id, or an id
// that is not a plain resource id, is an error.
func (l Log) Render(ids map[string]string) (string, error) {
	q := l.Query
	for placeholder, id := range ids {
		if !armID.MatchString(id) {
			return "", fmt.Errorf("alert %s: %s is %q, not a resource id", l.Key, placeholder, id)
		}
		q = strings.ReplaceAll(q, placeholder, KQLString(id))
	}
	if left := placeholderPattern.FindString(q); left != "" {
		return "", fmt.Errorf("alert %s: no resource id given for %s", l.Key, left)
	}
	return q, nil
}

var placeholderPattern = regexp.MustCompile(`\{(worker|factory|pool)\}`)

// Placeholders lists the placeholders the rule's query holds, in order of
// first appearance.
func (l Log) Placeholders() []string {
	var out []string
	for _, p := range placeholderPattern.FindAllString(l.Query, -1) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// KQLString quotes s as a KQL string literal.
func KQLString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
