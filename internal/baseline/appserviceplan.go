package baseline

import (
	"slices"

	// Classic provider: the azure-native "web" module cannot be fetched here.
	// Swap to azure-native web.AppServicePlan when it can.
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AppServicePlanArgs describe a Linux App Service plan.
type AppServicePlanArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	PlanName          string             `arg:"required"`
	SKU               string             `arg:"required"`
	// ZoneRedundant spreads the instances over the region's availability
	// zones; config demands Premium v3 and at least 2 instances.
	ZoneRedundant bool `arg:"optional"`
	// Instances is the instance count the plan is created with.
	Instances int `arg:"required"`
	// Autoscaled says an autoscale setting owns the instance count once the
	// plan exists, so later runs leave it alone.
	Autoscaled bool `arg:"optional"`
	// Workspace receives the plan's metrics (its apps carry the logs).
	Workspace pulumi.StringInput `arg:"required"`
}

// AppServicePlan creates a Linux App Service plan and its diagnostics; opts
// apply to the plan.
func (o Options) AppServicePlan(ctx *pulumi.Context, name string, a AppServicePlanArgs, opts ...pulumi.ResourceOption) (*appservice.ServicePlan, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	planOpts := slices.Clip(opts)
	if a.Autoscaled {
		planOpts = append(planOpts, pulumi.IgnoreChanges([]string{"workerCount"}))
	}
	plan, err := appservice.NewServicePlan(ctx, name, &appservice.ServicePlanArgs{
		Name:                 pulumi.String(a.PlanName),
		ResourceGroupName:    a.ResourceGroupName,
		Location:             pulumi.String(o.Location),
		OsType:               pulumi.String("Linux"),
		SkuName:              pulumi.String(a.SKU),
		ZoneBalancingEnabled: pulumi.Bool(a.ZoneRedundant),
		WorkerCount:          pulumi.Int(a.Instances),
		Tags:                 o.TagMap(),
	}, planOpts...)
	if err != nil {
		return nil, err
	}
	_, err = Diagnostics(ctx, name+"-diag", DiagnosticsArgs{
		ResourceID: plan.ID(), Workspace: a.Workspace, Signals: AppServicePlan,
	}, pulumi.Parent(plan))
	return plan, err
}
