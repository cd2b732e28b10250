// Package workbook generates the "platform health" Azure Monitor workbook
// from Go values: typed items (text, log queries, metrics charts) that
// serialize to the workbook's Notebook/1.0 JSON, pointed at one stack's
// resources. The JSON is built, not pasted, so that a renamed resource or a
// new panel is a change of Go code the compiler and the tests see.
package workbook

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/alerts"
)

// Version is the workbook schema version, in the JSON and on the resource.
const Version = "Notebook/1.0"

// schema is the JSON schema of Notebook/1.0 workbooks.
const schema = "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json"

// Item types of a Notebook/1.0 workbook.
const (
	itemText    = 1
	itemQuery   = 3
	itemMetrics = 10
)

// Workbook is a workbook's serializedData.
type Workbook struct {
	Version             string   `json:"version"`
	Items               []Item   `json:"items"`
	FallbackResourceIDs []string `json:"fallbackResourceIds"`
	Schema              string   `json:"$schema"`
}

// Item is one step of the workbook.
type Item struct {
	Type    int    `json:"type"`
	Name    string `json:"name"`
	Content any    `json:"content"`
}

// Text is a markdown step.
type Text struct {
	JSON string `json:"json"`
}

// Query is a log query step over the workspace.
type Query struct {
	Version       string      `json:"version"`
	Title         string      `json:"title"`
	Query         string      `json:"query"`
	Size          int         `json:"size"`
	TimeContext   TimeContext `json:"timeContext"`
	QueryType     int         `json:"queryType"` // 0: logs
	ResourceType  string      `json:"resourceType"`
	Resources     []string    `json:"crossComponentResources"`
	Visualization string      `json:"visualization"`
}

// Metrics is an Azure Monitor metrics chart step.
type Metrics struct {
	Version      string       `json:"version"`
	Title        string       `json:"title"`
	Size         int          `json:"size"`
	ChartType    int          `json:"chartType"` // 2: line
	ResourceType string       `json:"resourceType"`
	MetricScope  int          `json:"metricScope"` // 0: the resources listed
	ResourceIDs  []string     `json:"resourceIds"`
	TimeContext  TimeContext  `json:"timeContext"`
	Metrics      []MetricLine `json:"metrics"`
}

// MetricLine is one metric of a chart. Aggregation uses the workbooks'
// codes: 1 sum, 3 maximum, 4 average.
type MetricLine struct {
	Namespace   string `json:"namespace"`
	Metric      string `json:"metric"`
	Aggregation int    `json:"aggregation"`
}

// The aggregation codes the workbook uses.
const (
	aggSum     = 1
	aggAverage = 4
)

// TimeContext is a step's time range.
type TimeContext struct {
	DurationMs int64 `json:"durationMs"`
}

// day is the time range of every step: a nightly load and a day of orders.
var day = TimeContext{DurationMs: 24 * 60 * 60 * 1000}

// Portal is one web app the workbook charts.
type Portal struct {
	Name string
	ID   string
}

// Resources are the ids (and names) of one stack's resources the workbook
// points at.
type Resources struct {
	Stack     string
	Workspace string
	Portals   []Portal
	// QueueService is the core storage account's queue service,
	// <account id>/queueServices/default.
	QueueService string
	Worker       string
	Database     string
	Factory      string
	Pipeline     string
	Pool         string
}

// check names every empty field.
func (r Resources) check() error {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"Stack", r.Stack}, {"Workspace", r.Workspace}, {"QueueService", r.QueueService}, {"Worker", r.Worker},
		{"Database", r.Database}, {"Factory", r.Factory}, {"Pipeline", r.Pipeline}, {"Pool", r.Pool},
	} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(r.Portals) == 0 {
		missing = append(missing, "Portals")
	}
	for i, p := range r.Portals {
		if p.Name == "" || p.ID == "" {
			missing = append(missing, fmt.Sprintf("Portals[%d]", i))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("workbook: no %s given", strings.Join(missing, ", "))
	}
	return nil
}

