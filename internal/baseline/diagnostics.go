package baseline

import (
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DedicatedTables is the logAnalyticsDestinationType of resource-specific tables.
const DedicatedTables = "Dedicated"

// DiagnosticSettingName is the name of every diagnostic setting the platform creates.
const DiagnosticSettingName = "to-log-analytics"

// Signals are what a resource type can send: its log category groups and
// categories, and its metric categories (Azure rejects categories a type lacks).
type Signals struct {
	LogGroups     []string
	LogCategories []string
	Metrics       []string
}

// Signals of the resource types the platform deploys.
var (
	AllLogsAndMetrics = Signals{LogGroups: []string{"allLogs"}, Metrics: []string{"AllMetrics"}}
	// Storage services report metrics as "Transaction"; the account itself has no logs.
	StorageService = Signals{LogGroups: []string{"allLogs"}, Metrics: []string{"Transaction"}}
	StorageAccount = Signals{Metrics: []string{"Transaction"}}
	// App Service plans report metrics only; their apps carry the logs.
	AppServicePlan = Signals{Metrics: []string{"AllMetrics"}}
	// SQL databases name their metric categories instead of AllMetrics.
	SQLDatabase = Signals{LogGroups: []string{"allLogs"}, Metrics: []string{"Basic", "InstanceAndAppAdvanced", "WorkloadManagement"}}
	// The master database carries the server's audit log.
	SQLAudit = Signals{LogCategories: []string{"SQLSecurityAuditEvents"}}
	// Network security groups have logs (NetworkSecurityGroupEvent,
	// NetworkSecurityGroupRuleCounter) and no metrics.
	NetworkSecurityGroup = Signals{LogGroups: []string{"allLogs"}}
)

// DiagnosticsArgs say which resource sends what to which workspace.
type DiagnosticsArgs struct {
	ResourceID pulumi.StringInput `arg:"required"`
	Workspace  pulumi.StringInput `arg:"required"`
	Signals    Signals            `arg:"required"`
	// DestinationType is the setting's logAnalyticsDestinationType:
	// "Dedicated" sends the logs to resource-specific tables (Data
	// Factory's ADFActivityRun, ADFPipelineRun, which its log alerts
	// read) instead of AzureDiagnostics. Empty leaves it unset, Azure's
	// default for the type.
	DestinationType string `arg:"optional"`
}

// Diagnostics sends a resource's logs and metrics to the Log Analytics
// workspace. By convention name is the resource's logical name plus "-diag",
// and opts parent the setting to the resource.
func Diagnostics(ctx *pulumi.Context, name string, a DiagnosticsArgs, opts ...pulumi.ResourceOption) (*insights.DiagnosticSetting, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	var logs insights.LogSettingsArray
	for _, g := range a.Signals.LogGroups {
		logs = append(logs, insights.LogSettingsArgs{CategoryGroup: pulumi.String(g), Enabled: pulumi.Bool(true)})
	}
	for _, c := range a.Signals.LogCategories {
		logs = append(logs, insights.LogSettingsArgs{Category: pulumi.String(c), Enabled: pulumi.Bool(true)})
	}
	var metrics insights.MetricSettingsArray
	for _, m := range a.Signals.Metrics {
		metrics = append(metrics, insights.MetricSettingsArgs{Category: pulumi.String(m), Enabled: pulumi.Bool(true)})
	}
	setting := &insights.DiagnosticSettingArgs{
		Name:        pulumi.String(DiagnosticSettingName),
		ResourceUri: a.ResourceID,
		WorkspaceId: a.Workspace,
		Logs:        logs,
		Metrics:     metrics,
	}
	if a.DestinationType != "" {
		setting.LogAnalyticsDestinationType = pulumi.String(a.DestinationType)
	}
	return insights.NewDiagnosticSetting(ctx, name, setting, opts...)
}
