package core

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// AppPlanArgs configure the portals' App Service plan when the worker
// shares it (workerSharesAppPlan): core creates it, since the worker comes
// before the apps layer, and the apps layer takes its id (Core.SharedPlanID).
type AppPlanArgs struct {
	Config config.Apps `arg:"required"`
	// AppsComponent is the name of the apps layer's component, which held
	// the plan before it moved here; the plan and its diagnostic setting
	// keep their identities through aliases to their URNs there.
	AppsComponent string `arg:"required"`
}

// sharedAppPlan creates the portals' plan in core: the same Azure name,
// SKU and instances as the apps layer gives it, so moving it here changes
// no Azure resource. Its autoscale setting, if any, stays with the apps.
func sharedAppPlan(ctx *pulumi.Context, args AppPlanArgs, o baseline.Options, names naming.Namer, f baseline.Foundation, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	cfg := args.Config
	// The plan's URN in the apps layer; its diagnostic setting, a child,
	// inherits the alias.
	former := fmt.Sprintf("urn:pulumi:%s::%s::ecommerce:apps:Apps$azure:appservice/servicePlan:ServicePlan::%s-plan",
		ctx.Stack(), ctx.Project(), args.AppsComponent)
	plan, err := o.AppServicePlan(ctx, args.AppsComponent+"-plan", baseline.AppServicePlanArgs{
		ResourceGroupName: f.ResourceGroupName,
		PlanName:          names.Name(naming.AppServicePlan, "apps"),
		SKU:               cfg.PlanSKU,
		ZoneRedundant:     cfg.ZoneRedundant,
		Instances:         cfg.MinInstances,
		// The apps layer's autoscale owns the instance count.
		Autoscaled: cfg.Autoscale(),
		Workspace:  f.Workspace,
	}, append(slices.Clip(opts), pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(former)}}))...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	planID := plan.ID().ToStringOutput()
	return planID, nil
}
