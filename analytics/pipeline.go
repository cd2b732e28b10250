package analytics

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/datafactory"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The pipeline's activities, in the order they run.
const (
	activityResume         = "ResumeWarehouse" // Until the pool is Online:
	activityGetStatus      = "GetWarehouseStatus"
	activitySetStatus      = "SetWarehouseStatus"
	activityResumeIfPaused = "ResumeIfPaused"
	activityRequestResume  = "RequestResume"
	activityWaitOnline     = "WaitForWarehouse"
	activityLookupOld      = "LookupOldWatermarks"
	activityLookupNew      = "LookupNewWatermarks"
	// then one Copy<Entity> per entity of the sales model
	activityMerge = "MergeSalesModel"
	activityPause = "PauseWarehouse"
	activityFail  = "FailOnLoadError"
)

// copyActivity is the name of the activity that stages entity e.
func copyActivity(e Entity) string { return "Copy" + pascal(e.Name) }

// statusVariable holds the pool's last polled status.
const statusVariable = "warehouseStatus"

// ARM endpoint and API version of the pool's status, pause and resume calls
// (Databases - Get/Pause/Resume); the version the azure-native sql module
// manages databases with.
const (
	armEndpoint   = "https://management.azure.com"
	sqlAPIVersion = "2021-11-01"
)

// scheduleStart anchors the trigger. Fixed, so a deploy never changes it; in
// the past, so the schedule applies from the first deploy on. It is UTC, and
// must be: azurerm (v4.61.0 too) accepts only RFC 3339 times, with a Z or an
// offset, and Data Factory ignores timeZone for such a start time. That is
// why config allows etlTimeZone UTC only.
const scheduleStart = "2025-01-01T00:00:00Z"

// Dependency conditions of ADF activities.
const (
	succeeded = "Succeeded"
	failed    = "Failed"
	skipped   = "Skipped"
	completed = "Completed" // succeeded or failed
)

// activity is one pipeline activity as the Data Factory REST API takes it.
//
// Its JSON is the shape the classic provider reads back, so that a preview
// after `pulumi up` shows no change. azurerm v4.61.0 round-trips
// activities_json through the hashicorp/go-azure-sdk pipelines models and
// compares the result with ours as normalized JSON (azurerm issue 25586, a
// diff that never goes away). Hence:
//   - dependsOn and userProperties are always written, [] when empty: Data
//     Factory returns them so, and the models keep what it returns;
//   - a Web activity's authentication carries "password": null and
//     "pfx": null, which the model (no omitempty) writes on every read.
//
// Keys the models lack would be dropped on the way to Azure, so there are none.
type activity struct {
	Name              string         `json:"name"`
	Type              string         `json:"type"`
	DependsOn         []dependency   `json:"dependsOn"`
	UserProperties    []userProperty `json:"userProperties"`
	Policy            *policy        `json:"policy,omitempty"`
	LinkedServiceName *reference     `json:"linkedServiceName,omitempty"`
	Inputs            []reference    `json:"inputs,omitempty"`
	Outputs           []reference    `json:"outputs,omitempty"`
	TypeProperties    any            `json:"typeProperties"`
}

// MarshalJSON writes the empty lists as [] rather than null.
func (a activity) MarshalJSON() ([]byte, error) {
	type plain activity // without this method
	p := plain(a)
	if p.DependsOn == nil {
		p.DependsOn = []dependency{}
	}
	if p.UserProperties == nil {
		p.UserProperties = []userProperty{}
	}
	return json.Marshal(p)
}

// userProperty is a name/value pair shown in the run's monitoring; unused.
type userProperty struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type dependency struct {
	Activity   string   `json:"activity"`
	Conditions []string `json:"dependencyConditions"`
}

type policy struct {
	Timeout                string `json:"timeout"` // d.hh:mm:ss
	Retry                  int    `json:"retry"`
	RetryIntervalInSeconds int    `json:"retryIntervalInSeconds"`
}

type reference struct {
	ReferenceName string `json:"referenceName"`
	Type          string `json:"type"`
}

// expression is a value ADF evaluates at run time.
type expression struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

func expr(value string) expression { return expression{Value: value, Type: "Expression"} }

type webCall struct {
	URL            string   `json:"url"`
	Method         string   `json:"method"`
	Body           any      `json:"body,omitempty"`
	Authentication identity `json:"authentication"`
	// TurnOffAsync: do not follow a 202's Location header
	// (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity).
	TurnOffAsync bool `json:"turnOffAsync"`
}

