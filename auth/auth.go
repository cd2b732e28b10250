// Package auth is the Microsoft Entra ID layer: who may sign in to the
// customer portal and the backoffice, with which roles, and which group
// administers the SQL servers.
//
// Neither registration has a client secret or any other credential. App
// Service authentication (Easy Auth v2) configured without a client secret
// signs users in with OpenID Connect's implicit flow: Entra posts an ID token
// (response_mode=form_post) to /.auth/login/aad/callback, and App Service
// validates it against the registration's signing keys and nonce. The portals
// only need to know who the user is and, in the backoffice, the user's app
// roles, which the ID token carries; they call no API on the user's behalf,
// so they need no access or refresh token and hence no code redemption.
// The alternative, a managed identity as federated credential
// (OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID), needs a user-assigned identity
// (the azure-native managedidentity module cannot be fetched here) in the
// registration's own tenant, which rules out a separate customer tenant.
// See https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad
// ("If you don't provide a client secret, sign-in operations use the OAuth
// 2.0 implicit grant flow, returning only an ID token").
package auth

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/pulumi/pulumi-azuread/sdk/v5/go/azuread"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// CallbackPath is where App Service authentication receives Entra's
// sign-in response; every redirect URI is a web app host plus this path.
const CallbackPath = "/.auth/login/aad/callback"

// roleNamespace roots the UUID v5 ids of the backoffice app roles. It must
// never change: a new id is a new role, and every assignment of the old one
// would be dropped.
var roleNamespace = uuid.MustParse("b0f3c6a2-5d1e-4c8b-9a7f-2e6d4b1c8f30")

// RoleID is the stable id of the backoffice app role with the given value.
func RoleID(value string) string {
	return uuid.NewSHA1(roleNamespace, []byte("backoffice/"+value)).String()
}

// roleDescriptions say what each backoffice role may do; Entra shows them
// when an administrator assigns the role.
var roleDescriptions = map[string]string{
	config.RoleAdmin:          "Full control of the backoffice, including its settings.",
	config.RoleCatalogManager: "Manages products, prices, stock and product images.",
	config.RoleOrderManager:   "Manages orders, payments, refunds and shipping.",
}

// Args configure the auth layer.
type Args struct {
	Options baseline.Options `arg:"required"`
	Names   naming.Namer     `arg:"required"`
	Config  config.Auth      `arg:"required"`
	// SQLAdminMembers are the object ids put in the SQL administrators group.
	SQLAdminMembers []string `arg:"optional"`
	// PortalHost and BackofficeHost are the web apps' production default
	// hostnames, the registrations' homepages. The app names are
	// deterministic, so they are known before the apps exist and data flows
	// one way: auth → apps. The redirect URIs come later, from the apps
	// layer's hosts (NewRedirectURIs).
	PortalHost     string `arg:"required"`
	BackofficeHost string `arg:"required"`
}

// Auth is the Entra ID layer.
type Auth struct {
	pulumi.ResourceState

	// TenantID is the deployment (workforce) tenant: the backoffice's and
	// the SQL admin group's.
	TenantID pulumi.StringOutput
	// Customer and Backoffice are the portals' app registrations.
	Customer   Registration
	Backoffice Registration
	// SQLAdmin is the group that is the Entra admin of every SQL server.
	SQLAdmin baseline.SQLAdmin
}

// Registration is an app registration as App Service authentication uses it.
type Registration struct {
	// TenantID is the tenant holding the registration: for the customer
	// portal a separate customer (external) tenant or the deployment tenant.
	TenantID pulumi.StringOutput
	// ClientID is the application (client) id.
	ClientID pulumi.StringOutput
	// Issuer is the OpenID Connect issuer, App Service's tenantAuthEndpoint.
	Issuer pulumi.StringOutput
	// AppRoleIDs maps each app role value to its id (the backoffice's roles).
	AppRoleIDs pulumi.StringMapOutput
	// ObjectID is the application's object id.
	ObjectID pulumi.StringOutput
	// ID is the registration's resource id, /applications/<object id>, by
	// which the resources that manage parts of it (app roles, redirect URIs)
	// address it.
	ID pulumi.StringOutput
	// Provider is the azuread provider of the registration's tenant when
	// that is not the deployment tenant (a separate customer tenant); nil
	// otherwise. Resources on the registration must use it too.
	Provider pulumi.ProviderResource
}

