package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// monitoring creates the Log Analytics workspace every diagnostic setting
// sends to, and the workspace-based Application Insights the apps report to.
func (c *Core) monitoring(ctx *pulumi.Context, name string, args Args) error {
	o := args.Options
	ws, err := operationalinsights.NewWorkspace(ctx, name+"-log", &operationalinsights.WorkspaceArgs{
		WorkspaceName:     pulumi.String(args.Names.Name(naming.LogAnalyticsWorkspace, "")),
		ResourceGroupName: c.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		Sku:               operationalinsights.WorkspaceSkuArgs{Name: pulumi.String("PerGB2018")},
		RetentionInDays:   pulumi.Int(args.Monitoring.LogRetentionDays),
		Tags:              o.TagMap(),
	}, o.Stateful(c)...) // it holds the SQL audit trail and every resource's logs
	if err != nil {
		return err
	}
	c.WorkspaceID = ws.ID().ToStringOutput()

	appi, err := insights.NewComponent(ctx, name+"-appi", &insights.ComponentArgs{
		ResourceName:        pulumi.String(args.Names.Name(naming.ApplicationInsights, "")),
		ResourceGroupName:   c.ResourceGroupName,
		Location:            pulumi.String(o.Location),
		Kind:                pulumi.String("web"),
		ApplicationType:     pulumi.String("web"),
		WorkspaceResourceId: c.WorkspaceID,
		IngestionMode:       pulumi.String("LogAnalytics"),
		Tags:                o.TagMap(),
	}, pulumi.Parent(c))
	if err != nil {
		return err
	}
	c.AppInsightsID = appi.ID().ToStringOutput()
	c.AppInsightsConnectionString = pulumi.ToSecret(appi.ConnectionString).(pulumi.StringOutput)
	return c.diagnostics(ctx, name+"-log", c.WorkspaceID, baseline.AllLogsAndMetrics, ws)
}