// identity authenticates a Web activity with the factory's managed identity.
// Password and Pfx are always null: see activity.
type identity struct {
	Type     string `json:"type"`
	Resource string `json:"resource"`
	Password any    `json:"password"`
	Pfx      any    `json:"pfx"`
}

type until struct {
	Expression expression `json:"expression"`
	Timeout    string     `json:"timeout"`
	Activities []activity `json:"activities"`
}

type ifCondition struct {
	Expression       expression `json:"expression"`
	IfTrueActivities []activity `json:"ifTrueActivities"`
}

type setVariable struct {
	VariableName string     `json:"variableName"`
	Value        expression `json:"value"`
}

type wait struct {
	WaitTimeInSeconds int `json:"waitTimeInSeconds"`
}

type sqlSource struct {
	Type  string `json:"type"`
	Query any    `json:"sqlReaderQuery"` // string or expression
}

type lookup struct {
	Source       sqlSource `json:"source"`
	Dataset      reference `json:"dataset"`
	FirstRowOnly bool      `json:"firstRowOnly"`
}

type copyData struct {
	Source          sqlSource       `json:"source"`
	Sink            warehouseSink   `json:"sink"`
	EnableStaging   bool            `json:"enableStaging"`
	StagingSettings stagingSettings `json:"stagingSettings"`
}

// warehouseSink bulk-inserts the staged rows from the integration runtime.
// The COPY statement and PolyBase would be faster but have the pool itself
// read the staging account through its public endpoint, which prod closes;
// nightly deltas are small. Switching is AllowCopyCommand plus a resource
// instance rule and Storage Blob Data Reader for the server on staging.
type warehouseSink struct {
	Type             string `json:"type"`
	AllowCopyCommand bool   `json:"allowCopyCommand"`
	AllowPolyBase    bool   `json:"allowPolyBase"`
	PreCopyScript    string `json:"preCopyScript"`
}

type stagingSettings struct {
	LinkedServiceName reference `json:"linkedServiceName"`
	Path              string    `json:"path"`
}

type storedProcedure struct {
	Name       string                   `json:"storedProcedureName"`
	Parameters map[string]procParameter `json:"storedProcedureParameters"`
}

type procParameter struct {
	Value expression `json:"value"`
	Type  string     `json:"type"`
}

type fail struct {
	Message   string `json:"message"`
	ErrorCode string `json:"errorCode"`
}

func on(activity string, conditions ...string) dependency {
	return dependency{Activity: activity, Conditions: conditions}
}

func dataset(name string) reference { return reference{ReferenceName: name, Type: "DatasetReference"} }

func linkedService(name string) reference {
	return reference{ReferenceName: name, Type: "LinkedServiceReference"}
}

// armCall is a Web activity calling the ARM API on the pool with the
// factory's identity. It does not follow ARM's 202 + Location reply: for
// Microsoft.Sql that URL is an operation under
// .../resourceGroups/<rg>/providers/Microsoft.Sql/locations/<region>/,
// outside the database scope of the factory's only role, so polling it would
// get 403 and fail a pause that had worked. The pipeline polls the pool's own
// status instead (the Until loop), which the role allows.
func armCall(name, method, url string) activity {
	call := webCall{URL: url, Method: method, Authentication: identity{Type: "MSI", Resource: armEndpoint + "/"}, TurnOffAsync: true}
	if method == "POST" {
		call.Body = map[string]any{} // ADF requires a body on POST
	}
	return activity{
		Name: name, Type: "WebActivity",
		Policy:         &policy{Timeout: "0.00:30:00", Retry: 2, RetryIntervalInSeconds: 60},
		TypeProperties: call,
	}
}

