package tests

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-azuread/sdk/v5/go/azuread"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/apps"
	"github.com/ecommerce-platform/infra/auth"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// externalTenant is a customer (external) tenant id some runs put the
// customer registration in.
const externalTenant = "8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d"

// runAuth runs the auth layer alone for a stack, with the hostnames the
// web apps will have, and returns the layer's outputs as stack outputs.
func runAuth(t *testing.T, stack string, overrides map[string]string) (*inventory.Result, *config.Config) {
	t.Helper()
	cfg := stackConfig(t, stack, overrides)
	hosts := apps.Hostnames(cfg.Names, false)
	res, err := mockcloud.Run(stackOptions(t, stack, overrides), func(ctx *pulumi.Context) (pulumi.Map, error) {
		a, err := auth.New(ctx, "auth", auth.Args{
			Options:         layerOptions(cfg),
			Names:           cfg.Names,
			Config:          cfg.Auth,
			SQLAdminMembers: cfg.SQL.AdminGroupMembers,
			PortalHost:      hosts.Portal[0],
			BackofficeHost:  hosts.Backoffice[0],
		})
		if err != nil {
			return nil, err
		}
		return a.Outputs(), nil
	})
	require.NoError(t, err)
	return res, cfg
}

// callbacks are the redirect URIs App Service authentication needs on hosts.
func callbacks(hosts ...string) []any {
	var out []any
	for _, h := range hosts {
		out = append(out, "https://"+h+auth.CallbackPath)
	}
	return out
}

// TestAuthCustomerRegistration: the customer portal's registration, in the
// deployment tenant, its homepage the portal, every customer admitted; its
// ids are the layer's outputs. Token versions, grants, audiences and
// issuers are Entra's spellings: TestContractEasyAuthCallbackAndIssuers.
func TestAuthCustomerRegistration(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runAuth(t, stack, nil)
			hosts := apps.Hostnames(cfg.Names, false).Portal
			app := one(t, res, inventory.ApplicationRegistration, "auth-customer")
			hasInputs(t, app, map[string]any{"displayName": cfg.Names.Name(naming.EntraApplication, "portal"), "homepageUrl": "https://" + hosts[0],
				"description": "Customer sign-in to the shop's portal (App Service authentication)."})
			assert.Empty(t, app.Provider, "in the deployment tenant, through the default provider")
			// Every customer may sign in.
			hasInputs(t, one(t, res, inventory.ServicePrincipal, "auth-customer"), map[string]any{"clientId": app.Output("clientId"), "appRoleAssignmentRequired": false})

			assert.Equal(t, app.Output("clientId"), res.Outputs["customerClientId"].Value)
			assert.Equal(t, mockcloud.TenantID, res.Outputs["customerTenantId"].Value)
			assert.Equal(t, mockcloud.TenantID, res.Outputs["tenantId"].Value)
			assert.Empty(t, res.ByType(inventory.AzureADProvider))
		})
	}
}

// TestAuthCustomerTenant: with customerTenantId set, the customer
// registration lives in that tenant, created through a provider scoped to
// it; the backoffice stays in the deployment tenant.
func TestAuthCustomerTenant(t *testing.T) {
	res, _ := runAuth(t, "dev", map[string]string{"customerTenantId": externalTenant, "customerSignInAudience": "AzureADMyOrg"})
	provider := one(t, res, inventory.AzureADProvider, "auth-customer-tenant")
	assert.Equal(t, externalTenant, provider.Input("tenantId"))
	for _, r := range []inventory.Resource{one(t, res, inventory.ApplicationRegistration, "auth-customer"), one(t, res, inventory.ServicePrincipal, "auth-customer")} {
		assert.Equal(t, provider.URN+"::"+provider.ID, r.Provider, "%s goes through the customer tenant's provider", r.Name)
	}
	for _, r := range []inventory.Resource{one(t, res, inventory.ApplicationRegistration, "auth-backoffice"), one(t, res, inventory.EntraGroup, "auth-sql-admins")} {
		assert.Empty(t, r.Provider, "%s stays in the deployment tenant", r.Name)
	}
	assert.Equal(t, externalTenant, res.Outputs["customerTenantId"].Value)
}

