// Package apps is the web layer: one App Service plan holding the customer
// portal and the backoffice as Linux web apps. Each app signs users in
// through its Entra registration (App Service authentication), reaches SQL,
// Storage and Key Vault with its own managed identity, and reports to
// Application Insights. Where configured, each app has a staging slot, the
// plan scales out on load, and outbound traffic enters the private network.
package apps

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/apps/edge"
	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
)

// The web apps' workloads (their names' workload part) and the slot new
// releases are deployed to before they are swapped into production.
const (
	Portal      = edge.Portal
	Backoffice  = edge.Backoffice
	StagingSlot = "staging"
)

// SlotSetting is the sticky app setting naming the slot an instance runs in
// ("production" or "staging"): it stays with its slot across a swap, so
// telemetry and the app itself always know which slot they are.
const SlotSetting = "DEPLOYMENT_SLOT"

// Hosts are the web apps' default hostnames: production first, then the
// staging slot's when there is one.
type Hosts struct {
	Portal     []string
	Backoffice []string
}

// Hostnames returns the default hostnames the web apps will have. Their
// names are deterministic, so the hostnames are known before the apps exist,
// and the auth layer can register its redirect URIs without waiting for the
// apps (which themselves need auth's client ids).
func Hostnames(names naming.Namer, slots bool) Hosts {
	hosts := func(workload string) []string {
		app := names.Name(naming.WebApp, workload)
		out := []string{app + ".azurewebsites.net"}
		if slots {
			out = append(out, app+"-"+StagingSlot+".azurewebsites.net")
		}
		return out
	}
	return Hosts{Portal: hosts(Portal), Backoffice: hosts(Backoffice)}
}

// Backend is what the apps use of the core layer: the services they
// connect to and the scopes of their role assignments. FromCore takes it
// from a deployed core; a test can build it by hand.
type Backend struct {
	// AppInsightsConnectionString is a secret: it carries the ingestion key.
	AppInsightsConnectionString pulumi.StringInput `arg:"required"`
	// AppInsightsID is the Application Insights resource: the scope of the
	// apps' Monitoring Metrics Publisher role and of their availability tests.
	AppInsightsID pulumi.StringInput `arg:"required"`
	// SQLHost is where the database is reached: the failover group's
	// read-write listener with a standby, the server otherwise.
	SQLHost         pulumi.StringInput `arg:"required"`
	SQLDatabaseName pulumi.StringInput `arg:"required"`
	// SQLConnectionString is passwordless: the app signs in with its identity.
	SQLConnectionString pulumi.StringInput `arg:"required"`
	QueueEndpoint       pulumi.StringInput `arg:"required"`
	BlobEndpoint        pulumi.StringInput `arg:"required"`
	// QueueIDs and ContainerIDs map names to resource ids, the scopes of the
	// apps' role assignments.
	QueueIDs     map[string]pulumi.StringInput `arg:"required"`
	ContainerIDs map[string]pulumi.StringInput `arg:"required"`
	KeyVaultID   pulumi.StringInput            `arg:"required"`
	KeyVaultURI  pulumi.StringInput            `arg:"required"`
	// AppsSubnetID is the subnet the apps' outbound traffic enters the VNet
	// through; nil without private networking.
	AppsSubnetID pulumi.StringInput `arg:"optional"`
}

// FromCore returns the core outputs the apps use.
func FromCore(c *core.Core) Backend {
	b := Backend{
		AppInsightsConnectionString: c.Monitoring.AppInsightsConnectionString,
		AppInsightsID:               c.Monitoring.AppInsightsID,
		SQLHost:                     c.Database.Host,
		SQLDatabaseName:             c.Database.Name,
		SQLConnectionString:         c.Database.ConnectionString(),
		QueueEndpoint:               c.Storage.QueueEndpoint,
		BlobEndpoint:                c.Storage.BlobEndpoint,
		QueueIDs:                    map[string]pulumi.StringInput{},
		ContainerIDs:                map[string]pulumi.StringInput{},
		KeyVaultID:                  c.KeyVault.ID,
		KeyVaultURI:                 c.KeyVault.URI,
	}
	for q, id := range c.Storage.QueueIDs {
		b.QueueIDs[q] = id
	}
	for container, id := range c.Storage.ContainerIDs {
		b.ContainerIDs[container] = id
	}
	if c.Network != nil {
		b.AppsSubnetID = c.Network.AppsSubnetID
	}
	return b
}

