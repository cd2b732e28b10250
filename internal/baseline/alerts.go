package baseline

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// AlertRuleTag is the tag naming the catalog rule an alert implements
// (e.g. "poison-queue-move"): operators filter by it in the portal, and the
// policy check finds log alerts by it, whose scope is the workspace.
const AlertRuleTag = "alert-rule"

// ActionGroupArgs describe who is told when an alert fires.
type ActionGroupArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	GroupName         string             `arg:"required"`
	// ShortName (1-12 characters) is what SMS and e-mail subjects show.
	ShortName string `arg:"required"`
	// Emails may be empty: the alerts still fire and show in the portal,
	// with nobody notified (a dev stack without alertEmails).
	Emails []string `arg:"optional"`
	// Webhook is an optional chat or paging tool's URL. It carries its
	// credential in the URL, so it is kept a secret in state.
	Webhook pulumi.StringInput `arg:"optional"`
}

// Problems are the action group's value rules, for CheckArgs.
func (a ActionGroupArgs) Problems() []string {
	var problems []string
	if len(a.ShortName) > 12 {
		problems = append(problems, fmt.Sprintf("ShortName %q must be 1-12 characters", a.ShortName))
	}
	return append(problems, emailProblems(a.Emails)...)
}

// emailProblems names every address of emails that is not one.
func emailProblems(emails []string) []string {
	var problems []string
	for i, e := range emails {
		if !alerts.IsEmail(e) {
			problems = append(problems, fmt.Sprintf("Emails[%d] %q is not an e-mail address", i, e))
		}
	}
	return problems
}

// ActionGroup creates the action group every alert notifies, with the
// common alert schema on each receiver so that e-mail and webhook payloads
// have one shape whatever kind of alert fired.
func (o Options) ActionGroup(ctx *pulumi.Context, name string, args ActionGroupArgs, opts ...pulumi.ResourceOption) (*insights.ActionGroup, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, err
	}
	var emails insights.EmailReceiverArray
	for i, e := range args.Emails {
		emails = append(emails, insights.EmailReceiverArgs{
			Name:                 pulumi.Sprintf("email-%d", i+1),
			EmailAddress:         pulumi.String(e),
			UseCommonAlertSchema: pulumi.Bool(true),
		})
	}
	group := &insights.ActionGroupArgs{
		ActionGroupName:   pulumi.String(args.GroupName),
		ResourceGroupName: args.ResourceGroupName,
		// Action groups are global resources.
		Location:       pulumi.String("Global"),
		GroupShortName: pulumi.String(args.ShortName),
		Enabled:        pulumi.Bool(true),
		EmailReceivers: emails,
		Tags:           o.TagMap(),
	}
	if args.Webhook != nil {
		group.WebhookReceivers = insights.WebhookReceiverArray{insights.WebhookReceiverArgs{
			Name:                 pulumi.String("webhook"),
			ServiceUri:           pulumi.ToSecret(args.Webhook).(pulumi.StringOutput),
			UseCommonAlertSchema: pulumi.Bool(true),
		}}
	}
	return insights.NewActionGroup(ctx, name, group, opts...)
}

// MetricAlertArgs describe one metric alert: a catalog rule on one resource.
type MetricAlertArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	RuleName          string             `arg:"required"`
	Rule              alerts.Metric      `arg:"required"`
	// Scope is the id of the watched resource, or of Application
	// Insights when the rule's Scope is alerts.OnAppInsightsRole.
	Scope pulumi.StringInput `arg:"required"`
	// RoleName is the watched site's name, required for
	// alerts.OnAppInsightsRole.
	RoleName    pulumi.StringInput `arg:"optional"`
	ActionGroup pulumi.StringInput `arg:"required"`
}

// Problems are the rule's own checks and the role its scope needs, for
// CheckArgs.
func (a MetricAlertArgs) Problems() []string {
	problems := a.Rule.Check()
	switch a.Rule.Scope {
	case alerts.OnResource:
	case alerts.OnAppInsightsRole:
		if a.RoleName == nil {
			problems = append(problems, "RoleName is required for a rule scoped to Application Insights")
		}
	default:
		problems = append(problems, fmt.Sprintf("Rule.Scope %q is neither %q nor %q", a.Rule.Scope, alerts.OnResource, alerts.OnAppInsightsRole))
	}
	return problems
}

