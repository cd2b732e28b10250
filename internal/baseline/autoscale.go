package baseline

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AutoscaleArgs describe an Azure Monitor autoscale setting: what it scales,
// between which bounds, and on which metrics.
type AutoscaleArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	SettingName       string             `arg:"required"`
	// Target is the id of the resource scaled, an App Service plan here.
	Target       pulumi.StringInput `arg:"required"`
	MinInstances int                `arg:"required"`
	MaxInstances int                `arg:"required"`
	Rules        []ScaleRule        `arg:"required"`
	// Workspace receives the setting's logs (its scale actions and their
	// evaluations) and metrics.
	Workspace pulumi.StringInput `arg:"required"`
}

// ScaleRule is one metric rule. Each rule moves the instance count by one.
// Azure scales out when any scale-out rule holds, and in only when every
// scale-in rule holds.
type ScaleRule struct {
	Metric    string
	Namespace string
	// Resource is the id of the resource emitting Metric, which need not be
	// the target.
	Resource  pulumi.StringInput
	Operator  insights.ComparisonOperationType
	Threshold float64
	// Statistic combines the target's instances within a time grain, and
	// Aggregation combines the grains within the window; both default to
	// Average.
	Statistic   insights.MetricStatisticType
	Aggregation insights.TimeAggregationType
	// TimeGrain must be a grain the metric is emitted at; Window (at least
	// TimeGrain, at most 12 hours) is the span each evaluation looks back over.
	TimeGrain string
	Window    string
	Direction insights.ScaleDirection
	// Cooldown is the wait after a scale action before this rule may act.
	Cooldown string
}

// Autoscale creates an autoscale setting on a.Target with one profile that
// starts at, and never goes below, a.MinInstances, and sends the setting's
// diagnostics to the workspace; opts apply to the setting.
func (o Options) Autoscale(ctx *pulumi.Context, name string, a AutoscaleArgs, opts ...pulumi.ResourceOption) (*insights.AutoscaleSetting, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	var rules insights.ScaleRuleArray
	for _, r := range a.Rules {
		statistic, aggregation := r.Statistic, r.Aggregation
		if statistic == "" {
			statistic = insights.MetricStatisticTypeAverage
		}
		if aggregation == "" {
			aggregation = insights.TimeAggregationTypeAverage
		}
		rules = append(rules, insights.ScaleRuleArgs{
			MetricTrigger: insights.MetricTriggerArgs{
				MetricName:        pulumi.String(r.Metric),
				MetricNamespace:   pulumi.String(r.Namespace),
				MetricResourceUri: r.Resource,
				Operator:          r.Operator,
				Statistic:         statistic,
				TimeAggregation:   aggregation,
				Threshold:         pulumi.Float64(r.Threshold),
				TimeGrain:         pulumi.String(r.TimeGrain),
				TimeWindow:        pulumi.String(r.Window),
			},
			ScaleAction: insights.ScaleActionArgs{
				Direction: r.Direction,
				Type:      insights.ScaleTypeChangeCount,
				Value:     pulumi.String("1"),
				Cooldown:  pulumi.String(r.Cooldown),
			},
		})
	}
	setting, err := insights.NewAutoscaleSetting(ctx, name, &insights.AutoscaleSettingArgs{
		AutoscaleSettingName: pulumi.String(a.SettingName),
		ResourceGroupName:    a.ResourceGroupName,
		Location:             pulumi.String(o.Location),
		TargetResourceUri:    a.Target,
		Enabled:              pulumi.Bool(true),
		Profiles: insights.AutoscaleProfileArray{insights.AutoscaleProfileArgs{
			Name: pulumi.String("default"),
			Capacity: insights.ScaleCapacityArgs{
				Minimum: pulumi.String(strconv.Itoa(a.MinInstances)),
				Maximum: pulumi.String(strconv.Itoa(a.MaxInstances)),
				Default: pulumi.String(strconv.Itoa(a.MinInstances)),
			},
			Rules: rules,
		}},
		Tags: o.TagMap(),
	}, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := Diagnostics(ctx, name+"-diag", DiagnosticsArgs{ResourceID: setting.ID(), Workspace: a.Workspace, Signals: AllLogsAndMetrics}, pulumi.Parent(setting)); err != nil {
		return nil, fmt.Errorf("diagnostics of %s: %w", name, err)
	}
	return setting, nil
}
