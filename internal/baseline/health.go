package baseline

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EuropeTestLocations are five Application Insights availability test
// locations in Europe, where the shop's customers are (location ids from
// "Azure Monitor availability tests", population tags: West Europe, North
// Europe, UK South, UK West, France Central). Microsoft recommends at least
// five locations, and alerting when all but two fail.
var EuropeTestLocations = []string{"emea-nl-ams-azr", "emea-gb-db3-azr", "emea-ru-msa-edge", "emea-se-sto-edge", "emea-fr-pra-edge"}

// AvailabilityTestArgs describe a standard availability test of one portal.
type AvailabilityTestArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	TestName          string             `arg:"required"`
	AlertName         string             `arg:"required"`
	// URL is the https URL probed, the portal's health path.
	URL pulumi.StringInput `arg:"required"`
	// AppInsights is the Application Insights component the results go to.
	AppInsights pulumi.StringInput `arg:"required"`
	// Locations are test location ids, at least five, each once.
	Locations []string `arg:"required"`
	// ExpectedStatus is the HTTP status a healthy portal answers; 200 when
	// zero. A path behind sign-in answers Easy Auth's 401 or 302 instead.
	ExpectedStatus int `arg:"optional"`
	// Paused keeps the test and its alert but runs no probes (and so
	// bills nothing): dev's choice (availabilityTests).
	Paused      bool               `arg:"optional"`
	ActionGroup pulumi.StringInput `arg:"required"`
}

// Problems are the test's value rules, for CheckArgs.
func (a AvailabilityTestArgs) Problems() []string {
	var problems []string
	if n := len(a.Locations); n > 0 && n < 5 {
		problems = append(problems, fmt.Sprintf("Locations has %d test locations, at least 5 are required", n))
	}
	for i, l := range a.Locations {
		if slices.Index(a.Locations, l) != i {
			problems = append(problems, fmt.Sprintf("Locations[%d] %q is listed twice", i, l))
		}
	}
	if s := a.status(); s < 100 || s > 599 {
		problems = append(problems, fmt.Sprintf("ExpectedStatus %d is not an HTTP status", s))
	}
	return problems
}

// status is the expected HTTP status, 200 unless given.
func (a AvailabilityTestArgs) status() int {
	if a.ExpectedStatus == 0 {
		return 200
	}
	return a.ExpectedStatus
}

