package core

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/workbook"
)

// HealthWorkbookArgs are what the platform health workbook charts: core's
// resources and the other layers', passed in once they exist.
type HealthWorkbookArgs struct {
	Options    baseline.Options    `arg:"required"`
	Names      naming.Namer        `arg:"required"`
	Foundation baseline.Foundation `arg:"required"`
	// Resources are the charted resources' ids; Stack and Workspace are
	// filled in from Names and Foundation.
	Resources workbook.ResourceInputs `arg:"required"`
	// FormerParent is the core component, which held the workbook before
	// it moved here; the alias keeps the deployed workbook.
	FormerParent pulumi.Resource `arg:"required"`
}

// HealthWorkbook holds core's "platform health" workbook.
//
// The workbook charts every layer (portals, worker, database, ETL runs,
// pool), so it can exist only once apps and analytics do, after core has
// registered its outputs: a component of its own, created by the program
// after the layers it charts, as auth's RedirectURIs is, so that no
// component gains children after its New returned.
type HealthWorkbook struct {
	pulumi.ResourceState
}

// NewHealthWorkbook creates the "platform health" workbook on the
// workspace, charting this stack's resources.
func NewHealthWorkbook(ctx *pulumi.Context, name string, args HealthWorkbookArgs, opts ...pulumi.ResourceOption) (*HealthWorkbook, error) {
	if err := baseline.CheckArgs(name, args); err != nil {
		return nil, err
	}
	w := &HealthWorkbook{}
	if err := ctx.RegisterComponentResource("ecommerce:core:HealthWorkbook", name, w, append(opts, args.Options.TeardownWith(args.Foundation.GroupOf))...); err != nil {
		return nil, err
	}
	r := args.Resources
	r.Stack, r.Workspace = args.Names.Stack(), args.Foundation.Workspace
	if _, err := args.Options.Workbook(ctx, name, baseline.WorkbookArgs{
		ResourceGroupName: args.Foundation.ResourceGroupName,
		DisplayName:       "Platform health (" + args.Names.Stack() + ")",
		Workspace:         args.Foundation.Workspace,
		SerializedData:    workbook.PlatformHealthJSON(r),
	}, pulumi.Parent(w), pulumi.Aliases([]pulumi.Alias{{Parent: args.FormerParent}})); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(w, pulumi.Map{}); err != nil {
		return nil, err
	}
	return w, nil
}