// activities builds the load: resume the pool and wait until it is Online,
// read the watermarks, stage the changed rows of every entity in parallel,
// merge them, and pause the pool whatever happened before. The run still
// fails when the load did, so monitoring sees it.
func activities(poolID string) []activity {
	pool := armEndpoint + poolID
	status := fmt.Sprintf("variables('%s')", statusVariable)

	getStatus := armCall(activityGetStatus, "GET", pool+"?api-version="+sqlAPIVersion)
	setStatus := activity{
		Name: activitySetStatus, Type: "SetVariable",
		DependsOn: []dependency{on(activityGetStatus, succeeded)},
		TypeProperties: setVariable{
			VariableName: statusVariable,
			Value:        expr(fmt.Sprintf("@activity('%s').output.properties.status", activityGetStatus)),
		},
	}
	// Pausing and Resuming are waited out; only a Paused pool is resumed.
	resumeIfPaused := activity{
		Name: activityResumeIfPaused, Type: "IfCondition",
		DependsOn: []dependency{on(activitySetStatus, succeeded)},
		TypeProperties: ifCondition{
			Expression:       expr("@equals(" + status + ", 'Paused')"),
			IfTrueActivities: []activity{armCall(activityRequestResume, "POST", pool+"/resume?api-version="+sqlAPIVersion)},
		},
	}
	waitOnline := activity{
		Name: activityWaitOnline, Type: "Wait",
		DependsOn:      []dependency{on(activityResumeIfPaused, succeeded)},
		TypeProperties: wait{WaitTimeInSeconds: 30},
	}
	resume := activity{
		Name: activityResume, Type: "Until",
		TypeProperties: until{
			Expression: expr("@equals(" + status + ", 'Online')"),
			Timeout:    "0.01:00:00",
			Activities: []activity{getStatus, setStatus, resumeIfPaused, waitOnline},
		},
	}

	var oldMarks, newMarks []string
	for _, e := range SalesModel {
		oldMarks = append(oldMarks, fmt.Sprintf(
			"MAX(CASE WHEN table_name = '%s' THEN CONVERT(varchar(27), watermark_value, 126) END) AS %s", e.Name, e.Name))
		newMarks = append(newMarks, fmt.Sprintf(
			"(SELECT COALESCE(CONVERT(varchar(27), MAX(%s), 126), '%s') FROM %s.%s) AS %s",
			WatermarkColumn, noWatermarkValue, SourceSchema, e.Name, e.Name))
	}
	lookupOld := activity{
		Name: activityLookupOld, Type: "Lookup",
		DependsOn: []dependency{on(activityResume, succeeded)},
		Policy:    &policy{Timeout: "0.00:10:00", Retry: 2, RetryIntervalInSeconds: 120},
		TypeProperties: lookup{
			Source:       sqlSource{Type: "SqlDWSource", Query: "SELECT " + strings.Join(oldMarks, ", ") + " FROM " + ETLSchema + "." + WatermarkTable},
			Dataset:      dataset(DatasetWatermark),
			FirstRowOnly: true,
		},
	}
	// Read before the copies: rows changed while they run are left for the
	// next load instead of being half-seen now.
	lookupNew := activity{
		Name: activityLookupNew, Type: "Lookup",
		DependsOn: []dependency{on(activityResume, succeeded)},
		Policy:    &policy{Timeout: "0.00:10:00", Retry: 2, RetryIntervalInSeconds: 60},
		TypeProperties: lookup{
			Source:       sqlSource{Type: "AzureSqlSource", Query: "SELECT " + strings.Join(newMarks, ", ")},
			Dataset:      dataset(DatasetShopQuery),
			FirstRowOnly: true,
		},
	}

	all := []activity{resume, lookupOld, lookupNew}
	var copied []dependency
	params := map[string]procParameter{}
	for _, e := range SalesModel {
		newMark := fmt.Sprintf("activity('%s').output.firstRow.%s", activityLookupNew, e.Name)
		query := fmt.Sprintf("SELECT %s FROM %s.%s WHERE %s > '@{activity('%s').output.firstRow.%s}' AND %s <= '@{%s}'",
			strings.Join(e.Columns, ", "), SourceSchema, e.Name,
			WatermarkColumn, activityLookupOld, e.Name, WatermarkColumn, newMark)
		all = append(all, activity{
			Name: copyActivity(e), Type: "Copy",
			DependsOn: []dependency{on(activityLookupOld, succeeded), on(activityLookupNew, succeeded)},
			// Retries also cover the minutes after resume in which the pool
			// reports Online but refuses connections.
			Policy:  &policy{Timeout: "0.02:00:00", Retry: 2, RetryIntervalInSeconds: 120},
			Inputs:  []reference{dataset(DatasetShopQuery)},
			Outputs: []reference{dataset(StagingDataset(e))},
			TypeProperties: copyData{
				Source: sqlSource{Type: "AzureSqlSource", Query: expr(query)},
				Sink: warehouseSink{
					Type:          "SqlDWSink",
					PreCopyScript: fmt.Sprintf("TRUNCATE TABLE %s.%s", StagingSchema, e.Name),
				},
				EnableStaging: true,
				StagingSettings: stagingSettings{
					LinkedServiceName: linkedService(LinkedServiceStaging),
					Path:              StagingContainer + "/" + e.Name,
				},
			},
		})
		copied = append(copied, on(copyActivity(e), succeeded))
		params[watermarkParameter(e)] = procParameter{Value: expr("@" + newMark), Type: "String"}
	}

	ls := linkedService(LinkedServiceWarehouse)
	merge := activity{
		Name: activityMerge, Type: "SqlServerStoredProcedure",
		DependsOn:         copied,
		Policy:            &policy{Timeout: "0.02:00:00", Retry: 1, RetryIntervalInSeconds: 120},
		LinkedServiceName: &ls,
		TypeProperties:    storedProcedure{Name: fmt.Sprintf("[%s].[%s]", ETLSchema, MergeProcedure), Parameters: params},
	}
	// Completed or Skipped: the merge is skipped when anything before it
	// failed, and the pool must be paused then too.
	pause := armCall(activityPause, "POST", pool+"/pause?api-version="+sqlAPIVersion)
	pause.DependsOn = []dependency{on(activityMerge, completed, skipped)}
	// Without this the run would succeed whenever the pause did.
	failRun := activity{
		Name: activityFail, Type: "Fail",
		DependsOn: []dependency{on(activityPause, completed), on(activityMerge, failed, skipped)},
		TypeProperties: fail{
			Message:   "The sales load failed: nothing was merged and the watermarks did not move; the warehouse was paused. See the failed activity of this run.",
			ErrorCode: "SalesLoadFailed",
		},
	}
	return append(all, merge, pause, failRun)
}

