package apps

import (
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// planMetrics is the metric namespace of App Service plans.
const planMetrics = "microsoft.web/serverfarms"

// servicePlan creates the App Service plan both apps share and, when the
// stack scales, its autoscale setting, and returns the plan's id. When core
// holds the plan (Args.SharedPlanID), only the autoscale setting is made here.
func servicePlan(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	o, cfg, f := args.Options, args.Config, args.Foundation
	if args.SharedPlanID != nil {
		planID := args.SharedPlanID.ToStringOutput()
		return planID, planAutoscale(ctx, name, args, planID, opts...)
	}
	plan, err := o.AppServicePlan(ctx, name+"-plan", baseline.AppServicePlanArgs{
		ResourceGroupName: f.ResourceGroupName,
		PlanName:          args.Names.Name(naming.AppServicePlan, "apps"),
		SKU:               cfg.PlanSKU,
		ZoneRedundant:     cfg.ZoneRedundant,
		Instances:         cfg.MinInstances,
		Autoscaled:        cfg.Autoscale(),
		Workspace:         f.Workspace,
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	planID := plan.ID().ToStringOutput()
	return planID, planAutoscale(ctx, name, args, planID, pulumi.Parent(plan))
}

// planAutoscale scales the portals' plan between appMinInstances and
// appMaxInstances; without room between the two there is nothing to scale.
func planAutoscale(ctx *pulumi.Context, name string, args Args, planID pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	o, cfg, f := args.Options, args.Config, args.Foundation
	if !cfg.Autoscale() {
		return nil
	}

	// Scale out when either CPU or the HTTP request queue says the
	// instances are saturated; scale in only when both say they are idle
	// (Azure scales in only if every scale-in rule holds). The thresholds sit
	// far apart so that one instance less does not trigger a scale-out again.
	rule := func(metric string, op insights.ComparisonOperationType, threshold float64, window string, dir insights.ScaleDirection, cooldown string) baseline.ScaleRule {
		return baseline.ScaleRule{
			Metric: metric, Namespace: planMetrics, Resource: planID,
			Operator: op, Threshold: threshold, TimeGrain: "PT1M", Window: window,
			Direction: dir, Cooldown: cooldown,
		}
	}
	const out, in = insights.ScaleDirectionIncrease, insights.ScaleDirectionDecrease
	const above, below = insights.ComparisonOperationTypeGreaterThan, insights.ComparisonOperationTypeLessThan
	_, err := o.Autoscale(ctx, name+"-autoscale", baseline.AutoscaleArgs{
		SettingName:       args.Names.Name(naming.AutoscaleSetting, "apps"),
		ResourceGroupName: f.ResourceGroupName,
		Target:            planID,
		MinInstances:      cfg.MinInstances,
		MaxInstances:      cfg.MaxInstances,
		Rules: []baseline.ScaleRule{
			rule("CpuPercentage", above, 70, "PT10M", out, "PT5M"),
			rule("HttpQueueLength", above, 100, "PT5M", out, "PT5M"),
			rule("CpuPercentage", below, 30, "PT15M", in, "PT10M"),
			rule("HttpQueueLength", below, 10, "PT15M", in, "PT10M"),
		},
		Workspace: f.Workspace,
	}, opts...)
	return err
}
