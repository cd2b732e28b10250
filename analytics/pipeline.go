package analytics

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/datafactory"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/config"
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
	// ActivityFailOnLoadError is the Fail activity the pipeline ends in
	// when the load or the merge failed; its log alert finds it by name.
	ActivityFailOnLoadError = "FailOnLoadError"
)

// copyActivity is the name of the activity that stages entity e.
func copyActivity(e Entity) string { return "Copy" + pascal(e.Name) }

// statusVariable holds the pool's last polled status.
const statusVariable = "warehouseStatus"

// etlFolder groups the datasets and the pipeline in ADF Studio.
const etlFolder = "sales"

// classicPipelineType is the pipeline's type before it became a generic
// ARM resource, and parent of the trigger then: the trigger's alias.
const classicPipelineType = "azure:datafactory/pipeline:Pipeline"

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
		Name: ActivityFailOnLoadError, Type: "Fail",
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
func pipeline(ctx *pulumi.Context, in factoryScope, s config.Schedule, poolID pulumi.StringOutput, dependencies []pulumi.Resource) (pulumi.StringOutput, error) {
	body := bodyOf(func(v []any) any {
		return pipelineBody{
			Description: "Loads orders, order lines, products and customers changed since the last run into the sales warehouse; resumes the warehouse before and pauses it after.",
			Activities:  activities(v[0].(string)),
			// One run at a time: two would resume, pause and move watermarks under each other.
			Concurrency: 1,
			Variables:   map[string]variable{statusVariable: {Type: "String", DefaultValue: ""}},
			Folder:      folder{Name: etlFolder},
		}
	}, poolID)
	p, err := in.entity(ctx, in.name+"-adf-pipeline", "pipelines", PipelineLoadSalesModel, body, dependencies)
	if err != nil {
		return pulumi.StringOutput{}, err
	}

	schedule := datafactory.TriggerScheduleScheduleArgs{Minutes: pulumi.IntArray{pulumi.Int(s.Minute)}}
	if s.Frequency != "Hour" {
		// With an hourly frequency, hours would restrict the runs to one a day.
		schedule.Hours = pulumi.IntArray{pulumi.Int(s.Hour)}
	}
	if s.Frequency == "Week" {
		// Config has no weekday; Sunday night loads the week just ended.
		schedule.DaysOfWeeks = pulumi.StringArray{pulumi.String("Sunday")}
	}
	// The trigger names the pipeline, so it waits for it: azurerm starts an
	// activated trigger right after writing it, and when the pipeline's name
	// changes it stops the trigger, rewrites it and starts it again, in place
	// (azurerm v4.61.0 data_factory_trigger_schedule_resource.go). It stays a
	// classic resource, a child of the factory as in ARM; its alias keeps the
	// identity it had under the classic pipeline, so it is updated, not
	// replaced under its own unchanged name.
	formerParent := pulumi.CreateURN(pulumi.String(in.name+"-adf-pipeline"), pulumi.String(classicPipelineType),
		in.urn, pulumi.String(ctx.Project()), pulumi.String(ctx.Stack()))
	_, err = datafactory.NewTriggerSchedule(ctx, in.name+"-adf-trigger", &datafactory.TriggerScheduleArgs{
		Name:          pulumi.String(TriggerLoadSalesModel),
		DataFactoryId: in.id,
		PipelineName:  pulumi.String(PipelineLoadSalesModel),
		Description:   pulumi.String("Runs the sales load on the stack's ETL schedule (etlFrequency, etlInterval, etlHour, etlMinute, etlTimeZone)."),
		Frequency:     pulumi.String(s.Frequency),
		Interval:      pulumi.Int(s.Interval),
		Schedule:      schedule,
		TimeZone:      pulumi.String(s.TimeZone),
		StartTime:     pulumi.String(scheduleStart),
		Activated:     pulumi.Bool(true),
	}, in.parent, pulumi.DependsOn([]pulumi.Resource{p}), pulumi.Aliases([]pulumi.Alias{{ParentURN: formerParent}}))
	return p.Name, err
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