// pipeline creates the ETL pipeline and the schedule trigger that runs it.
// dependencies are the datasets and linked services the activities name:
// ADF refuses a pipeline whose references do not exist yet.
func (a *Analytics) pipeline(ctx *pulumi.Context, name string, factory *datafactory.Factory, dependencies []pulumi.Resource) error {
	activitiesJSON := a.WarehouseID.ApplyT(func(poolID string) (string, error) {
		b, err := json.Marshal(activities(poolID))
		return string(b), err
	}).(pulumi.StringOutput)
	p, err := datafactory.NewPipeline(ctx, name+"-adf-pipeline", &datafactory.PipelineArgs{
		Name:          pulumi.String(PipelineLoadSalesModel),
		DataFactoryId: factory.ID(),
		Description:   pulumi.String("Loads orders, order lines, products and customers changed since the last run into the sales warehouse; resumes the warehouse before and pauses it after."),
		Folder:        pulumi.String("sales"),
		// One run at a time: two would resume, pause and move watermarks under each other.
		Concurrency:    pulumi.Int(1),
		Variables:      pulumi.StringMap{statusVariable: pulumi.String("")},
		ActivitiesJson: activitiesJSON,
	}, pulumi.Parent(factory), pulumi.DependsOn(dependencies))
	if err != nil {
		return err
	}
	a.PipelineName = p.Name

	s := a.args.Analytics.Schedule
	schedule := datafactory.TriggerScheduleScheduleArgs{Minutes: pulumi.IntArray{pulumi.Int(s.Minute)}}
	if s.Frequency != "Hour" {
		// With an hourly frequency, hours would restrict the runs to one a day.
		schedule.Hours = pulumi.IntArray{pulumi.Int(s.Hour)}
	}
	if s.Frequency == "Week" {
		// Config has no weekday; Sunday night loads the week just ended.
		schedule.DaysOfWeeks = pulumi.StringArray{pulumi.String("Sunday")}
	}
	_, err = datafactory.NewTriggerSchedule(ctx, name+"-adf-trigger", &datafactory.TriggerScheduleArgs{
		Name:          pulumi.String(TriggerLoadSalesModel),
		DataFactoryId: factory.ID(),
		PipelineName:  p.Name,
		Description:   pulumi.String("Runs the sales load on the stack's ETL schedule (etlFrequency, etlInterval, etlHour, etlMinute, etlTimeZone)."),
		Frequency:     pulumi.String(s.Frequency),
		Interval:      pulumi.Int(s.Interval),
		Schedule:      schedule,
		TimeZone:      pulumi.String(s.TimeZone),
		StartTime:     pulumi.String(scheduleStart),
		Activated:     pulumi.Bool(true),
	}, pulumi.Parent(p))
	return err
}

// pascal turns snake_case into PascalCase: order_lines -> OrderLines.
func pascal(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}