// PlatformHealth is the platform health workbook of one stack: requests
// and failures per portal, queue depth and poison moves, worker executions,
// SQL CPU, ETL runs with their duration and the pool's online hours.
func PlatformHealth(r Resources) (Workbook, error) {
	if err := r.check(); err != nil {
		return Workbook{}, err
	}
	logs := func(name, title, visualization, query string) Item {
		return Item{Type: itemQuery, Name: name, Content: Query{
			Version: "KqlItem/1.0", Title: title, Query: query, TimeContext: day,
			ResourceType: "microsoft.operationalinsights/workspaces", Resources: []string{r.Workspace}, Visualization: visualization,
		}}
	}
	metrics := func(name, title, resourceType string, ids []string, lines ...MetricLine) Item {
		return Item{Type: itemMetrics, Name: name, Content: Metrics{
			Version: "MetricsItem/2.0", Title: title, ChartType: 2, ResourceType: resourceType, ResourceIDs: ids, TimeContext: day, Metrics: lines,
		}}
	}
	var portalIDs, portalNames []string
	for _, p := range r.Portals {
		portalIDs = append(portalIDs, p.ID)
		portalNames = append(portalNames, p.Name)
	}
	items := []Item{
		{Type: itemText, Name: "title", Content: Text{JSON: fmt.Sprintf("# Platform health: %s\nPortals %s; the queue worker; the shop database; the nightly load into the warehouse.", r.Stack, strings.Join(portalNames, ", "))}},
		metrics("portal-requests", "Requests and server errors per portal", "microsoft.web/sites", portalIDs,
			MetricLine{Namespace: "microsoft.web/sites", Metric: "microsoft.web/sites--Requests", Aggregation: aggSum},
			MetricLine{Namespace: "microsoft.web/sites", Metric: "microsoft.web/sites--Http5xx", Aggregation: aggSum}),
		metrics("queue-depth", "Queue depth (all queues)", "microsoft.storage/storageaccounts/queueservices", []string{r.QueueService},
			MetricLine{Namespace: "microsoft.storage/storageaccounts/queueservices", Metric: "microsoft.storage/storageaccounts/queueservices--QueueMessageCount", Aggregation: aggAverage}),
		logs("poison-moves", "Messages moved to poison queues", "barchart", fmt.Sprintf(`FunctionAppLogs
| where _ResourceId =~ %s
| where Message startswith %s
| %s
| summarize Moves = count() by bin(TimeGenerated, 1h), PoisonQueue`, alerts.KQLString(r.Worker), alerts.KQLString(alerts.PoisonMoveMessage), alerts.PoisonQueueColumn)),
		logs("worker-executions", "Worker executions", "timechart", fmt.Sprintf(`FunctionAppLogs
| where _ResourceId =~ %s
| where Message startswith "Executed '"
| summarize Succeeded = countif(Message has "(Succeeded"), Failed = countif(Message has "(Failed") by bin(TimeGenerated, 1h)`, alerts.KQLString(r.Worker))),
		metrics("sql-cpu", "Shop database CPU", "microsoft.sql/servers/databases", []string{r.Database},
			MetricLine{Namespace: "microsoft.sql/servers/databases", Metric: "microsoft.sql/servers/databases--cpu_percent", Aggregation: aggAverage}),
		logs("etl-runs", "ETL runs and their duration", "table", fmt.Sprintf(`ADFPipelineRun
| where _ResourceId =~ %s and PipelineName == %s
| where Status in ("Succeeded", "Failed", "Cancelled")
| project Start, End, Status, DurationMinutes = datetime_diff("minute", End, Start), RunId
| order by Start desc`, alerts.KQLString(r.Factory), alerts.KQLString(r.Pipeline))),
		logs("pool-online", "Warehouse online hours per day", "barchart", fmt.Sprintf(`AzureMetrics
| where _ResourceId =~ %s and MetricName == "cpu_percent"
| summarize OnlineMinutes = dcount(bin(TimeGenerated, 1m)) by Day = bin(TimeGenerated, 1d)
| extend OnlineHours = round(OnlineMinutes / 60.0, 1)`, alerts.KQLString(r.Pool))),
	}
	return Workbook{Version: Version, Items: items, FallbackResourceIDs: []string{r.Workspace}, Schema: schema}, nil
}

// JSON is the workbook's serializedData.
func (w Workbook) JSON() (string, error) {
	b, err := json.Marshal(w)
	return string(b), err
}

// PortalInput is a portal whose id is known once it is created.
type PortalInput struct {
	Name string
	ID   pulumi.StringInput
}

// ResourceInputs are Resources whose ids are Pulumi outputs.
type ResourceInputs struct {
	Stack        string
	Workspace    pulumi.StringInput
	Portals      []PortalInput
	QueueService pulumi.StringInput
	Worker       pulumi.StringInput
	Database     pulumi.StringInput
	Factory      pulumi.StringInput
	Pipeline     string
	Pool         pulumi.StringInput
}

// PlatformHealthJSON is the serializedData of the platform health
// workbook, once every id is known.
func PlatformHealthJSON(in ResourceInputs) pulumi.StringOutput {
	ids := []pulumi.StringInput{in.Workspace, in.QueueService, in.Worker, in.Database, in.Factory, in.Pool}
	for _, p := range in.Portals {
		ids = append(ids, p.ID)
	}
	all := make([]any, len(ids))
	for i, id := range ids {
		if id == nil {
			id = pulumi.String("")
		}
		all[i] = id
	}
	return pulumi.All(all...).ApplyT(func(v []any) (string, error) {
		r := Resources{Stack: in.Stack, Pipeline: in.Pipeline,
			Workspace: v[0].(string), QueueService: v[1].(string), Worker: v[2].(string), Database: v[3].(string), Factory: v[4].(string), Pool: v[5].(string)}
		for i, p := range in.Portals {
			r.Portals = append(r.Portals, Portal{Name: p.Name, ID: v[6+i].(string)})
		}
		w, err := PlatformHealth(r)
		if err != nil {
			return "", err
		}
		return w.JSON()
	}).(pulumi.StringOutput)
}