// New creates the auth layer.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Auth, error) {
	if err := baseline.CheckArgs("auth", args); err != nil {
		return nil, err
	}
	a := &Auth{TenantID: pulumi.String(args.Options.TenantID).ToStringOutput()}
	if err := ctx.RegisterComponentResource("ecommerce:auth:Auth", name, a, opts...); err != nil {
		return nil, err
	}

	group, err := azuread.NewGroup(ctx, name+"-sql-admins", &azuread.GroupArgs{
		DisplayName:           pulumi.String(args.Names.Name(naming.EntraGroup, "sql-admins")),
		Description:           pulumi.String("Entra admins of the platform's SQL servers (transactional and warehouse)."),
		SecurityEnabled:       pulumi.Bool(true),
		MailEnabled:           pulumi.Bool(false),
		PreventDuplicateNames: pulumi.Bool(true),
		Members:               pulumi.ToStringArray(args.SQLAdminMembers),
	}, pulumi.Parent(a))
	if err != nil {
		return nil, err
	}
	a.SQLAdmin = baseline.SQLAdmin{Login: group.DisplayName, ObjectID: group.ObjectId}

	if a.Customer, err = customer(ctx, name, args, a); err != nil {
		return nil, err
	}
	if a.Backoffice, err = backoffice(ctx, name, args, a); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(a, a.Outputs()); err != nil {
		return nil, err
	}
	return a, nil
}

// Outputs are the layer's outputs, under the names the program exports
// them by: the one declaration of both.
func (a *Auth) Outputs() pulumi.Map {
	return pulumi.Map{
		"tenantId":             a.TenantID,
		"customerTenantId":     a.Customer.TenantID,
		"customerClientId":     a.Customer.ClientID,
		"customerIssuer":       a.Customer.Issuer,
		"backofficeClientId":   a.Backoffice.ClientID,
		"backofficeIssuer":     a.Backoffice.Issuer,
		"backofficeAppRoleIds": a.Backoffice.AppRoleIDs,
		"sqlAdminGroupName":    a.SQLAdmin.Login,
		"sqlAdminGroupId":      a.SQLAdmin.ObjectID,
	}
}

// customer registers the customer portal: anyone of the configured audience
// may sign in, in the deployment tenant or a separate customer tenant.
func customer(ctx *pulumi.Context, name string, args Args, layer *Auth) (Registration, error) {
	var scoped []pulumi.ResourceOption // the customer tenant's provider, if any
	var tenantProvider pulumi.ProviderResource
	tenant, audience := args.Options.TenantID, args.Config.CustomerSignInAudience
	issuer := workforceIssuer(tenant, audience)
	if external := args.Config.CustomerTenantID; external != "" {
		// The provider authenticates as the deploying identity (ARM_* / OIDC
		// environment), which must be able to create apps in that tenant.
		provider, err := azuread.NewProvider(ctx, name+"-customer-tenant", &azuread.ProviderArgs{
			TenantId: pulumi.String(external),
		}, pulumi.Parent(layer))
		if err != nil {
			return Registration{}, err
		}
		scoped = append(scoped, pulumi.Provider(provider))
		tenantProvider = provider
		tenant, issuer = external, fmt.Sprintf("https://%s.ciamlogin.com/%s/v2.0", external, external)
	}
	app, err := azuread.NewApplicationRegistration(ctx, name+"-customer", &azuread.ApplicationRegistrationArgs{
		DisplayName:    pulumi.String(args.Names.Name(naming.EntraApplication, "portal")),
		Description:    pulumi.String("Customer sign-in to the shop's portal (App Service authentication)."),
		SignInAudience: pulumi.String(audience),
		// Entra requires v2 tokens of apps that personal accounts sign in
		// to; v2 is right for the other audiences too.
		RequestedAccessTokenVersion: pulumi.Int(2),
		HomepageUrl:                 pulumi.String("https://" + args.PortalHost),
		// See the package comment: an ID token, from the authorize endpoint.
		ImplicitIdTokenIssuanceEnabled: pulumi.Bool(true),
	}, append([]pulumi.ResourceOption{pulumi.Parent(layer)}, scoped...)...)
	if err != nil {
		return Registration{}, err
	}
	if _, err := azuread.NewServicePrincipal(ctx, name+"-customer", &azuread.ServicePrincipalArgs{
		ClientId: app.ClientId,
		// Every customer may sign in: nobody is assigned to the portal.
		AppRoleAssignmentRequired: pulumi.Bool(false),
	}, append([]pulumi.ResourceOption{pulumi.Parent(app), formerApplicationChild(ctx, name+"-customer", layer)}, scoped...)...); err != nil {
		return Registration{}, err
	}
	return Registration{
		TenantID: pulumi.String(tenant).ToStringOutput(),
		ClientID: app.ClientId,
		Issuer:   pulumi.String(issuer).ToStringOutput(),
		ObjectID: app.ObjectId,
		ID:       app.ID().ToStringOutput(),
		Provider: tenantProvider,
	}, nil
}

