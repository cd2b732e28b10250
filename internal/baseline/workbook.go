package baseline

import (
	"github.com/google/uuid"
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/workbook"
)

// workbookNamespace roots the UUID v5 names of workbooks.
var workbookNamespace = uuid.MustParse("0c7d2a4e-6f1b-4b8e-9a3d-5e2f7c1b9d40")

// WorkbookName is the deterministic GUID a workbook is named by (Azure
// requires a GUID): the same subscription, resource group and display name
// always give the same name, so a re-run updates the workbook instead of
// adding another.
func WorkbookName(subscriptionID, resourceGroup, displayName string) string {
	return uuid.NewSHA1(workbookNamespace, []byte(subscriptionID+"|"+resourceGroup+"|"+displayName)).String()
}

// WorkbookArgs describe a shared workbook.
type WorkbookArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	DisplayName       string             `arg:"required"`
	// Workspace is the workbook's source: the Log Analytics workspace its
	// queries run on.
	Workspace pulumi.StringInput `arg:"required"`
	// SerializedData is the workbook's JSON (workbook.PlatformHealthJSON).
	SerializedData pulumi.StringInput `arg:"required"`
}

// Workbook creates a shared Azure Monitor workbook, listed under the
// workspace's workbooks.
func (o Options) Workbook(ctx *pulumi.Context, name string, args WorkbookArgs, opts ...pulumi.ResourceOption) (*insights.Workbook, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, err
	}
	resourceName := args.ResourceGroupName.ToStringOutput().ApplyT(func(rg string) string {
		return WorkbookName(o.SubscriptionID, rg, args.DisplayName)
	}).(pulumi.StringOutput)
	return insights.NewWorkbook(ctx, name, &insights.WorkbookArgs{
		ResourceName:      resourceName,
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		Kind:              pulumi.String("shared"),
		Category:          pulumi.String("workbook"),
		DisplayName:       pulumi.String(args.DisplayName),
		SourceId:          args.Workspace,
		SerializedData:    args.SerializedData,
		Version:           pulumi.String(workbook.Version),
		Tags:              o.TagMap(),
	}, opts...)
}