// AvailabilityTest creates a standard web test probing args.URL every five
// minutes from every location, and the metric alert that fires when all
// but two locations fail (Microsoft's recommended failed-location count).
func (o Options) AvailabilityTest(ctx *pulumi.Context, name string, args AvailabilityTestArgs, opts ...pulumi.ResourceOption) (*insights.WebTest, *insights.MetricAlert, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, nil, err
	}
	status := args.status()
	var locations insights.WebTestGeolocationArray
	for _, l := range args.Locations {
		locations = append(locations, insights.WebTestGeolocationArgs{Location: pulumi.String(l)})
	}
	probe := args.URL.ToStringOutput().ApplyT(func(u string) (string, error) {
		parsed, err := url.Parse(u)
		if err != nil || parsed.Scheme != "https" || parsed.Host == "" {
			return "", fmt.Errorf("availability test %s: URL %q is not an https URL", name, u)
		}
		return u, nil
	}).(pulumi.StringOutput)
	// Application Insights lists a web test only when the test carries the
	// hidden-link tag naming its component.
	tags := pulumi.All(args.AppInsights.ToStringOutput(), o.TagMap().ToStringMapOutput()).ApplyT(func(v []any) map[string]string {
		t := map[string]string{"hidden-link:" + v[0].(string): "Resource"}
		for k, val := range v[1].(map[string]string) {
			t[k] = val
		}
		return t
	}).(pulumi.StringMapOutput)
	test, err := insights.NewWebTest(ctx, name, &insights.WebTestArgs{
		WebTestName:        pulumi.String(args.TestName),
		SyntheticMonitorId: pulumi.String(args.TestName),
		ResourceGroupName:  args.ResourceGroupName,
		// A web test lives in its component's region.
		Location:     pulumi.String(o.Location),
		Kind:         insights.WebTestKindStandard,
		WebTestKind:  insights.WebTestKindStandard,
		Enabled:      pulumi.Bool(!args.Paused),
		Frequency:    pulumi.Int(300),
		Timeout:      pulumi.Int(30),
		RetryEnabled: pulumi.Bool(true),
		Locations:    locations,
		Request: insights.WebTestPropertiesRequestArgs{
			RequestUrl:      probe,
			HttpVerb:        pulumi.String("GET"),
			FollowRedirects: pulumi.Bool(false),
		},
		ValidationRules: insights.WebTestPropertiesValidationRulesArgs{
			ExpectedHttpStatusCode: pulumi.Int(status),
			// Also fail a week before the certificate expires.
			SSLCheck:                      pulumi.Bool(true),
			SSLCertRemainingLifetimeCheck: pulumi.Int(7),
		},
		Tags: tags,
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	alert, err := insights.NewMetricAlert(ctx, name+"-alert", &insights.MetricAlertArgs{
		RuleName:            pulumi.String(args.AlertName),
		ResourceGroupName:   args.ResourceGroupName,
		Location:            pulumi.String("global"),
		Description:         pulumi.Sprintf("%s is unreachable from %d of %d test locations.", args.URL, len(args.Locations)-2, len(args.Locations)),
		Severity:            pulumi.Int(1),
		Enabled:             pulumi.Bool(true),
		Scopes:              pulumi.StringArray{test.ID(), args.AppInsights},
		EvaluationFrequency: pulumi.String("PT1M"),
		WindowSize:          pulumi.String("PT5M"),
		AutoMitigate:        pulumi.Bool(true),
		Criteria: insights.WebtestLocationAvailabilityCriteriaArgs{
			OdataType:           pulumi.String("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria"),
			WebTestId:           test.ID(),
			ComponentId:         args.AppInsights,
			FailedLocationCount: pulumi.Float64(float64(len(args.Locations) - 2)),
		},
		Actions: insights.MetricAlertActionArray{insights.MetricAlertActionArgs{ActionGroupId: args.ActionGroup}},
		Tags:    o.alertTags("availability"),
		// The test's own parent comes last: a caller's Parent in opts
		// (its component) must not take the alert away from its test.
	}, append(slices.Clip(opts), pulumi.Parent(test))...)
	if err != nil {
		return nil, nil, err
	}
	return test, alert, nil
}

// regionDisplayNames are the names Service Health events give regions
// (properties.impactedServices[*].ImpactedRegions[*].RegionName), for the
// regions naming knows.
var regionDisplayNames = map[string]string{
	"australiacentral": "Australia Central", "australiaeast": "Australia East", "australiasoutheast": "Australia Southeast",
	"brazilsouth": "Brazil South", "brazilsoutheast": "Brazil Southeast", "canadacentral": "Canada Central", "canadaeast": "Canada East",
	"centralindia": "Central India", "centralus": "Central US", "eastasia": "East Asia", "eastus": "East US", "eastus2": "East US 2",
	"francecentral": "France Central", "francesouth": "France South", "germanynorth": "Germany North", "germanywestcentral": "Germany West Central",
	"israelcentral": "Israel Central", "italynorth": "Italy North", "japaneast": "Japan East", "japanwest": "Japan West",
	"koreacentral": "Korea Central", "koreasouth": "Korea South", "mexicocentral": "Mexico Central", "newzealandnorth": "New Zealand North",
	"northcentralus": "North Central US", "northeurope": "North Europe", "norwayeast": "Norway East", "norwaywest": "Norway West",
	"polandcentral": "Poland Central", "qatarcentral": "Qatar Central", "southafricanorth": "South Africa North", "southafricawest": "South Africa West",
	"southcentralus": "South Central US", "southeastasia": "Southeast Asia", "southindia": "South India", "spaincentral": "Spain Central",
	"swedencentral": "Sweden Central", "swedensouth": "Sweden South", "switzerlandnorth": "Switzerland North", "switzerlandwest": "Switzerland West",
	"uaecentral": "UAE Central", "uaenorth": "UAE North", "uksouth": "UK South", "ukwest": "UK West", "westcentralus": "West Central US",
	"westeurope": "West Europe", "westindia": "West India", "westus": "West US", "westus2": "West US 2", "westus3": "West US 3",
}

// ServiceHealthArgs describe the stack's Service Health and Resource Health alerts.
type ServiceHealthArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	// ServiceHealthName and ResourceHealthName are the alerts' Azure names.
	ServiceHealthName  string             `arg:"required"`
	ResourceHealthName string             `arg:"required"`
	ActionGroup        pulumi.StringInput `arg:"required"`
	// Standby, when the stack runs one, adds its region to the Service
	// Health alert and its resource group to the Resource Health alert's
	// scopes; nil without one.
	Standby *StandbyFoundation `arg:"optional"`
}

// serviceHealthInputs are what ServiceHealthAlerts checks: its Args and the
// two Options it reads.
type serviceHealthInputs struct {
	ServiceHealthArgs
	// SubscriptionID is the Service Health alert's scope.
	SubscriptionID string `arg:"required"`
	Location       string `arg:"required"`
}

// Problems: Service Health names regions by display name, known for the
// regions naming knows.
func (in serviceHealthInputs) Problems() []string {
	var out []string
	if _, known := regionDisplayNames[in.Location]; in.Location != "" && !known {
		out = append(out, fmt.Sprintf("Location %q has no known Service Health region name", in.Location))
	}
	if sb := in.Standby; sb != nil {
		if _, known := regionDisplayNames[sb.Location]; !known {
			out = append(out, fmt.Sprintf("Standby.Location %q has no known Service Health region name", sb.Location))
		}
	}
	return out
}