// MetricAlert creates a static-threshold metric alert on one resource,
// auto-mitigating, notifying the action group.
func (o Options) MetricAlert(ctx *pulumi.Context, name string, args MetricAlertArgs, opts ...pulumi.ResourceOption) (*insights.MetricAlert, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, err
	}
	r := args.Rule
	criterion := insights.MetricCriteriaArgs{
		CriterionType:   pulumi.String("StaticThresholdCriterion"),
		Name:            pulumi.String(r.Key),
		MetricNamespace: pulumi.String(r.Namespace),
		MetricName:      pulumi.String(r.Metric),
		Operator:        pulumi.String(string(r.Operator)),
		Threshold:       pulumi.Float64(r.Threshold),
		TimeAggregation: pulumi.String(string(r.Aggregation)),
	}
	var dimensions insights.MetricDimensionArray
	if r.Scope == alerts.OnAppInsightsRole {
		dimensions = append(dimensions, insights.MetricDimensionArgs{
			Name:     pulumi.String(alerts.RoleNameDimension),
			Operator: pulumi.String("Include"),
			Values:   pulumi.StringArray{args.RoleName},
		})
	}
	if f := r.Filter; f != nil {
		dimensions = append(dimensions, insights.MetricDimensionArgs{
			Name:     pulumi.String(f.Name),
			Operator: pulumi.String("Include"),
			Values:   pulumi.StringArray{pulumi.String(f.Value)},
		})
	}
	if dimensions != nil {
		criterion.Dimensions = dimensions
	}
	return insights.NewMetricAlert(ctx, name, &insights.MetricAlertArgs{
		RuleName:          pulumi.String(args.RuleName),
		ResourceGroupName: args.ResourceGroupName,
		// Metric alert rules are global resources.
		Location:            pulumi.String("global"),
		Description:         pulumi.String(r.Description),
		Severity:            pulumi.Int(r.Severity),
		Enabled:             pulumi.Bool(true),
		Scopes:              pulumi.StringArray{args.Scope},
		EvaluationFrequency: pulumi.String(r.Frequency),
		WindowSize:          pulumi.String(r.Window),
		AutoMitigate:        pulumi.Bool(true),
		Criteria: insights.MetricAlertSingleResourceMultipleMetricCriteriaArgs{
			OdataType: pulumi.String("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"),
			AllOf:     insights.MetricCriteriaArray{criterion},
		},
		Actions: insights.MetricAlertActionArray{insights.MetricAlertActionArgs{ActionGroupId: args.ActionGroup}},
		Tags:    o.alertTags(r.Key),
	}, opts...)
}

// alertTags are the stack's tags plus the rule's key.
func (o Options) alertTags(rule string) pulumi.StringMap {
	tags := o.TagMap()
	tags[AlertRuleTag] = pulumi.String(rule)
	return tags
}

// LogAlertArgs describe one log alert: a catalog query on the workspace.
type LogAlertArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	RuleName          string             `arg:"required"`
	Rule              alerts.Log         `arg:"required"`
	// Workspace is the Log Analytics workspace the query runs on, and so
	// the rule's scope.
	Workspace pulumi.StringInput `arg:"required"`
	// Resources gives the id for each placeholder of the rule's query
	// (alerts.PlaceholderWorker, …), and nothing else.
	Resources   map[string]pulumi.StringInput `arg:"optional"`
	ActionGroup pulumi.StringInput            `arg:"required"`
}

// Problems are the rule's own checks and the ids its query's placeholders
// need, for CheckArgs.
func (a LogAlertArgs) Problems() []string {
	problems := a.Rule.Check()
	placeholders := a.Rule.Placeholders()
	for _, p := range placeholders {
		if a.Resources[p] == nil {
			problems = append(problems, fmt.Sprintf("Resources[%s] is required by the query", p))
		}
	}
	var unknown []string
	for p := range a.Resources {
		if !slices.Contains(placeholders, p) {
			unknown = append(unknown, fmt.Sprintf("Resources[%s] is not a placeholder of the query", p))
		}
	}
	slices.Sort(unknown)
	return append(problems, unknown...)
}

