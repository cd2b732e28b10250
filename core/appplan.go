package core

import (
	"fmt"
	"slices"

	// Classic provider: the azure-native "web" module cannot be fetched here.
	// Swap to azure-native web.AppServicePlan when it can.
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
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
	// The URNs the plan and its diagnostic setting had in the apps layer.
	formerPlan := fmt.Sprintf("urn:pulumi:%s::%s::ecommerce:apps:Apps$azure:appservice/servicePlan:ServicePlan::%s-plan",
		ctx.Stack(), ctx.Project(), args.AppsComponent)
	formerDiag := fmt.Sprintf("urn:pulumi:%s::%s::ecommerce:apps:Apps$azure:appservice/servicePlan:ServicePlan$azure-native:insights:DiagnosticSetting::%s-plan-diag",
		ctx.Stack(), ctx.Project(), args.AppsComponent)
	planOpts := append(slices.Clip(opts), pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(formerPlan)}}))
	if cfg.Autoscale() {
		// The apps layer's autoscale owns the instance count.
		planOpts = append(planOpts, pulumi.IgnoreChanges([]string{"workerCount"}))
	}
	plan, err := appservice.NewServicePlan(ctx, args.AppsComponent+"-plan", &appservice.ServicePlanArgs{
		Name:                 pulumi.String(names.Name(naming.AppServicePlan, "apps")),
		ResourceGroupName:    f.ResourceGroupName,
		Location:             pulumi.String(o.Location),
		OsType:               pulumi.String("Linux"),
		SkuName:              pulumi.String(cfg.PlanSKU),
		ZoneBalancingEnabled: pulumi.Bool(cfg.ZoneRedundant),
		WorkerCount:          pulumi.Int(cfg.MinInstances),
		Tags:                 o.TagMap(),
	}, planOpts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	planID := plan.ID().ToStringOutput()
	if _, err := baseline.Diagnostics(ctx, args.AppsComponent+"-plan-diag", baseline.DiagnosticsArgs{
		ResourceID: planID, Workspace: f.Workspace, Signals: baseline.AppServicePlan,
	}, pulumi.Parent(plan), pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(formerDiag)}})); err != nil {
		return pulumi.StringOutput{}, err
	}
	return planID, nil
}
