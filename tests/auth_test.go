package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/apps"
	"github.com/ecommerce-platform/infra/auth"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Resource types the auth tests look at.
const (
	tApplication       = "azuread:index/application:Application"
	tServicePrincipal  = "azuread:index/servicePrincipal:ServicePrincipal"
	tAppRoleAssignment = "azuread:index/appRoleAssignment:AppRoleAssignment"
	tGroup             = "azuread:index/group:Group"
	tAzureADProvider   = "pulumi:providers:azuread"
)

// externalTenant is a customer (external) tenant id some runs put the
// customer registration in.
const externalTenant = "8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d"

// runAuth runs the auth layer alone for a stack, with the hostnames the
// web apps will have, and returns the layer's outputs as stack outputs.
func runAuth(t *testing.T, stack string, overrides map[string]string) (*mockcloud.Result, *config.Config) {
	t.Helper()
	cfg := stackConfig(t, stack, overrides)
	hosts := apps.Hostnames(cfg.Names, cfg.Apps.StagingSlots)
	res, err := mockcloud.Run(stackOptions(t, stack, overrides), func(ctx *pulumi.Context) (pulumi.Map, error) {
		a, err := auth.New(ctx, "auth", auth.Args{
			Options:         layerOptions(cfg),
			Names:           cfg.Names,
			Config:          cfg.Auth,
			SQLAdminMembers: cfg.SQL.AdminGroupMembers,
			PortalHosts:     hosts.Portal,
			BackofficeHosts: hosts.Backoffice,
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

// TestAuthCustomerRegistration: the customer portal's registration signs in
// the configured audience with ID tokens, back to every portal host.
func TestAuthCustomerRegistration(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runAuth(t, stack, nil)
			hosts := apps.Hostnames(cfg.Names, cfg.Apps.StagingSlots).Portal
			app := one(t, res, tApplication, "auth-customer")
			assert.Equal(t, cfg.Names.Name(naming.EntraApplication, "portal"), app.Input("displayName"))
			assert.Equal(t, cfg.Auth.CustomerSignInAudience, app.Input("signInAudience"))
			assert.Equal(t, float64(2), app.Input("api.requestedAccessTokenVersion"), "personal accounts need v2 tokens")
			assert.Equal(t, true, app.Input("web.implicitGrant.idTokenIssuanceEnabled"))
			assert.Nil(t, app.Input("web.implicitGrant.accessTokenIssuanceEnabled"), "no access tokens from the authorize endpoint")
			assert.Equal(t, callbacks(hosts...), app.Input("web.redirectUris"))
			assert.Equal(t, "https://"+hosts[0], app.Input("web.homepageUrl"))
			assert.Empty(t, app.Provider, "in the deployment tenant, through the default provider")

			sp := one(t, res, tServicePrincipal, "auth-customer")
			assert.Equal(t, app.Output("clientId"), sp.Input("clientId"))
			assert.Equal(t, false, sp.Input("appRoleAssignmentRequired"), "every customer may sign in")

			assert.Equal(t, app.Output("clientId"), res.Outputs["customerClientId"].Value)
			assert.Equal(t, mockcloud.TenantID, res.Outputs["customerTenantId"].Value)
			assert.Equal(t, mockcloud.TenantID, res.Outputs["tenantId"].Value)
			assert.Equal(t, "https://login.microsoftonline.com/common/v2.0", res.Outputs["customerIssuer"].Value,
				"work, school and personal accounts sign in through the common endpoint")
			assert.Empty(t, res.ByType(tAzureADProvider))
		})
	}
}

// TestAuthRedirectsFollowSlots: each staging slot adds its host to both
// registrations, and only where the stack has slots.
func TestAuthRedirectsFollowSlots(t *testing.T) {
	dev, _ := runAuth(t, "dev", nil)
	prod, cfg := runAuth(t, "prod", nil)
	for _, name := range []string{"auth-customer", "auth-backoffice"} {
		assert.Len(t, one(t, dev, tApplication, name).Input("web.redirectUris"), 1, name)
		uris := one(t, prod, tApplication, name).Input("web.redirectUris").([]any)
		require.Len(t, uris, 2, name)
		assert.True(t, strings.HasSuffix(uris[1].(string), "-staging.azurewebsites.net"+auth.CallbackPath), uris[1])
	}
	assert.Equal(t, callbacks(apps.Hostnames(cfg.Names, true).Backoffice...), one(t, prod, tApplication, "auth-backoffice").Input("web.redirectUris"))
}

// TestAuthSignInAudiences: each audience signs in through an issuer that
// matches its tokens. A token's iss is always a tenant GUID; App Service
// skips the issuer check only for exactly .../common/v2.0, so the
// organizations and consumers aliases would turn every sign-in into a 401
// (https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad).
// Personal accounts sign in through their own tenant, 9188040d-...
// (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference).
func TestAuthSignInAudiences(t *testing.T) {
	for audience, issuer := range map[string]string{
		"AzureADMyOrg":                       "https://login.microsoftonline.com/" + mockcloud.TenantID + "/v2.0",
		"AzureADMultipleOrgs":                "https://login.microsoftonline.com/common/v2.0",
		"AzureADandPersonalMicrosoftAccount": "https://login.microsoftonline.com/common/v2.0",
		"PersonalMicrosoftAccount":           "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
	} {
		t.Run(audience, func(t *testing.T) {
			res, _ := runAuth(t, "dev", map[string]string{"customerSignInAudience": audience})
			assert.Equal(t, audience, one(t, res, tApplication, "auth-customer").Input("signInAudience"))
			assert.Equal(t, issuer, res.Outputs["customerIssuer"].Value)
			assert.NotRegexp(t, `/(organizations|consumers)/`, res.Outputs["customerIssuer"].Value, "no token carries a multi-tenant alias as its issuer")
		})
	}
}

// TestAuthCustomerTenant: with customerTenantId set, the customer
// registration lives in that tenant, created through a provider scoped to
// it; the backoffice stays in the deployment tenant.
func TestAuthCustomerTenant(t *testing.T) {
	res, _ := runAuth(t, "dev", map[string]string{"customerTenantId": externalTenant, "customerSignInAudience": "AzureADMyOrg"})
	provider := one(t, res, tAzureADProvider, "auth-customer-tenant")
	assert.Equal(t, externalTenant, provider.Input("tenantId"))
	for _, r := range []mockcloud.Resource{one(t, res, tApplication, "auth-customer"), one(t, res, tServicePrincipal, "auth-customer")} {
		assert.Equal(t, provider.URN+"::"+provider.ID, r.Provider, "%s goes through the customer tenant's provider", r.Name)
	}
	for _, r := range []mockcloud.Resource{one(t, res, tApplication, "auth-backoffice"), one(t, res, tGroup, "auth-sql-admins")} {
		assert.Empty(t, r.Provider, "%s stays in the deployment tenant", r.Name)
	}
	assert.Equal(t, externalTenant, res.Outputs["customerTenantId"].Value)
	assert.Equal(t, mockcloud.TenantID, res.Outputs["tenantId"].Value)
	assert.Equal(t, "https://"+externalTenant+".ciamlogin.com/"+externalTenant+"/v2.0", res.Outputs["customerIssuer"].Value)
}

// TestAuthCustomerTenantNeedsSingleTenantAudience: an external tenant's
// registration can only sign in its own accounts; config says so before
// anything is registered.
func TestAuthCustomerTenantNeedsSingleTenantAudience(t *testing.T) {
	opts := stackOptions(t, "dev", map[string]string{"customerTenantId": externalTenant})
	res, err := mockcloud.Run(opts, program)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ecommerce:customerSignInAudience: must be AzureADMyOrg when customerTenantId is set")
	assert.Empty(t, res.Resources)
}

// TestAuthBackofficeRoles: single-tenant staff sign-in, three app roles with
// fixed ids, assignment required, and each configured group assigned its role.
func TestAuthBackofficeRoles(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runAuth(t, stack, nil)
			app := one(t, res, tApplication, "auth-backoffice")
			assert.Equal(t, cfg.Names.Name(naming.EntraApplication, "backoffice"), app.Input("displayName"))
			assert.Equal(t, "AzureADMyOrg", app.Input("signInAudience"))
			assert.Equal(t, true, app.Input("web.implicitGrant.idTokenIssuanceEnabled"))
			assert.Equal(t, callbacks(apps.Hostnames(cfg.Names, cfg.Apps.StagingSlots).Backoffice...), app.Input("web.redirectUris"))

			roles := app.Input("appRoles").([]any)
			require.Len(t, roles, len(config.BackofficeRoles))
			wantIDs := map[string]string{}
			for i, value := range config.BackofficeRoles {
				role := roles[i].(map[string]any)
				assert.Equal(t, value, role["value"])
				assert.Equal(t, auth.RoleID(value), role["id"])
				assert.Equal(t, []any{"User"}, role["allowedMemberTypes"], "assignable to users and groups")
				assert.Equal(t, true, role["enabled"])
				assert.NotEmpty(t, role["description"])
				wantIDs[value] = auth.RoleID(value)
			}
			assert.Equal(t, wantIDs, res.Outputs["backofficeAppRoleIds"].Value)

			sp := one(t, res, tServicePrincipal, "auth-backoffice")
			assert.Equal(t, app.Output("clientId"), sp.Input("clientId"))
			assert.Equal(t, true, sp.Input("appRoleAssignmentRequired"), "only assigned staff get a token")
			assert.Equal(t, app.Output("clientId"), res.Outputs["backofficeClientId"].Value)
			assert.Equal(t, "https://login.microsoftonline.com/"+mockcloud.TenantID+"/v2.0", res.Outputs["backofficeIssuer"].Value)

			// Exactly the configured (role, group) pairs, on the backoffice.
			want := map[string]bool{}
			for role, groups := range cfg.Auth.BackofficeRoleGroups {
				for _, g := range groups {
					want[auth.RoleID(role)+"|"+g] = true
				}
			}
			got := map[string]bool{}
			for _, ra := range res.ByType(tAppRoleAssignment) {
				assert.Equal(t, sp.Output("objectId"), ra.Input("resourceObjectId"), ra.Name)
				got[ra.Input("appRoleId").(string)+"|"+ra.Input("principalObjectId").(string)] = true
			}
			assert.Equal(t, want, got)
			assert.NotEmpty(t, got)
		})
	}
	// prod grants each role to its own group.
	prod, _ := runAuth(t, "prod", nil)
	assert.Len(t, prod.ByType(tAppRoleAssignment), 3)
}

