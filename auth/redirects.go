package auth

import (
	"github.com/pulumi/pulumi-azuread/sdk/v5/go/azuread"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
)

// WebRedirectURIs is the ApplicationRedirectUris type of a web app's
// redirect URIs, the ones App Service authentication signs in through
// (terraform-provider-azuread v2.53.1,
// internal/services/applications/application_redirect_uris_resource.go,
// RedirectUriTypeWeb).
const WebRedirectURIs = "Web"

// RedirectURIsArgs are the hosts users sign in through, per registration.
type RedirectURIsArgs struct {
	Auth *Auth `arg:"required"`
	// PortalHosts and BackofficeHosts are every host a user signs in to the
	// portal (backoffice) through: the list replaces the registration's Web
	// redirect URIs, so a host missing here cannot sign in.
	PortalHosts     pulumi.StringArrayInput `arg:"required"`
	BackofficeHosts pulumi.StringArrayInput `arg:"required"`
	// FormerParent is the apps component. Stacks deployed behind Front Door
	// before the redirect URIs moved here created them under it, as
	// apps-edge-<workload>-redirect-uris; the aliases keep those resources.
	FormerParent pulumi.Resource `arg:"required"`
}

// RedirectURIs holds each registration's Web redirect URIs.
//
// They have one owner, with or without Front Door: an
// azuread.ApplicationRedirectUris per registration, which writes only the
// Web redirect URIs. The registrations (ApplicationRegistration) have no
// redirect URI input and their updates never send any (v2.53.1,
// application_registration_resource.go, Update). With
// azuread.Application as the registration, each would undo the other
// (README, "Edge"). Toggling Front Door changes the hosts of the same
// resources, in place.
//
// The registrations must exist before the apps (their client ids), and the
// hosts exist only after the apps layer (Front Door's endpoint hostnames),
// so this is a component of its own, created after both: auth → apps →
// redirect URIs, one way, with neither layer's component gaining children
// after it registered its outputs.
type RedirectURIs struct {
	pulumi.ResourceState
}

// NewRedirectURIs registers App Service authentication's callback on each
// host as its registration's Web redirect URIs.
func NewRedirectURIs(ctx *pulumi.Context, name string, args RedirectURIsArgs, opts ...pulumi.ResourceOption) (*RedirectURIs, error) {
	if err := baseline.CheckArgs("redirect URIs", args); err != nil {
		return nil, err
	}
	r := &RedirectURIs{}
	if err := ctx.RegisterComponentResource("ecommerce:auth:RedirectURIs", name, r, opts...); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		workload string
		reg      Registration
		hosts    pulumi.StringArrayInput
	}{
		{"portal", args.Auth.Customer, args.PortalHosts},
		{"backoffice", args.Auth.Backoffice, args.BackofficeHosts},
	} {
		opts := []pulumi.ResourceOption{
			pulumi.Parent(r),
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("apps-edge-" + s.workload + "-redirect-uris"), Parent: args.FormerParent}}),
		}
		if s.reg.Provider != nil {
			// A registration in a customer tenant is changed through that tenant.
			opts = append(opts, pulumi.Provider(s.reg.Provider))
		}
		if _, err := azuread.NewApplicationRedirectUris(ctx, name+"-"+s.workload, &azuread.ApplicationRedirectUrisArgs{
			ApplicationId: s.reg.ID,
			Type:          pulumi.String(WebRedirectURIs),
			RedirectUris:  callbacks(s.hosts),
		}, opts...); err != nil {
			return nil, err
		}
	}
	if err := ctx.RegisterResourceOutputs(r, pulumi.Map{}); err != nil {
		return nil, err
	}
	return r, nil
}

// callbacks are App Service authentication's callback on each host.
func callbacks(hosts pulumi.StringArrayInput) pulumi.StringArrayOutput {
	return hosts.ToStringArrayOutput().ApplyT(func(hosts []string) []string {
		out := make([]string, len(hosts))
		for i, h := range hosts {
			out[i] = "https://" + h + CallbackPath
		}
		return out
	}).(pulumi.StringArrayOutput)
}