// backoffice registers the backoffice: staff of the deployment tenant only,
// and only those assigned one of its app roles (through their groups).
func backoffice(ctx *pulumi.Context, name string, args Args, layer *Auth) (Registration, error) {
	app, err := azuread.NewApplicationRegistration(ctx, name+"-backoffice", &azuread.ApplicationRegistrationArgs{
		DisplayName:    pulumi.String(args.Names.Name(naming.EntraApplication, "backoffice")),
		Description:    pulumi.String("Staff sign-in to the shop's backoffice (App Service authentication)."),
		SignInAudience: pulumi.String("AzureADMyOrg"),
		// v1, the value the registration has always had (azuread_application's
		// default; ApplicationRegistration's is 2): the backoffice exposes no
		// API, so no access token is ever issued for it, and keeping 1 spares
		// an update of every existing registration.
		RequestedAccessTokenVersion:    pulumi.Int(1),
		HomepageUrl:                    pulumi.String("https://" + args.BackofficeHost),
		ImplicitIdTokenIssuanceEnabled: pulumi.Bool(true),
	}, pulumi.Parent(layer))
	if err != nil {
		return Registration{}, err
	}
	// One resource per role: azuread's ApplicationAppRole adds its role to
	// the registration's list and leaves the others alone. The ids are ours
	// (RoleID), so they stay the same in every run and every stack. Its
	// create reads the registration's roles and writes the whole list back
	// (azuread v2.53.1 application_app_role_resource.go), so each role waits
	// for the one before it: creates that overlap could each write a list
	// without the other's role.
	roleIDs := pulumi.StringMap{}
	var previous []pulumi.Resource
	for _, value := range config.BackofficeRoles {
		role, err := azuread.NewApplicationAppRole(ctx, name+"-backoffice-"+value, &azuread.ApplicationAppRoleArgs{
			ApplicationId:      app.ID(),
			RoleId:             pulumi.String(RoleID(value)),
			Value:              pulumi.String(value),
			DisplayName:        pulumi.String(value),
			Description:        pulumi.String(roleDescriptions[value]),
			AllowedMemberTypes: pulumi.ToStringArray([]string{"User"}), // users and groups
		}, pulumi.Parent(app), pulumi.DependsOn(previous))
		if err != nil {
			return Registration{}, err
		}
		previous = []pulumi.Resource{role}
		// The role's output, not the literal: an assignment must wait until
		// its role exists on the registration.
		roleIDs[value] = role.RoleId
	}
	sp, err := azuread.NewServicePrincipal(ctx, name+"-backoffice", &azuread.ServicePrincipalArgs{
		ClientId: app.ClientId,
		// Entra refuses a token to anyone without a role assignment, so an
		// unassigned employee never reaches the backoffice.
		AppRoleAssignmentRequired: pulumi.Bool(true),
		// Lists the app under Enterprise applications, where assignments are managed.
		FeatureTags: azuread.ServicePrincipalFeatureTagArray{azuread.ServicePrincipalFeatureTagArgs{Enterprise: pulumi.Bool(true)}},
	}, pulumi.Parent(app), formerApplicationChild(ctx, name+"-backoffice", layer))
	if err != nil {
		return Registration{}, err
	}
	// Assigning groups (not users) to an app needs Entra ID P1 or P2.
	for _, role := range config.BackofficeRoles {
		for _, group := range args.Config.BackofficeRoleGroups[role] {
			if _, err := azuread.NewAppRoleAssignment(ctx, fmt.Sprintf("%s-backoffice-%s-%s", name, role, group), &azuread.AppRoleAssignmentArgs{
				AppRoleId:         roleIDs[role],
				PrincipalObjectId: pulumi.String(group),
				ResourceObjectId:  sp.ObjectId,
			}, pulumi.Parent(sp)); err != nil {
				return Registration{}, err
			}
		}
	}
	return Registration{
		TenantID:   pulumi.String(args.Options.TenantID).ToStringOutput(),
		ClientID:   app.ClientId,
		Issuer:     pulumi.String(workforceIssuer(args.Options.TenantID, "AzureADMyOrg")).ToStringOutput(),
		AppRoleIDs: roleIDs.ToStringMapOutput(),
		ObjectID:   app.ObjectId,
		ID:         app.ID().ToStringOutput(),
	}, nil
}

