package apps

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Expected answers of the availability tests on the health path.
const (
	// HealthyStatus is what the health path answers when the portal is up.
	HealthyStatus = 200
	// SignInRedirectStatus is what App Service authentication answers a
	// backoffice request without a session where the health path is not
	// excluded from sign-in (no edge): the 302 to Entra's sign-in page.
	SignInRedirectStatus = 302
)

// appsAlerts creates the alerts on the layer's own resources: the
// catalog's alerts on the plan and on both portals (HTTP 5xx, response
// time, health check), on the Front Door profile where there is one
// (origin health, 5xx share, WAF block spikes), and a standard
// availability test of each portal's public URL, with its alert. Slots
// carry no alerts: staging serves no customer, and a release is verified
// there before the swap.
func appsAlerts(ctx *pulumi.Context, name string, args Args, a *Apps, opts ...pulumi.ResourceOption) error {
	o, f, tuning := args.Options, args.Foundation, args.Alerts.Tuning
	watched := []baseline.CatalogAlertsArgs{
		{Label: "app-plan", Kind: alerts.AppServicePlan, Scope: a.PlanID},
		{Label: Portal, Kind: alerts.WebApp, Scope: a.Portal.ID},
		{Label: Backoffice, Kind: alerts.WebApp, Scope: a.Backoffice.ID},
	}
	if a.Edge != nil {
		watched = append(watched, baseline.CatalogAlertsArgs{Label: "edge", Kind: alerts.FrontDoor, Scope: a.Edge.ProfileID})
	}
	if sb := a.Standby; sb != nil {
		// In the primary's group with the others: labels that do not start
		// with the standby's prefix.
		watched = append(watched,
			baseline.CatalogAlertsArgs{Label: "app-plan-standby", Kind: alerts.AppServicePlan, Scope: sb.PlanID},
			baseline.CatalogAlertsArgs{Label: Portal + "-standby", Kind: alerts.WebApp, Scope: sb.Portal.ID},
			baseline.CatalogAlertsArgs{Label: Backoffice + "-standby", Kind: alerts.WebApp, Scope: sb.Backoffice.ID})
	}
	for _, w := range watched {
		w.Foundation, w.Tuning = f, tuning
		if _, err := o.CatalogAlerts(ctx, name+"-"+w.Label, w, opts...); err != nil {
			return err
		}
	}
	for _, p := range availabilityProbes(args, a) {
		if _, _, err := o.AvailabilityTest(ctx, name+"-"+p.workload+"-availability", baseline.AvailabilityTestArgs{
			ResourceGroupName: f.ResourceGroupName,
			TestName:          naming.Local(naming.AvailabilityTest, p.workload),
			AlertName:         baseline.AlertName(p.workload, "availability"),
			URL:               p.url,
			AppInsights:       args.Backend.AppInsightsID,
			Locations:         baseline.EuropeTestLocations,
			ExpectedStatus:    p.status,
			Paused:            !args.Alerts.AvailabilityTests,
			ActionGroup:       f.ActionGroup,
		}, opts...); err != nil {
			return err
		}
	}
	return nil
}

// probe is what one availability test requests, and expects.
type probe struct {
	workload string
	url      pulumi.StringInput
	status   int
}

// availabilityProbes are the portals' health paths at their public URLs:
// Front Door's where there is an edge (the web apps admit only that Front
// Door, so a probe of the App Service host would get 403), else App
// Service's. The portal admits anonymous requests: it answers 200. The
// backoffice requires sign-in; behind Front Door its health path is
// excluded from sign-in (behindFrontDoor) and answers 200, but without an
// edge App Service authentication answers the probe with its 302 to Entra
// before the app sees it. There the test expects that 302 (redirects are
// not followed): it still proves the site is up, serves TLS and signs users
// in, and App Service's own health check (HealthCheckStatus alert) watches
// the app behind it. Excluding the path without an edge would open it to
// the internet, which the edge design refuses.
func availabilityProbes(args Args, a *Apps) []probe {
	path := args.Config.HealthCheckPath
	if a.Edge != nil {
		return []probe{
			{Portal, pulumi.Sprintf("%s%s", a.Edge.Portal.URL, path), HealthyStatus},
			{Backoffice, pulumi.Sprintf("%s%s", a.Edge.Backoffice.URL, path), HealthyStatus},
		}
	}
	return []probe{
		{Portal, pulumi.Sprintf("%s%s", a.Portal.URL, path), HealthyStatus},
		{Backoffice, pulumi.Sprintf("%s%s", a.Backoffice.URL, path), SignInRedirectStatus},
	}
}
