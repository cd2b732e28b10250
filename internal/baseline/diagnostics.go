package baseline

import (
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DiagnosticSettingName is the name of every diagnostic setting the platform creates.
const DiagnosticSettingName = "to-log-analytics"

// Diagnostics describes what a resource type can send: its log category
// groups and its metric categories (Azure rejects categories a type lacks).
type Diagnostics struct {
	LogGroups     []string
	LogCategories []string
	Metrics       []string
}

// Diagnostic capabilities of the resource types the platform deploys.
var (
	AllLogsAndMetrics = Diagnostics{LogGroups: []string{"allLogs"}, Metrics: []string{"AllMetrics"}}
	// Storage services report metrics as "Transaction"; the account itself has no logs.
	StorageService = Diagnostics{LogGroups: []string{"allLogs"}, Metrics: []string{"Transaction"}}
	StorageAccount = Diagnostics{Metrics: []string{"Transaction"}}
	// App Service plans report metrics only; their apps carry the logs.
	AppServicePlan = Diagnostics{Metrics: []string{"AllMetrics"}}
	// SQL databases name their metric categories instead of AllMetrics.
	SQLDatabase = Diagnostics{LogGroups: []string{"allLogs"}, Metrics: []string{"Basic", "InstanceAndAppAdvanced", "WorkloadManagement"}}
	// The master database carries the server's audit log.
	SQLAudit = Diagnostics{LogCategories: []string{"SQLSecurityAuditEvents"}}
	// Network security groups have logs (NetworkSecurityGroupEvent,
	// NetworkSecurityGroupRuleCounter) and no metrics.
	NetworkSecurityGroup = Diagnostics{LogGroups: []string{"allLogs"}}
)

// SendDiagnostics sends resourceID's logs and metrics to the Log Analytics
// workspace.
func SendDiagnostics(ctx *pulumi.Context, name string, resourceID, workspace pulumi.StringInput, d Diagnostics, parent pulumi.Resource) (*insights.DiagnosticSetting, error) {
	var logs insights.LogSettingsArray
	for _, g := range d.LogGroups {
		logs = append(logs, insights.LogSettingsArgs{CategoryGroup: pulumi.String(g), Enabled: pulumi.Bool(true)})
	}
	for _, c := range d.LogCategories {
		logs = append(logs, insights.LogSettingsArgs{Category: pulumi.String(c), Enabled: pulumi.Bool(true)})
	}
	var metrics insights.MetricSettingsArray
	for _, m := range d.Metrics {
		metrics = append(metrics, insights.MetricSettingsArgs{Category: pulumi.String(m), Enabled: pulumi.Bool(true)})
	}
	return insights.NewDiagnosticSetting(ctx, name, &insights.DiagnosticSettingArgs{
		Name:        pulumi.String(DiagnosticSettingName),
		ResourceUri: resourceID,
		WorkspaceId: workspace,
		Logs:        logs,
		Metrics:     metrics,
	}, pulumi.Parent(parent))
}