// TestAuthRoleIDsStable: role ids are fixed values, not random: the same in
// every run and in every release (changing one would drop its assignments).
func TestAuthRoleIDsStable(t *testing.T) {
	assert.Equal(t, map[string]string{
		"Admin":          "1fbd1280-c5f7-5446-9687-670480e2b696",
		"CatalogManager": "68b5440b-1899-57f2-b236-fc8ad7cb1f57",
		"OrderManager":   "7f7161b9-fe2f-5e3e-b9fe-96c9a4e2a235",
	}, map[string]string{
		"Admin": auth.RoleID("Admin"), "CatalogManager": auth.RoleID("CatalogManager"), "OrderManager": auth.RoleID("OrderManager"),
	})
	first, _ := runAuth(t, "prod", nil)
	second, _ := runAuth(t, "prod", nil)
	assert.Equal(t, first.Outputs["appRoleIds"].Value, second.Outputs["appRoleIds"].Value)
	assert.Equal(t, one(t, first, tApplication, "auth-backoffice").Input("appRoles"), one(t, second, tApplication, "auth-backoffice").Input("appRoles"))
	var a, b []string
	for _, ra := range first.ByType(tAppRoleAssignment) {
		a = append(a, ra.Name+"="+ra.Input("appRoleId").(string))
	}
	for _, ra := range second.ByType(tAppRoleAssignment) {
		b = append(b, ra.Name+"="+ra.Input("appRoleId").(string))
	}
	assert.Equal(t, a, b)
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
		for _, app := range res.ByType(tApplication) {
			assert.Nil(t, app.Input("password"), app.Name)
			assert.Nil(t, app.Input("web.implicitGrant.accessTokenIssuanceEnabled"), app.Name)
		}
	}
}