// ServiceHealthAlerts creates two activity-log alerts: Service Health
// incidents, security advisories and required actions for the subscription
// that affect the stack's region, the standby's when it has one, or every
// region ("Global"); and Resource Health events of the platform's making
// that turn any resource of the stack's resource group, or the standby's,
// Degraded or Unavailable.
func (o Options) ServiceHealthAlerts(ctx *pulumi.Context, name string, args ServiceHealthArgs, opts ...pulumi.ResourceOption) (serviceHealth, resourceHealth *insights.ActivityLogAlert, err error) {
	if err := CheckArgs(name, serviceHealthInputs{args, o.SubscriptionID, o.Location}); err != nil {
		return nil, nil, err
	}
	regions, scopes := []string{regionDisplayNames[o.Location]}, pulumi.StringArray{pulumi.Sprintf("/subscriptions/%s/resourceGroups/%s", o.SubscriptionID, args.ResourceGroupName)}
	if sb := args.Standby; sb != nil {
		regions = append(regions, regionDisplayNames[sb.Location])
		scopes = append(scopes, pulumi.Sprintf("/subscriptions/%s/resourceGroups/%s", o.SubscriptionID, sb.ResourceGroupName))
	}
	leaf := func(field, equals string) insights.AlertRuleLeafConditionArgs {
		return insights.AlertRuleLeafConditionArgs{Field: pulumi.String(field), Equals: pulumi.String(equals)}
	}
	actions := insights.ActionListArgs{ActionGroups: insights.ActionGroupTypeArray{insights.ActionGroupTypeArgs{ActionGroupId: args.ActionGroup}}}
	subscription := "/subscriptions/" + o.SubscriptionID
	serviceHealth, err = insights.NewActivityLogAlert(ctx, name+"-service-health", &insights.ActivityLogAlertArgs{
		ActivityLogAlertName: pulumi.String(args.ServiceHealthName),
		ResourceGroupName:    args.ResourceGroupName,
		Location:             pulumi.String("Global"),
		Description:          pulumi.String(fmt.Sprintf("Azure Service Health: an incident, security advisory or required action affecting %s or every region.", strings.Join(regions, ", "))),
		Enabled:              pulumi.Bool(true),
		Scopes:               pulumi.StringArray{pulumi.String(subscription)},
		Condition: insights.AlertRuleAllOfConditionArgs{AllOf: insights.AlertRuleAnyOfOrLeafConditionArray{
			insights.AlertRuleAnyOfOrLeafConditionArgs{Field: pulumi.String("category"), Equals: pulumi.String("ServiceHealth")},
			insights.AlertRuleAnyOfOrLeafConditionArgs{AnyOf: insights.AlertRuleLeafConditionArray{
				leaf("properties.incidentType", "Incident"),
				leaf("properties.incidentType", "Security"),
				leaf("properties.incidentType", "ActionRequired"),
			}},
			insights.AlertRuleAnyOfOrLeafConditionArgs{
				Field:       pulumi.String("properties.impactedServices[*].ImpactedRegions[*].RegionName"),
				ContainsAny: pulumi.ToStringArray(append(slices.Clone(regions), "Global")),
			},
		}},
		Actions: actions,
		Tags:    o.alertTags("service-health"),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	resourceHealth, err = insights.NewActivityLogAlert(ctx, name+"-resource-health", &insights.ActivityLogAlertArgs{
		ActivityLogAlertName: pulumi.String(args.ResourceHealthName),
		ResourceGroupName:    args.ResourceGroupName,
		Location:             pulumi.String("Global"),
		Description:          pulumi.String("Azure Resource Health: a resource of the stack became degraded or unavailable through Azure (platform-initiated)."),
		Enabled:              pulumi.Bool(true),
		// Activity log alerts take several scopes in one subscription.
		Scopes: scopes,
		Condition: insights.AlertRuleAllOfConditionArgs{AllOf: insights.AlertRuleAnyOfOrLeafConditionArray{
			insights.AlertRuleAnyOfOrLeafConditionArgs{Field: pulumi.String("category"), Equals: pulumi.String("ResourceHealth")},
			insights.AlertRuleAnyOfOrLeafConditionArgs{AnyOf: insights.AlertRuleLeafConditionArray{
				leaf("properties.currentHealthStatus", "Degraded"),
				leaf("properties.currentHealthStatus", "Unavailable"),
			}},
			// Azure's doing only, as Microsoft recommends: a serverless
			// database's auto-pause and the warehouse's nightly pause are
			// user-initiated Unavailable events and must not page anyone.
			// An event logged before its cause is known carries none and
			// does not fire; its update with the cause does.
			// https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide
			insights.AlertRuleAnyOfOrLeafConditionArgs{Field: pulumi.String("properties.cause"), Equals: pulumi.String("PlatformInitiated")},
		}},
		Actions: actions,
		Tags:    o.alertTags("resource-health"),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return serviceHealth, resourceHealth, nil
}
