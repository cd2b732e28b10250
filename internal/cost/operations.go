package cost

import (
	"fmt"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// The operations resources (issue 10): alerts, availability tests and
// Defender for SQL are billed; the action group, the activity-log alerts
// and the workbook are not. They are registered here, beside their
// pricers, so that the tables in estimate.go stay as they were.
func init() {
	for typ, why := range map[string]string{
		inventory.ActionGroup: "free within the monthly free e-mails (1,000) and webhooks (100,000); " +
			"https://azure.microsoft.com/pricing/details/monitor/",
		inventory.ActivityLogAlert: "activity log alerts (Service and Resource Health included) are free",
		inventory.Workbook:         "workbooks are free; their queries read the workspace",
	} {
		FreeTypes[typ] = why
	}
	billable[inventory.MetricAlert] = (*estimator).metricAlert
	billable[inventory.ScheduledQueryRule] = (*estimator).logAlert
	billable[webTestType] = (*estimator).webTest
	billable[inventory.ServerSecurityAlertPolicy] = (*estimator).sqlDefender
}

// alertMeter is the Azure Monitor alerts meter called name, as
// https://learn.microsoft.com/azure/azure-monitor/cost-meters names them.
func alertMeter(name string) Meter {
	return Meter{Service: "Azure Monitor", Product: "Azure Monitor", Sku: "Alerts", Name: name}
}

// metricAlert: a metric alert rule bills each time series it monitors per
// month; each criterion of the platform's rules watches one series (one
// resource, at most one dimension value), and an availability test's
// alert one. Azure's free monthly series (10) are not deducted.
func (e *estimator) metricAlert(r inventory.Resource, in map[string]any) {
	series := 1.0
	if criteria, _ := in["criteria"].(map[string]any); criteria != nil {
		if all, _ := criteria["allOf"].([]any); len(all) > 0 {
			series = float64(len(all))
		}
	}
	e.add(r, GlobalRegion, charge{
		what: "metric alert rule", dimension: "series-months", note: "the free monthly series are not deducted",
		meter: alertMeter("Alerts Metric Monitored"), quantity: series,
	})
}

// logAlertFrequency maps an evaluation frequency to its meter's words.
var logAlertFrequency = map[string]string{"PT1M": "1 Minute", "PT5M": "5 Minute", "PT10M": "10 Minute", "PT15M": "15 Minute"}

// logAlert: a log search alert bills per monitored series per month, at a
// price set by how often it runs.
func (e *estimator) logAlert(r inventory.Resource, in map[string]any) {
	freq := str(in, "evaluationFrequency")
	words, ok := logAlertFrequency[freq]
	if !ok {
		e.unpriced(r, fmt.Sprintf("log alert frequency %q has no price row", freq))
		return
	}
	e.add(r, GlobalRegion, charge{
		what: "log alert rule every " + words, dimension: "series-months",
		meter: alertMeter("Alerts System Log Monitored at " + words + " Frequency"), quantity: 1,
	})
}

// webTestType is the availability test, billable unless paused.
const webTestType = inventory.WebTest

// webTest: a standard availability test bills each execution: one per
// location per run, every frequency seconds around the month.
func (e *estimator) webTest(r inventory.Resource, in map[string]any) {
	if _, paused := Free(r); paused {
		e.est.FreeResources++
		return
	}
	locations, _ := in["locations"].([]any)
	frequency := num(in, "frequency")
	if frequency <= 0 {
		frequency = 300 // Azure's default
	}
	runs := HoursPerMonth * 3600 / frequency
	e.add(r, e.region(in), charge{
		what:      fmt.Sprintf("standard availability test, %d locations every %g s", len(locations), frequency),
		dimension: "test executions", meter: Meter{Service: "Azure Monitor", Product: "Azure Monitor", Sku: "Standard Web Test", Name: "Standard Web Test Execution"},
		quantity: runs * float64(len(locations)),
	})
}

// sqlDefender: Microsoft Defender for SQL on a logical server bills per
// server per month, whatever its databases.
func (e *estimator) sqlDefender(r inventory.Resource, in map[string]any) {
	if str(in, "state") != "Enabled" {
		e.est.FreeResources++
		return
	}
	e.add(r, GlobalRegion, charge{
		what: "Microsoft Defender for SQL on server " + str(in, "serverName"), dimension: "server-months",
		meter: Meter{Service: "Microsoft Defender for Cloud", Product: "Microsoft Defender for SQL", Sku: "Standard", Name: "Standard Node"}, quantity: 1,
	})
}
