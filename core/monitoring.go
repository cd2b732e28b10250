package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Monitoring is where every resource's logs and metrics go, and the
// Application Insights the apps report to.
type Monitoring struct {
	WorkspaceID   pulumi.StringOutput
	AppInsightsID pulumi.StringOutput
	// AppInsightsConnectionString is a secret: it carries the ingestion key.
	AppInsightsConnectionString pulumi.StringOutput
}

// monitoring creates the Log Analytics workspace every diagnostic setting
// sends to, and the workspace-based Application Insights the apps report to.
func monitoring(ctx *pulumi.Context, name string, args Args, resourceGroupName pulumi.StringInput, opts ...pulumi.ResourceOption) (Monitoring, error) {
	o := args.Options
	ws, err := operationalinsights.NewWorkspace(ctx, name+"-log", &operationalinsights.WorkspaceArgs{
		WorkspaceName:     pulumi.String(args.Names.Name(naming.LogAnalyticsWorkspace, "")),
		ResourceGroupName: resourceGroupName,
		Location:          pulumi.String(o.Location),
		Sku:               operationalinsights.WorkspaceSkuArgs{Name: pulumi.String("PerGB2018")},
		RetentionInDays:   pulumi.Int(args.Monitoring.LogRetentionDays),
		Tags:              o.TagMap(),
	}, o.Stateful(opts...)...) // it holds the SQL audit trail and every resource's logs
	if err != nil {
		return Monitoring{}, err
	}
	m := Monitoring{WorkspaceID: ws.ID().ToStringOutput()}

	appi, err := insights.NewComponent(ctx, name+"-appi", &insights.ComponentArgs{
		ResourceName:        pulumi.String(args.Names.Name(naming.ApplicationInsights, "")),
		ResourceGroupName:   resourceGroupName,
		Location:            pulumi.String(o.Location),
		Kind:                pulumi.String("web"),
		ApplicationType:     pulumi.String("web"),
		WorkspaceResourceId: m.WorkspaceID,
		IngestionMode:       pulumi.String("LogAnalytics"),
		// Off: only Entra identities holding Monitoring Metrics Publisher
		// (the apps, slots and worker) send telemetry; the connection
		// string's key alone is refused. dev may keep it on
		// (appInsightsLocalAuth) for a developer's local run.
		DisableLocalAuth: pulumi.Bool(!args.Monitoring.AppInsightsLocalAuth),
		Tags:             o.TagMap(),
	}, opts...)
	if err != nil {
		return Monitoring{}, err
	}
	m.AppInsightsID = appi.ID().ToStringOutput()
	m.AppInsightsConnectionString = pulumi.ToSecret(appi.ConnectionString).(pulumi.StringOutput)
	_, err = baseline.Diagnostics(ctx, name+"-log-diag", baseline.DiagnosticsArgs{
		ResourceID: m.WorkspaceID, Workspace: m.WorkspaceID, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(ws))
	return m, err
}