// TestAuthKeepsSQLAdminGroup: the SQL admin group is still auth's, with the
// configured members, and its id is the layer's output.
func TestAuthKeepsSQLAdminGroup(t *testing.T) {
	res, cfg := runAuth(t, "prod", nil)
	group := one(t, res, tGroup, "auth-sql-admins")
	assert.Equal(t, cfg.Names.Name(naming.EntraGroup, "sql-admins"), group.Input("displayName"))
	assert.Equal(t, toAny(cfg.SQL.AdminGroupMembers), group.Input("members"))
	assert.Equal(t, group.Output("objectId"), res.Outputs["sqlAdminGroupId"].Value)
}

// TestAuthNeedsHostnames: without the apps' hostnames there is nothing to
// redirect to, and the layer says so instead of registering broken apps.
func TestAuthNeedsHostnames(t *testing.T) {
	cfg := stackConfig(t, "dev", nil)
	_, err := mockcloud.Run(stackOptions(t, "dev", nil), func(ctx *pulumi.Context) (pulumi.Map, error) {
		_, err := auth.New(ctx, "auth", auth.Args{Options: layerOptions(cfg), Names: cfg.Names, Config: cfg.Auth, PortalHosts: []string{"x.azurewebsites.net"}})
		return nil, err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "auth: missing required inputs: BackofficeHosts")
}

// TestAuthInProgram: in the whole program the registrations redirect to the
// hosts users sign in through: behind Front Door (both committed stacks)
// its endpoints' generated hostnames and the custom domains, registered by
// the edge's redirect URIs resources once Front Door exists; without it (dev
// may turn it off) the web apps' real default hostnames, on the
// registrations themselves. The stack outputs are auth's.
func TestAuthInProgram(t *testing.T) {
	type variant struct {
		stack     string
		overrides map[string]string
	}
	for _, v := range []variant{
		{"dev", nil}, {"prod", nil},
		{"dev", devEdge},
		{"prod", map[string]string{"portalCustomDomain": "shop.example.com", "backofficeCustomDomain": "admin.shop.example.com"}},
	} {
		t.Run(fmt.Sprint(v.stack, v.overrides), func(t *testing.T) {
			res := stackPlan(t, v.stack)
			if v.overrides != nil {
				res = runStack(t, v.stack, v.overrides)
			}
			edge := stackConfig(t, v.stack, v.overrides).Edge.Enabled
			domains := map[string]string{"apps-portal": v.overrides["portalCustomDomain"], "apps-backoffice": v.overrides["backofficeCustomDomain"]}
			for _, pair := range [][2]string{{"auth-customer", "apps-portal"}, {"auth-backoffice", "apps-backoffice"}} {
				app, web := one(t, res, tApplication, pair[0]), one(t, res, tWebApp, pair[1])
				if !edge {
					hosts := []string{web.Output("defaultHostname").(string)}
					for _, slot := range res.Find(tWebAppSlot, pair[1]+"-staging") {
						hosts = append(hosts, slot.Output("defaultHostname").(string))
					}
					assert.Equal(t, callbacks(hosts...), app.Input("web.redirectUris"), "%s redirects to %s's hosts", pair[0], pair[1])
					assert.Empty(t, res.ByType(tRedirects), "no second owner of the redirect URIs")
					continue
				}
				// One owner: the registration declares and diffs none.
				assert.Nil(t, app.Input("web.redirectUris"), pair[0])
				assert.Equal(t, []string{"web.redirectUris"}, app.IgnoreChanges, pair[0])
				uris := one(t, res, tRedirects, "apps-edge-"+strings.TrimPrefix(pair[1], "apps-")+"-redirect-uris")
				endpoint := one(t, res, tAFDEndpoint, "apps-edge-"+strings.TrimPrefix(pair[1], "apps-")+"-fde").Output("hostName").(string)
				assert.True(t, strings.HasSuffix(endpoint, ".z01.azurefd.net"), endpoint)
				hosts := []string{endpoint}
				if d := domains[pair[1]]; d != "" {
					hosts = append(hosts, d)
				}
				assert.Equal(t, callbacks(hosts...), uris.Input("redirectUris"), "%s redirects through Front Door", pair[0])
				assert.Equal(t, "/applications/"+app.Output("objectId").(string), uris.Input("applicationId"))
				assert.Equal(t, app.Output("id"), uris.Input("applicationId"), "the registration's resource id")
				assert.Equal(t, "Web", uris.Input("type"))
				assert.Contains(t, uris.Dependencies, app.URN, "runs after the registration")
				assert.Contains(t, uris.Dependencies, one(t, res, tAFDEndpoint, "apps-edge-"+strings.TrimPrefix(pair[1], "apps-")+"-fde").URN, "runs after Front Door")
			}
			if v.overrides != nil {
				return
			}
			assert.Equal(t, one(t, res, tApplication, "auth-customer").Output("clientId"), res.Outputs["customerClientId"].Value)
			assert.Equal(t, one(t, res, tApplication, "auth-backoffice").Output("clientId"), res.Outputs["backofficeClientId"].Value)
			assert.False(t, res.Outputs["customerClientId"].Secret)
		})
	}
}