// SignIn binds a web app to its Entra app registration.
type SignIn struct {
	ClientID pulumi.StringInput `arg:"required"`
	// Issuer is the registration's OpenID Connect issuer, App Service's
	// tenantAuthEndpoint.
	Issuer pulumi.StringInput `arg:"required"`
}

// Args configure the apps layer.
type Args struct {
	Options    baseline.Options    `arg:"required"`
	Names      naming.Namer        `arg:"required"`
	Config     config.Apps         `arg:"required"`
	Foundation baseline.Foundation `arg:"required"`
	Backend    Backend             `arg:"required"`
	Portal     SignIn              `arg:"required"`
	Backoffice SignIn              `arg:"required"`
	// Alerts are the thresholds an operator tuned (alertHttp5xxCount,
	// alertResponseTimeSeconds).
	Alerts config.Alerts `arg:"required"`
	// Edge puts Azure Front Door with its WAF in front of both web apps
	// when Edge.Enabled; the apps then admit only that Front Door.
	Edge config.Edge `arg:"optional"`
	// SharedPlanID is the plan core created for the portals and the worker
	// (workerSharesAppPlan): the apps run on it instead of a plan of their
	// own, and only its autoscale setting is theirs. nil: the apps create
	// their plan.
	SharedPlanID pulumi.StringInput `arg:"optional"`
	// Standby runs the portals a second time in the region pair, in the
	// Foundation's Standby group, behind Front Door's priority-2 origins;
	// nil without a standby.
	Standby *Standby `arg:"optional"`
}

// Standby is what the standby's portals take beyond the primary's
// settings, identities' roles and sign-in, which they share.
type Standby struct {
	Names naming.Namer `arg:"required"` // the stack's names in the pair
	// MinInstances is the standby plan's size until it takes traffic;
	// autoscale goes up to the primary's maximum.
	MinInstances int `arg:"required"`
	// ZoneRedundant: the pair has zones and the primary's plan is
	// zone-redundant.
	ZoneRedundant bool `arg:"optional"`
}

// inStandby is args as the standby's portals take them: the pair's region,
// names and group, the standby's instance count, no staging slots (a
// release goes to the standby after it was verified in the primary's), and
// the standby's VNet subnet (a web app integrates with a VNet in its own
// region).
func (args Args) inStandby() Args {
	sb, standby := args, args.Foundation.Standby
	sb.Options, sb.Names = args.Options.In(standby.Location), args.Standby.Names
	sb.Foundation.ResourceGroupName = standby.ResourceGroupName
	sb.Config.MinInstances, sb.Config.ZoneRedundant, sb.Config.StagingSlots = args.Standby.MinInstances, args.Standby.ZoneRedundant, false
	sb.Backend.AppsSubnetID = standby.AppsSubnetID
	return sb
}

// Site is one deployed web app.
type Site struct {
	Name        pulumi.StringOutput
	ID          pulumi.StringOutput
	Hostname    pulumi.StringOutput // default hostname
	URL         pulumi.StringOutput
	PrincipalID pulumi.StringOutput // system-assigned identity
	// Staging is the staging slot, nil when the stack has no slots.
	Staging *Slot
	// SignInHosts are every host users sign in to the app through, so the
	// hosts its registration must redirect back to (auth.NewRedirectURIs):
	// see signInHosts.
	SignInHosts pulumi.StringArrayOutput
}

// Slot is a web app's deployment slot. It has its own identity: identities
// stay with their slot when a swap exchanges the code.
type Slot struct {
	ID          pulumi.StringOutput
	Hostname    pulumi.StringOutput
	PrincipalID pulumi.StringOutput
}

// Apps is the web layer.
type Apps struct {
	pulumi.ResourceState

	PlanID     pulumi.StringOutput
	Portal     *Site
	Backoffice *Site
	// Edge is the Front Door in front of the apps; nil without one.
	Edge *edge.Edge
	// Standby are the portals in the region pair; nil without a standby.
	Standby *StandbySites
	// Grants are the database grants the apps' identities need.
	Grants []sqlgrants.Grant
}

// StandbySites are the standby's plan and portals.
type StandbySites struct {
	PlanID             pulumi.StringOutput
	Portal, Backoffice *Site
}

// spec is what sets one web app apart from the other.
type spec struct {
	workload string
	signIn   SignIn
	// requireSignIn: every request must be signed in (backoffice). Otherwise
	// browsing is anonymous and the app sends users to sign in on demand.
	requireSignIn bool
	// queues are the work queues the app sends messages to.
	queues []core.Queue
	// imagesRole is the app's role on the product images container.
	imagesRole baseline.Role
	// frontDoorID is the edge's X-Azure-FDID, the one Front Door the app
	// and its slot admit; nil without an edge, and the app is open as before.
	frontDoorID pulumi.StringInput
}