// TestAuthBackofficeRoles: single-tenant staff sign-in, three app roles with
// fixed ids, assignment required, and each configured group assigned its role.
func TestAuthBackofficeRoles(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runAuth(t, stack, nil)
			app := one(t, res, inventory.ApplicationRegistration, "auth-backoffice")
			hasInputs(t, app, map[string]any{"displayName": cfg.Names.Name(naming.EntraApplication, "backoffice"),
				"description":                 "Staff sign-in to the shop's backoffice (App Service authentication).",
				"requestedAccessTokenVersion": 1.0, // as azuread_application left it
				"homepageUrl":                 "https://" + apps.Hostnames(cfg.Names, false).Backoffice[0]})

			// One ApplicationAppRole per role, on the backoffice registration.
			// Each role waits for the one before: the provider's create
			// rewrites the whole role list from a read of it.
			roles := res.ByType(inventory.ApplicationAppRole)
			require.Len(t, roles, len(config.BackofficeRoles))
			wantIDs, roleURNs := map[string]string{}, map[string]string{}
			previous := ""
			for _, value := range config.BackofficeRoles {
				role := one(t, res, inventory.ApplicationAppRole, "auth-backoffice-"+value)
				if previous != "" {
					assert.Contains(t, role.Dependencies, previous, "%s is created after the role before it", value)
				}
				previous = role.URN
				assert.Equal(t, app.URN, role.Parent)
				hasInputs(t, role, map[string]any{"applicationId": app.Output("id"), "value": value, "displayName": value, "roleId": auth.RoleID(value),
					"allowedMemberTypes": []any{"User"}}) // assignable to users and groups
				assert.NotEmpty(t, role.Input("description"))
				wantIDs[value], roleURNs[auth.RoleID(value)] = auth.RoleID(value), role.URN
			}
			assert.Equal(t, wantIDs, res.Outputs["backofficeAppRoleIds"].Value)

			sp := one(t, res, inventory.ServicePrincipal, "auth-backoffice") // only assigned staff get a token
			hasInputs(t, sp, map[string]any{"clientId": app.Output("clientId"), "appRoleAssignmentRequired": true})
			assert.Equal(t, app.Output("clientId"), res.Outputs["backofficeClientId"].Value)

			// Exactly the configured (role, group) pairs, on the backoffice.
			want := map[string]bool{}
			for role, groups := range cfg.Auth.BackofficeRoleGroups {
				for _, g := range groups {
					want[auth.RoleID(role)+"|"+g] = true
				}
			}
			got := map[string]bool{}
			for _, ra := range res.ByType(inventory.AppRoleAssignment) {
				assert.Equal(t, sp.Output("objectId"), ra.Input("resourceObjectId"), ra.Name)
				assert.Contains(t, ra.Dependencies, roleURNs[ra.Input("appRoleId").(string)], "%s waits for its role to exist", ra.Name)
				got[ra.Input("appRoleId").(string)+"|"+ra.Input("principalObjectId").(string)] = true
			}
			assert.Equal(t, want, got)
			assert.NotEmpty(t, got)
		})
	}
}

// TestAuthHasNoSecrets: no Entra object carries a password, a certificate
// or a federated credential; App Service signs in with ID tokens only.
func TestAuthHasNoSecrets(t *testing.T) {
	for _, stack := range stacks {
		res := stackPlan(t, stack)
		for _, r := range res.Resources {
			if !strings.HasPrefix(r.Type, "azuread:") {
				continue
			}
			lower := strings.ToLower(r.Type)
			assert.False(t, strings.Contains(lower, "password") || strings.Contains(lower, "certificate") || strings.Contains(lower, "federatedidentity"),
				"%s %s is a credential", stack, r.Type)
		}
		for _, app := range res.ByType(inventory.ApplicationRegistration) {
			assert.Nil(t, app.Input("implicitAccessTokenIssuanceEnabled"), app.Name)
		}
	}
}

// TestAuthKeepsSQLAdminGroup: the SQL admin group is still auth's, with the
// configured members, and its id is the layer's output.
func TestAuthKeepsSQLAdminGroup(t *testing.T) {
	res, cfg := runAuth(t, "prod", nil)
	group := one(t, res, inventory.EntraGroup, "auth-sql-admins")
	hasInputs(t, group, map[string]any{"displayName": cfg.Names.Name(naming.EntraGroup, "sql-admins"), "members": toAny(cfg.SQL.AdminGroupMembers)})
	assert.Equal(t, group.Output("objectId"), res.Outputs["sqlAdminGroupId"].Value)
}