// formerApplicationType is the type the registrations had before they
// became ApplicationRegistrations. A type change cannot be aliased (the two
// resources' states differ), so the registrations themselves are adopted by
// import (README, "Moving a stack to ApplicationRegistration"); their
// service principals, and the app role assignments below them, keep their
// state through this alias of their former parent.
const formerApplicationType = "azuread:index/application:Application"

// formerApplicationChild aliases a child of the registration called name
// to its URN under the Application of that name, a child of layer.
func formerApplicationChild(ctx *pulumi.Context, name string, layer *Auth) pulumi.ResourceOption {
	return pulumi.Aliases([]pulumi.Alias{{
		ParentURN: pulumi.CreateURN(pulumi.String(name), pulumi.String(formerApplicationType), layer.URN(), pulumi.String(ctx.Project()), pulumi.String(ctx.Stack())),
	}})
}

// PersonalAccountsTenantID is the tenant every personal Microsoft account
// signs in through: the tid claim (and so the issuer) of their tokens.
// https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
const PersonalAccountsTenantID = "9188040d-6c67-4c5b-b112-36a304b66dad"

// workforceIssuer is the issuer App Service authentication validates tokens
// against (its tenantAuthEndpoint) for a sign-in audience. A token's iss is
// always https://login.microsoftonline.com/<tenant GUID>/v2.0, never a
// multi-tenant alias, and App Service skips the issuer check only for the
// exact .../common/v2.0 issuer. So:
//   - single tenant: that tenant's issuer;
//   - organizations, or organizations and personal accounts: common, and the
//     registration's signInAudience keeps other account kinds out (Entra
//     refuses to issue them a token);
//   - personal accounts only: the personal-accounts tenant, the one issuer
//     their tokens carry.
//
// .../organizations/v2.0 or .../consumers/v2.0 would match no token: every
// sign-in would end in 401.
func workforceIssuer(tenantID, audience string) string {
	authority := map[string]string{
		"AzureADMultipleOrgs":                "common",
		"AzureADandPersonalMicrosoftAccount": "common",
		"PersonalMicrosoftAccount":           PersonalAccountsTenantID,
	}[audience]
	if authority == "" {
		authority = tenantID
	}
	return "https://login.microsoftonline.com/" + authority + "/v2.0"
}