// LogAlert creates a scheduled query rule that fires when the rule's query
// returns more rows than its threshold, auto-mitigating, notifying the
// action group. The query is rendered once the resource ids are known.
func (o Options) LogAlert(ctx *pulumi.Context, name string, args LogAlertArgs, opts ...pulumi.ResourceOption) (*insights.ScheduledQueryRule, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, err
	}
	placeholders := args.Rule.Placeholders()
	var inputs []any
	for _, p := range placeholders {
		inputs = append(inputs, args.Resources[p])
	}
	rule := args.Rule
	query := pulumi.All(inputs...).ApplyT(func(ids []any) (string, error) {
		byPlaceholder := map[string]string{}
		for i, p := range placeholders {
			byPlaceholder[p] = ids[i].(string)
		}
		return rule.Render(byPlaceholder)
	}).(pulumi.StringOutput)
	return insights.NewScheduledQueryRule(ctx, name, &insights.ScheduledQueryRuleArgs{
		RuleName:          pulumi.String(args.RuleName),
		ResourceGroupName: args.ResourceGroupName,
		// A log alert lives in its workspace's region.
		Location:            pulumi.String(o.Location),
		Kind:                pulumi.String("LogAlert"),
		DisplayName:         pulumi.String(args.RuleName),
		Description:         pulumi.String(rule.Description),
		Severity:            pulumi.Float64(float64(rule.Severity)),
		Enabled:             pulumi.Bool(true),
		Scopes:              pulumi.StringArray{args.Workspace},
		EvaluationFrequency: pulumi.String(rule.Frequency),
		WindowSize:          pulumi.String(rule.Window),
		AutoMitigate:        pulumi.Bool(true),
		Criteria: insights.ScheduledQueryRuleCriteriaArgs{AllOf: insights.ConditionArray{insights.ConditionArgs{
			Query:           query,
			TimeAggregation: pulumi.String(string(alerts.Count)),
			Operator:        pulumi.String(string(rule.Operator)),
			Threshold:       pulumi.Float64(rule.Threshold),
			FailingPeriods: insights.ConditionFailingPeriodsArgs{
				NumberOfEvaluationPeriods: pulumi.Float64(1),
				MinFailingPeriodsToAlert:  pulumi.Float64(1),
			},
		}}},
		Actions: insights.ActionsArgs{ActionGroups: pulumi.StringArray{args.ActionGroup}},
		Tags:    o.alertTags(rule.Key),
	}, opts...)
}

// AlertName is the Azure name of the alert on rule key of the resource
// labelled watched ("st", "sqldb", "portal", …): unique in the stack's
// resource group, and readable in a notification's subject.
func AlertName(watched, key string) string { return naming.Local(naming.AlertRule, watched+"-"+key) }

// CatalogAlertsArgs name one watched resource: its catalog kind, a short
// label for the alerts' names, and where its alerts are scoped.
type CatalogAlertsArgs struct {
	// Foundation gives the resource group and the action group notified.
	Foundation Foundation    `arg:"required"`
	Label      string        `arg:"required"`
	Kind       alerts.Kind   `arg:"required"`
	Tuning     alerts.Tuning `arg:"required"`
	// Scope is the resource's id, or Application Insights' for a kind
	// whose rules are scoped there (alerts.OnAppInsightsRole).
	Scope pulumi.StringInput `arg:"required"`
	// RoleName is the resource's cloud/roleName (its site name), for
	// rules scoped to Application Insights.
	RoleName pulumi.StringInput `arg:"optional"`
}

// CatalogAlerts creates every metric alert the catalog lists for the
// kind on one resource, named <name>-alert-<key> (Azure name
// alrt-<label>-<key>), notifying the Foundation's action group. Each layer
// calls it for its own resources.
func (o Options) CatalogAlerts(ctx *pulumi.Context, name string, args CatalogAlertsArgs, opts ...pulumi.ResourceOption) ([]*insights.MetricAlert, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, err
	}
	rules := alerts.Metrics(args.Kind, args.Tuning)
	if len(rules) == 0 {
		return nil, fmt.Errorf("%s: the alert catalog has no rules for kind %q", name, args.Kind)
	}
	var out []*insights.MetricAlert
	for _, m := range rules {
		a, err := o.MetricAlert(ctx, name+"-alert-"+m.Key, MetricAlertArgs{
			ResourceGroupName: args.Foundation.ResourceGroupName,
			RuleName:          AlertName(args.Label, m.Key),
			Rule:              m,
			Scope:             args.Scope,
			RoleName:          args.RoleName,
			ActionGroup:       args.Foundation.ActionGroup,
		}, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