// TestAuthNeedsHostnames: without the apps' hostnames the registrations
// have no homepage, and the layer says so instead of registering them.
func TestAuthNeedsHostnames(t *testing.T) {
	cfg := stackConfig(t, "dev", nil)
	_, err := mockcloud.Run(stackOptions(t, "dev", nil), func(ctx *pulumi.Context) (pulumi.Map, error) {
		_, err := auth.New(ctx, "auth", auth.Args{Options: layerOptions(cfg), Names: cfg.Names, Config: cfg.Auth, PortalHost: "x.azurewebsites.net"})
		return nil, err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "auth: missing required inputs: BackofficeHost")
}

// redirectsName is the logical name of a portal's redirect URIs resource.
func redirectsName(workload string) string { return "auth-redirect-uris-" + workload }

// TestAuthInProgram: in the whole program each registration's Web redirect
// URIs are App Service's callback on every host users sign in through:
// behind Front Door its endpoint's generated hostname and the custom domain,
// without it the web app's real default hostname, and in both cases the
// staging slot's own hostname where there is one (behind Front Door no
// route reaches a slot, so whoever verifies a release signs in there
// directly; the hostname's form is TestContractEasyAuthCallbackAndIssuers').
// The stack outputs are auth's.
func TestAuthInProgram(t *testing.T) {
	type variant struct {
		stack     string
		overrides map[string]string
	}
	variants := []variant{
		{"dev", devEdge},
		{"dev", map[string]string{"appPlanSku": "S1", "appStagingSlots": "true"}},
		{"prod", map[string]string{"portalCustomDomain": "shop.example.com", "backofficeCustomDomain": "admin.shop.example.com"}},
	}
	for _, stack := range stacks {
		variants = append(variants, variant{stack, nil})
	}
	for _, v := range variants {
		t.Run(fmt.Sprint(v.stack, v.overrides), func(t *testing.T) {
			res := stackPlan(t, v.stack)
			if v.overrides != nil {
				res = runStack(t, v.stack, v.overrides)
			}
			cfg := stackConfig(t, v.stack, v.overrides)
			domains := map[string]string{apps.Portal: v.overrides["portalCustomDomain"], apps.Backoffice: v.overrides["backofficeCustomDomain"]}
			for workload, name := range map[string]string{apps.Portal: "auth-customer", apps.Backoffice: "auth-backoffice"} {
				reg, web := one(t, res, inventory.ApplicationRegistration, name), one(t, res, inventory.LinuxWebApp, "apps-"+workload)
				uris := one(t, res, inventory.ApplicationRedirectUris, redirectsName(workload))
				var hosts []string
				if cfg.Edge.Enabled {
					hosts = append(hosts, one(t, res, inventory.AFDEndpoint, "apps-edge-"+workload+"-fde").Output("hostName").(string))
					if d := domains[workload]; d != "" {
						hosts = append(hosts, d)
					}
				} else {
					hosts = append(hosts, web.Output("defaultHostname").(string))
				}
				slots := res.Find(inventory.LinuxWebAppSlot, "apps-"+workload+"-staging")
				assert.Len(t, slots, map[bool]int{false: 0, true: 1}[cfg.Apps.StagingSlots])
				for _, slot := range slots {
					hosts = append(hosts, slot.Output("defaultHostname").(string))
				}
				hasInputs(t, uris, map[string]any{"redirectUris": callbacks(hosts...), "applicationId": reg.Output("id")})
				assert.Equal(t, reg.Provider, uris.Provider, "through the registration's tenant")
			}
			assert.Equal(t, one(t, res, inventory.ApplicationRegistration, "auth-customer").Output("clientId"), res.Outputs["customerClientId"].Value)
			assert.Equal(t, one(t, res, inventory.ApplicationRegistration, "auth-backoffice").Output("clientId"), res.Outputs["backofficeClientId"].Value)
			assert.False(t, res.Outputs["customerClientId"].Secret)
		})
	}
}

// TestAuthRedirectURIsHaveOneOwner: the Web redirect URIs are written by
// the ApplicationRedirectUris resources alone. No azuread Application is
// left (its updates re-send the whole web block, and ApplicationRedirectUris
// refuses to create over URIs it holds), the registrations have no redirect
// URI input at all (one redirect URIs resource per registration:
// TestAuthInProgram; of type Web: TestContractEntraResourceIDs).
func TestAuthRedirectURIsHaveOneOwner(t *testing.T) {
	// The resource type leaves no way to declare them on the registration.
	for _, f := range reflect.VisibleFields(reflect.TypeOf(azuread.ApplicationRegistrationArgs{})) {
		assert.NotRegexp(t, `(?i)redirect|^web$`, f.Name)
	}
	for _, plan := range []func(*testing.T, string) *inventory.Result{stackPlan, edgePlan} {
		for _, stack := range stacks {
			res := plan(t, stack)
			assert.Empty(t, res.ByType("azuread:index/application:Application"), stack)
			for _, r := range res.Resources {
				if strings.HasPrefix(r.Type, "azuread:") && r.Type != inventory.ApplicationRedirectUris {
					for key := range plainKeys(r.Inputs.Mappable(), "") {
						assert.NotRegexp(t, `(?i)redirect`, key, "%s %s carries redirect URIs", stack, r.Name)
					}
				}
			}
		}
	}
}

// plainKeys lists every key path of a nested input map.
func plainKeys(v any, prefix string) map[string]bool {
	out := map[string]bool{}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			out[prefix+k] = true
			for p := range plainKeys(e, prefix+k+".") {
				out[p] = true
			}
		}
	case []any:
		for _, e := range v {
			for p := range plainKeys(e, prefix) {
				out[p] = true
			}
		}
	}
	return out
}