// New creates the apps layer.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Apps, error) {
	var missing []string
	if args.Standby != nil && args.Foundation.Standby == nil {
		missing = append(missing, "Foundation.Standby (Standby)")
	}
	if err := baseline.CheckArgs("apps", args, missing...); err != nil {
		return nil, err
	}
	a := &Apps{}
	if err := ctx.RegisterComponentResource("ecommerce:apps:Apps", name, a, append(opts, args.Options.TeardownWith(args.Foundation.GroupOf))...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(a)
	planID, err := servicePlan(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	a.PlanID = planID
	if args.Edge.Enabled {
		if a.Edge, err = newEdge(ctx, name, args, parent); err != nil {
			return nil, err
		}
	}
	specs := []spec{
		{workload: Portal, signIn: args.Portal, queues: []core.Queue{core.OrderConfirmations, core.Notifications},
			imagesRole: baseline.StorageBlobDataReader},
		{workload: Backoffice, signIn: args.Backoffice, requireSignIn: true, queues: []core.Queue{core.InventoryUpdates, core.Notifications},
			imagesRole: baseline.StorageBlobDataContributor},
	}
	sites := make([]*Site, len(specs))
	for i, s := range specs {
		if a.Edge != nil {
			s.frontDoorID = a.Edge.FrontDoorID
		}
		if sites[i], err = site(ctx, name, args, planID, s, parent); err != nil {
			return nil, err
		}
	}
	a.Portal, a.Backoffice = sites[0], sites[1]
	if args.Standby != nil {
		if a.Standby, err = standbySites(ctx, name, args, a.Edge, specs, parent); err != nil {
			return nil, err
		}
	}
	var fronts [2]*edge.Site // the sites' faces on the edge, if any
	if a.Edge != nil {
		fronts = [2]*edge.Site{a.Edge.Portal, a.Edge.Backoffice}
	}
	for i, s := range sites {
		s.SignInHosts = signInHosts(s, fronts[i])
	}
	if a.Standby != nil {
		sites = append(sites, a.Standby.Portal, a.Standby.Backoffice)
	}
	a.Grants = grants(args.Backend, sites)
	if err := appsAlerts(ctx, name, args, a, parent); err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(a, a.Outputs()); err != nil {
		return nil, err
	}
	return a, nil
}

// standbySites creates the standby's plan and portals: the primary's
// settings, roles and sign-in (the same registrations: users sign in
// through Front Door's hosts either way), in the pair, each the priority-2
// origin of its portal's origin group, locked to the same Front Door.
func standbySites(ctx *pulumi.Context, name string, args Args, e *edge.Edge, specs []spec, opts ...pulumi.ResourceOption) (*StandbySites, error) {
	sb, sbName := args.inStandby(), baseline.StandbyName(name)
	planID, err := servicePlan(ctx, sbName, sb, opts...)
	if err != nil {
		return nil, err
	}
	out := &StandbySites{PlanID: planID}
	sites := make([]*Site, len(specs))
	for i, s := range specs {
		if e != nil {
			s.frontDoorID = e.FrontDoorID
		}
		if sites[i], err = site(ctx, sbName, sb, planID, s, opts...); err != nil {
			return nil, err
		}
	}
	out.Portal, out.Backoffice = sites[0], sites[1]
	return out, nil
}

// signInHosts are the hosts users sign in to site through, front its face
// on the edge (nil without one). Without an edge,
// the app's default hostname. Behind one, Front Door's hosts (endpoint and
// custom domain) instead: the app admits only Front Door, whose forwarded
// host Easy Auth builds its redirect_uri from (edge.ForwardProxyConvention).
// And, where there is one, the staging slot's own default hostname: behind
// Front Door no route reaches the slot, so whoever verifies a release there
// opens <app>-staging.azurewebsites.net directly, after allowing their
// address on the slot (README, "Deploying for real"); with no X-Forwarded-Host, Easy
// Auth's redirect_uri is that host, and Entra answers AADSTS50011 to any
// host not registered.
func signInHosts(site *Site, front *edge.Site) pulumi.StringArrayOutput {
	public := pulumi.StringArray{site.Hostname}.ToStringArrayOutput()
	if front != nil {
		public = front.Hosts
	}
	if site.Staging == nil {
		return public
	}
	return pulumi.All(public, site.Staging.Hostname).ApplyT(func(v []any) []string {
		return append(slices.Clone(v[0].([]string)), v[1].(string))
	}).(pulumi.StringArrayOutput)
}

// newEdge creates the Front Door in front of the apps, in the apps layer. Its
// origins are the apps' production hostnames,
// known from their names before the apps exist, so the edge needs nothing
// of them and they take its frontDoorId: data flows one way.
func newEdge(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*edge.Edge, error) {
	hosts := Hostnames(args.Names, false)
	var standbyPortal, standbyBackoffice pulumi.StringInput
	if args.Standby != nil {
		sb := Hostnames(args.Standby.Names, false)
		standbyPortal, standbyBackoffice = pulumi.String(sb.Portal[0]), pulumi.String(sb.Backoffice[0])
	}
	return edge.New(ctx, name+"-edge", edge.Args{
		Options:           args.Options,
		ResourceGroupName: args.Foundation.ResourceGroupName,
		Names:             edge.NamesOf(args.Names),
		Edge:              args.Edge,
		HealthCheckPath:   args.Config.HealthCheckPath,
		PortalHost:        pulumi.String(hosts.Portal[0]),
		BackofficeHost:    pulumi.String(hosts.Backoffice[0]),
		// The standby's portals: each origin group's priority-2 origin.
		StandbyPortalHost:     standbyPortal,
		StandbyBackofficeHost: standbyBackoffice,
		Workspace:             args.Foundation.Workspace,
	}, opts...)
}

// Outputs are the layer's outputs, under the names the program exports
// them by: the one declaration of both. Every stack has the same names:
// portalUrl and backofficeUrl are the public URLs (Front Door's where there
// is an edge, else App Service's), the *AppServiceUrl ones the web apps' own
// hostnames for operators, and the Front Door outputs are empty without one.
func (a *Apps) Outputs() pulumi.Map {
	out := pulumi.Map{
		"appServicePlanId":        a.PlanID,
		"portalUrl":               a.Portal.URL,
		"portalAppServiceUrl":     a.Portal.URL,
		"portalPrincipalId":       a.Portal.PrincipalID,
		"backofficeUrl":           a.Backoffice.URL,
		"backofficeAppServiceUrl": a.Backoffice.URL,
		"backofficePrincipalId":   a.Backoffice.PrincipalID,
		"frontDoorId":             pulumi.String(""),
		"frontDoorProfileId":      pulumi.String(""),
		"wafPolicyId":             pulumi.String(""),
		"portalFrontDoorHost":     pulumi.String(""),
		"backofficeFrontDoorHost": pulumi.String(""),
		// The standby's own hostnames, for a drill; empty without one.
		"portalStandbyAppServiceUrl":     pulumi.String(""),
		"backofficeStandbyAppServiceUrl": pulumi.String(""),
	}
	if sb := a.Standby; sb != nil {
		out["portalStandbyAppServiceUrl"], out["backofficeStandbyAppServiceUrl"] = sb.Portal.URL, sb.Backoffice.URL
	}
	if e := a.Edge; e != nil {
		out["portalUrl"], out["backofficeUrl"] = e.Portal.URL, e.Backoffice.URL
		out["frontDoorId"], out["frontDoorProfileId"], out["wafPolicyId"] = e.FrontDoorID, e.ProfileID, e.WAFPolicyID
		// The endpoints' generated hostnames: the CNAME targets of custom domains.
		out["portalFrontDoorHost"], out["backofficeFrontDoorHost"] = e.Portal.EndpointHostname, e.Backoffice.EndpointHostname
	}
	return out
}

// grants are the apps' database grants: both read and write the shop's
// data. Slots have identities of their own and get the same grants, so a
// release can be verified in staging before it is swapped in.
func grants(b Backend, sites []*Site) []sqlgrants.Grant {
	var out []sqlgrants.Grant
	add := func(user, principal pulumi.StringInput) {
		out = append(out, sqlgrants.Grant{
			Server:   b.SQLHost,
			Database: b.SQLDatabaseName,
			User:     user,
			ObjectID: principal,
			Roles:    []string{"db_datareader", "db_datawriter"},
		})
	}
	for _, s := range sites {
		add(s.Name, s.PrincipalID)
		if s.Staging != nil {
			// A slot's system-assigned identity is named <app>/slots/<slot>.
			add(pulumi.Sprintf("%s/slots/%s", s.Name, StagingSlot), s.Staging.PrincipalID)
		}
	}
	return out
}