// TestAuthRedirectURIsSurviveFrontDoorToggle: turning Front Door on or off
// changes the hosts of the same two resources, in place (their hosts, their
// registration and its provider in each case: TestAuthInProgram); and
// prod's, first created by the edge under the apps component, keep their
// identity through aliases.
func TestAuthRedirectURIsSurviveFrontDoorToggle(t *testing.T) {
	off, on := runStack(t, "dev", map[string]string{"frontDoor": "false"}), runStack(t, "dev", devEdge)
	for _, workload := range []string{apps.Portal, apps.Backoffice} {
		assert.Equal(t, one(t, off, inventory.ApplicationRedirectUris, redirectsName(workload)).URN, one(t, on, inventory.ApplicationRedirectUris, redirectsName(workload)).URN, workload)
	}

	prod := stackPlan(t, "prod")
	for _, workload := range []string{apps.Portal, apps.Backoffice} {
		assert.Contains(t, one(t, prod, inventory.ApplicationRedirectUris, redirectsName(workload)).Aliases,
			"urn:pulumi:prod::ecommerce::ecommerce:apps:Apps$azuread:index/applicationRedirectUris:ApplicationRedirectUris::apps-edge-"+workload+"-redirect-uris")
	}
}

// TestAuthServicePrincipalsKeepTheirState: the service principals (and the
// app role assignments below them) were children of the azuread
// Applications the registrations replace; aliases of that former parent
// keep them, so the move recreates neither.
func TestAuthServicePrincipalsKeepTheirState(t *testing.T) {
	res := stackPlan(t, "prod")
	former := "urn:pulumi:prod::ecommerce::ecommerce:auth:Auth$azuread:index/application:Application$azuread:index/servicePrincipal:ServicePrincipal::"
	for _, name := range []string{"auth-customer", "auth-backoffice"} {
		sp := one(t, res, inventory.ServicePrincipal, name)
		assert.Equal(t, one(t, res, inventory.ApplicationRegistration, name).URN, sp.Parent)
		assert.Contains(t, sp.Aliases, former+name)
	}
	assignments := res.ByType(inventory.AppRoleAssignment)
	require.NotEmpty(t, assignments)
	for _, ra := range assignments {
		assert.Contains(t, ra.Aliases, strings.Replace(former, "ServicePrincipal::", "ServicePrincipal$azuread:index/appRoleAssignment:AppRoleAssignment::", 1)+ra.Name)
	}
}
