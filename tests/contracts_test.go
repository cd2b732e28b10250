package tests

// Contracts with Azure and Entra: values the program sends that mean
// something only because Microsoft defined them so (role definition ids,
// enum spellings, URLs, API versions, well-known tenant ids). Each test
// compares the value in the mock run's plan with a literal copied from
// Microsoft's documentation, never with the constant the code uses: a test
// that compares a value with the code's own constant cannot fail when the
// constant is wrong. Each page is cited once, at the first literal it backs.

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// ctBuiltInRoles are the built-in Azure roles the platform grants, by the
// name Microsoft gives them, with the role definition id Microsoft
// publishes for each:
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var ctBuiltInRoles = map[string]string{
	"Storage Blob Data Contributor":     "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
	"Storage Blob Data Owner":           "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
	"Storage Blob Data Reader":          "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
	"Storage Queue Data Contributor":    "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
	"Storage Queue Data Message Sender": "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
	"Storage Table Data Contributor":    "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
	"Key Vault Secrets User":            "4633458b-17de-408a-b874-0445c86b69e6",
	"Monitoring Metrics Publisher":      "3913510d-42f4-4e42-8a64-420c390055eb",
	"SQL DB Contributor":                "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec",
}

// ctRoleOfAssignment says which built-in role each role assignment of the
// program must carry, by its logical name. Every assignment in the plans
// must match exactly one pattern.
var ctRoleOfAssignment = []struct {
	name *regexp.Regexp
	role string
}{
	{regexp.MustCompile(`^core(-standby)?-worker-host-azure-webjobs-(hosts|secrets)$`), "Storage Blob Data Owner"},
	{regexp.MustCompile(`^core(-standby)?-worker-queue-(order-confirmations|inventory-updates|notifications)(-poison)?$`), "Storage Queue Data Contributor"},
	{regexp.MustCompile(`^core(-standby)?-worker-blob-order-documents$`), "Storage Blob Data Contributor"},
	{regexp.MustCompile(`^core(-standby)?-worker-table-diagnostic-events$`), "Storage Table Data Contributor"},
	{regexp.MustCompile(`^core(-standby)?-worker-kv-email-api-key$`), "Key Vault Secrets User"},
	{regexp.MustCompile(`^apps(-standby)?-portal(-staging)?-blob-product-images$`), "Storage Blob Data Reader"},
	{regexp.MustCompile(`^apps(-standby)?-backoffice(-staging)?-blob-product-images$`), "Storage Blob Data Contributor"},
	{regexp.MustCompile(`^apps(-standby)?-(portal|backoffice)(-staging)?-kv$`), "Key Vault Secrets User"},
	{regexp.MustCompile(`^apps(-standby)?-(portal|backoffice)(-staging)?-queue-[a-z-]+$`), "Storage Queue Data Message Sender"},
	{regexp.MustCompile(`^analytics-adf-pool-operator$`), "SQL DB Contributor"},
	{regexp.MustCompile(`^analytics-adf-staging-writer$`), "Storage Blob Data Contributor"},
	{regexp.MustCompile(`^(core(-standby)?-worker|apps(-standby)?-(portal|backoffice)(-staging)?)-appi$`), "Monitoring Metrics Publisher"},
}

// TestContractBuiltInRoleIDs: every grant names the built-in role it means.
// A wrong GUID is a grant of some other role (or an error at deploy): the
// worker could not read its queues, or could do far more than it should.
// Covered: every stack, plus the e-mail key's Key Vault grant.
func TestContractBuiltInRoleIDs(t *testing.T) {
	used := map[string]bool{}
	withKey := stackOptions(t, "dev", map[string]string{"emailApiKey": "key-from-the-provider"})
	withKey.SecretKeys = append(withKey.SecretKeys, "ecommerce:emailApiKey")
	keyed, err := mockcloud.Run(withKey, wholeProgram(t))
	require.NoError(t, err)
	runs := map[string]*inventory.Result{"dev+emailApiKey": keyed}
	for _, stack := range stacks {
		runs[stack] = stackPlan(t, stack)
	}
	for run, res := range runs {
		t.Run(run, func(t *testing.T) {
			assignments := res.ByType(inventory.RoleAssignment)
			require.NotEmpty(t, assignments)
			for _, a := range assignments {
				var role string
				for _, m := range ctRoleOfAssignment {
					if m.name.MatchString(a.Name) {
						require.Emptyf(t, role, "%s matches two rows of ctRoleOfAssignment", a.Name)
						role = m.role
					}
				}
				if !assert.NotEmptyf(t, role, "role assignment %s: which role it must carry is not in ctRoleOfAssignment", a.Name) {
					continue
				}
				used[role] = true
				// Role definition ids are subscription-scoped ARM ids:
				// https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template
				want := "/subscriptions/" + mockcloud.SubscriptionID + "/providers/Microsoft.Authorization/roleDefinitions/" + ctBuiltInRoles[role]
				assert.Equalf(t, want, a.Input("roleDefinitionId"), "%s must grant %s", a.Name, role)
				// principalType is an ARM enum; managed identities are ServicePrincipal.
				assert.Equalf(t, "ServicePrincipal", a.Input("principalType"), "%s principalType", a.Name)
			}
		})
	}
	for role := range ctBuiltInRoles {
		assert.Truef(t, used[role], "no assignment grants %s: the table is stale", role)
	}
	// The worker reads the key through a Key Vault reference, whose syntax
	// is App Service's:
	// https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
	assert.Regexp(t, `^@Microsoft\.KeyVault\(SecretUri=https://[a-z0-9-]+\.vault\.azure\.net/secrets/[a-z0-9-]+\)$`,
		one(t, keyed, inventory.LinuxFunctionApp, "core-worker").Input("appSettings.EMAIL_API_KEY"))
}

// ctEntraLogin is Entra's v2.0 authority host.
// https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer
const ctEntraLogin = "https://login.microsoftonline.com/"

// TestContractEasyAuthCallbackAndIssuers: Entra sends a signed-in user back
// to exactly the registered redirect URI, and App Service authentication
// receives it at /.auth/login/aad/callback
// (https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad).
// A wrong path or host is a sign-in error (AADSTS50011) for every user. The
// issuer App Service validates must be one a token can carry. Which hosts
// each registration lists is wiring: TestAuthInProgram.
func TestContractEasyAuthCallbackAndIssuers(t *testing.T) {
	const callback = "/.auth/login/aad/callback"
	// Issuer per customer audience. A token's iss is always a tenant GUID;
	// App Service skips the issuer check only for exactly .../common/v2.0, so
	// the organizations and consumers aliases would turn every sign-in into
	// a 401. Personal Microsoft accounts all sign in through one tenant,
	// 9188040d-6c67-4c5b-b112-36a304b66dad, the tid of their tokens:
	// https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
	// An external (CIAM) tenant issues from <tenant>.ciamlogin.com:
	// https://learn.microsoft.com/entra/external-id/customers/concept-authentication-methods-customers
	// (On the auth layer alone, so that -short runs it too.)
	for _, c := range []struct {
		audience, tenant, want string
	}{
		{"PersonalMicrosoftAccount", "", "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"},
		{"AzureADMultipleOrgs", "", "https://login.microsoftonline.com/common/v2.0"},
		{"AzureADandPersonalMicrosoftAccount", "", "https://login.microsoftonline.com/common/v2.0"},
		{"AzureADMyOrg", "", ctEntraLogin + mockcloud.TenantID + "/v2.0"},
		{"AzureADMyOrg", externalTenant, "https://" + externalTenant + ".ciamlogin.com/" + externalTenant + "/v2.0"},
	} {
		overrides := map[string]string{"customerSignInAudience": c.audience}
		if c.tenant != "" {
			overrides["customerTenantId"] = c.tenant
		}
		res, _ := runAuth(t, "dev", overrides)
		assert.Equal(t, c.audience, one(t, res, inventory.ApplicationRegistration, "auth-customer").Input("signInAudience"))
		assert.Equal(t, c.want, res.Outputs["customerIssuer"].Value, "issuer for %v", overrides)
	}
	for _, stack := range stacks {
		for _, res := range []*inventory.Result{stackPlan(t, stack), edgePlan(t, stack)} {
			for workload, app := range map[string]string{"portal": "auth-customer", "backoffice": "auth-backoffice"} {
				web := one(t, res, inventory.LinuxWebApp, "apps-"+workload)
				uris := toAny(one(t, res, inventory.ApplicationRedirectUris, "auth-redirect-uris-"+workload).Input("redirectUris"))
				for _, u := range uris {
					assert.Regexp(t, `^https://[a-z0-9.-]+`+regexp.QuoteMeta(callback)+`$`, u, workload)
				}
				// A web app's default hostname is <app>.azurewebsites.net, a
				// slot's <app>-<slot>.azurewebsites.net.
				// https://learn.microsoft.com/azure/app-service/deploy-staging-slots
				host := web.Input("name").(string)
				if len(res.ByType(inventory.AFDEndpoint)) == 0 {
					assert.Contains(t, uris, "https://"+host+".azurewebsites.net"+callback, "%s %s", stack, workload)
				}
				if stackConfig(t, stack, nil).Apps.StagingSlots {
					assert.Contains(t, uris, "https://"+host+"-staging.azurewebsites.net"+callback, "%s %s", stack, workload)
				}
				// Without a client secret, App Service signs in with an ID
				// token from the authorize endpoint (implicit grant).
				assert.Equal(t, true, one(t, res, inventory.ApplicationRegistration, app).Input("implicitIdTokenIssuanceEnabled"), workload)
				assert.Equal(t, "azureactivedirectory", web.Input("authSettingsV2.defaultProvider"), workload)
			}
			// The customer audience admits personal accounts, so its issuer
			// is common, the one App Service does not check; the backoffice
			// is single-tenant and names its tenant.
			assert.Equal(t, "https://login.microsoftonline.com/common/v2.0", one(t, res, inventory.LinuxWebApp, "apps-portal").Input("authSettingsV2.activeDirectoryV2.tenantAuthEndpoint"))
			assert.Equal(t, ctEntraLogin+mockcloud.TenantID+"/v2.0", one(t, res, inventory.LinuxWebApp, "apps-backoffice").Input("authSettingsV2.activeDirectoryV2.tenantAuthEndpoint"))
			// Sign-in audiences are Entra's enum; personal accounts need v2
			// access tokens.
			// https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation
			hasInputs(t, one(t, res, inventory.ApplicationRegistration, "auth-customer"), map[string]any{
				"signInAudience": "AzureADandPersonalMicrosoftAccount", "requestedAccessTokenVersion": 2.0})
			assert.Equal(t, "AzureADMyOrg", one(t, res, inventory.ApplicationRegistration, "auth-backoffice").Input("signInAudience"))
		}
	}
}

// ctActivities returns every activity of the ETL pipeline by name, those
// nested in Until and IfCondition included, and the raw JSON.
func ctActivities(t *testing.T, res *inventory.Result) (map[string]adfActivity, any) {
	t.Helper()
	raw, err := json.Marshal(one(t, res, inventory.GenericResource, "-adf-pipeline").Input("properties.activities"))
	require.NoError(t, err)
	var top []adfActivity
	require.NoError(t, json.Unmarshal([]byte(raw), &top))
	var generic any
	require.NoError(t, json.Unmarshal([]byte(raw), &generic))
	all := map[string]adfActivity{}
	var add func([]adfActivity)
	add = func(list []adfActivity) {
		for _, a := range list {
			require.NotContainsf(t, all, a.Name, "two activities named %s", a.Name)
			all[a.Name] = a
			for _, key := range []string{"activities", "ifTrueActivities", "ifFalseActivities"} {
				if nested, ok := a.TypeProperties[key]; ok {
					b, err := json.Marshal(nested)
					require.NoError(t, err)
					var inner []adfActivity
					require.NoError(t, json.Unmarshal(b, &inner))
					add(inner)
				}
			}
		}
	}
	add(top)
	return all, generic
}

// ctEachObject calls visit on every JSON object in v, v itself included.
func ctEachObject(v any, visit func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		visit(v)
		for _, e := range v {
			ctEachObject(e, visit)
		}
	case []any:
		for _, e := range v {
			ctEachObject(e, visit)
		}
	}
}

// TestContractDataFactoryPipeline: Data Factory accepts only the activity
// types, dependency conditions, source and sink types and authentication
// types it defines, and the Web activities call ARM's Databases API at an
// API version that has pause and resume. A misspelt enum fails the deploy
// (or, where the classic provider drops it, silently changes the run); a
// wrong URL or version leaves the warehouse running and billing.
func TestContractDataFactoryPipeline(t *testing.T) {
	// Activity types: https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities
	// (and each activity's page, e.g. control-flow-until-activity, control-flow-fail-activity).
	wantTypes := map[string]string{
		"ResumeWarehouse":     "Until",
		"GetWarehouseStatus":  "WebActivity",
		"SetWarehouseStatus":  "SetVariable",
		"ResumeIfPaused":      "IfCondition",
		"RequestResume":       "WebActivity",
		"WaitForWarehouse":    "Wait",
		"LookupOldWatermarks": "Lookup",
		"LookupNewWatermarks": "Lookup",
		"CopyCustomers":       "Copy",
		"CopyProducts":        "Copy",
		"CopyOrders":          "Copy",
		"CopyOrderLines":      "Copy",
		"MergeSalesModel":     "SqlServerStoredProcedure",
		"PauseWarehouse":      "WebActivity",
		"FailOnLoadError":     "Fail",
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			acts, generic := ctActivities(t, res)
			got := map[string]string{}
			for name, a := range acts {
				got[name] = a.Type
			}
			assert.Equal(t, wantTypes, got)

			// Dependency conditions, same page: Succeeded, Failed, Skipped, Completed.
			valid := map[string]bool{"Succeeded": true, "Failed": true, "Skipped": true, "Completed": true}
			for _, a := range acts {
				for _, d := range a.DependsOn {
					for _, c := range d.Conditions {
						assert.Truef(t, valid[c], "%s depends on %s with unknown condition %q", a.Name, d.Activity, c)
					}
				}
			}
			// Which activity waits for which: TestAnalyticsPipelineActivities.

			// Web activities: ARM's Databases Get/Pause/Resume at 2021-11-01.
			// https://learn.microsoft.com/rest/api/sql/databases/pause?view=rest-sql-2021-11-01
			// https://learn.microsoft.com/rest/api/sql/databases/resume?view=rest-sql-2021-11-01
			// https://learn.microsoft.com/rest/api/sql/databases/get?view=rest-sql-2021-11-01
			pool := one(t, res, inventory.SQLDatabase, "analytics-sqldw-pool").ID
			require.Regexp(t, `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Sql/servers/[^/]+/databases/[^/]+$`, pool)
			for name, want := range map[string][2]string{
				"GetWarehouseStatus": {"GET", "https://management.azure.com" + pool + "?api-version=2021-11-01"},
				"RequestResume":      {"POST", "https://management.azure.com" + pool + "/resume?api-version=2021-11-01"},
				"PauseWarehouse":     {"POST", "https://management.azure.com" + pool + "/pause?api-version=2021-11-01"},
			} {
				// Managed identity authentication of a Web activity: type MSI
				// and the resource the token is for, ARM's audience; and
				// turnOffAsync, which stops the 202 Location polling.
				// https://learn.microsoft.com/azure/data-factory/control-flow-web-activity
				hasKeys(t, acts[name].TypeProperties, map[string]any{"method": want[0], "url": want[1], "authentication.type": "MSI",
					"authentication.resource": "https://management.azure.com/", "turnOffAsync": true}, name)
			}
			// The status the Until loop waits for is the Databases API's
			// DatabaseStatus enum (Online, Paused, ...), read at
			// output.properties.status.
			assert.Equal(t, "@activity('GetWarehouseStatus').output.properties.status", dig(acts["SetWarehouseStatus"].TypeProperties, "value.value"))
			assert.Contains(t, dig(acts["ResumeWarehouse"].TypeProperties, "expression.value"), "'Online'")
			assert.Contains(t, dig(acts["ResumeIfPaused"].TypeProperties, "expression.value"), "'Paused'")

			// Sources and sinks: AzureSqlSource reads Azure SQL Database
			// (https://learn.microsoft.com/azure/data-factory/connector-azure-sql-database),
			// SqlDWSource and SqlDWSink the dedicated SQL pool
			// (https://learn.microsoft.com/azure/data-factory/connector-azure-sql-data-warehouse).
			assert.Equal(t, "SqlDWSource", dig(acts["LookupOldWatermarks"].TypeProperties, "source.type"))
			assert.Equal(t, "AzureSqlSource", dig(acts["LookupNewWatermarks"].TypeProperties, "source.type"))
			for _, c := range []string{"CopyCustomers", "CopyProducts", "CopyOrders", "CopyOrderLines"} {
				hasKeys(t, acts[c].TypeProperties, map[string]any{"source.type": "AzureSqlSource", "sink.type": "SqlDWSink", "enableStaging": true,
					"stagingSettings.linkedServiceName.type": "LinkedServiceReference"}, c)
				assert.Equal(t, "DatasetReference", acts[c].Inputs[0]["type"], c)
				assert.Equal(t, "DatasetReference", acts[c].Outputs[0]["type"], c)
			}
			// Every value holding @ (an expression or an @{...}
			// interpolation) is an object of type Expression, or Data
			// Factory takes it as a literal string.
			// https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions
			expressions := 0
			ctEachObject(generic, func(v map[string]any) {
				if s, ok := v["value"].(string); ok && strings.Contains(s, "@") {
					expressions++
					assert.Equalf(t, "Expression", v["type"], "expression %q", s)
				}
			})
			assert.GreaterOrEqual(t, expressions, 4+4+1+1, "copy queries, merge parameters, status and loop expressions")
			// Activity and Until timeouts are timespans in ADF's pattern
			// (ActivityPolicy.timeout, UntilActivityTypeProperties.timeout in
			// the Data Factory REST spec, 2018-06-01); anything else is refused.
			timespan := regexp.MustCompile(`^((\d+)\.)?(\d\d):(60|([0-5][0-9])):(60|([0-5][0-9]))$`)
			timeouts := map[string]any{"ResumeWarehouse": dig(acts["ResumeWarehouse"].TypeProperties, "timeout")}
			ctEachObject(generic, func(v map[string]any) {
				if p, ok := v["policy"].(map[string]any); ok {
					timeouts[fmt.Sprint(v["name"], " policy")] = p["timeout"]
				}
			})
			assert.GreaterOrEqual(t, len(timeouts), 1+2, "the loop's and both lookups' timeouts")
			for name, v := range timeouts {
				s, _ := v.(string)
				assert.Regexpf(t, timespan, s, "%s timeout", name)
			}
			// Stored procedure parameters take a type from ADF's list.
			params, _ := dig(acts["MergeSalesModel"].TypeProperties, "storedProcedureParameters").(map[string]any)
			require.Len(t, params, 4)
			for name, p := range params {
				hasKeys(t, p, map[string]any{"type": "String"}, name)
			}
		})
	}
}

// TestContractDataFactoryObjects: the trigger's enums and the factory's
// identity are Data Factory's own names; a wrong one is refused at deploy.
// The linked services' and datasets' types (connector-azure-sql-database,
// connector-azure-sql-data-warehouse, connector-azure-blob-storage) are
// pinned with their whole bodies: TestAnalyticsLinkedServiceBodies and
// TestAnalyticsDatasetBodies.
func TestContractDataFactoryObjects(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			// Schedule trigger recurrence frequency is Minute|Hour|Day|Week|Month.
			// https://learn.microsoft.com/azure/data-factory/how-to-create-schedule-trigger
			assert.Equal(t, stackConfig(t, stack, nil).Analytics.Schedule.Frequency, one(t, res, inventory.TriggerSchedule, "analytics-adf-trigger").Input("frequency"))
			assert.Equal(t, "UTC", one(t, res, inventory.TriggerSchedule, "analytics-adf-trigger").Input("timeZone"))
			assert.Equal(t, "SystemAssigned", one(t, res, inventory.DataFactory, "analytics-adf").Input("identity.type"))
		})
	}
}

// TestContractPrivateDNS: a private endpoint resolves only if its group id
// is the service's sub-resource name and its DNS zone is the privatelink
// zone Azure uses for that sub-resource. A wrong zone name resolves the
// service's public address, which prod has closed: every connection fails.
// https://learn.microsoft.com/azure/private-link/private-endpoint-dns
func TestContractPrivateDNS(t *testing.T) {
	zones := map[string]string{
		"blob":      "privatelink.blob.core.windows.net",
		"queue":     "privatelink.queue.core.windows.net",
		"table":     "privatelink.table.core.windows.net",
		"sqlServer": "privatelink.database.windows.net",
		"vault":     "privatelink.vaultcore.azure.net",
		"sites":     "privatelink.azurewebsites.net",
	}
	res := stackPlan(t, "prod")
	got := map[string]string{}
	for _, z := range res.ByType(inventory.PrivateZone) {
		got[strings.TrimPrefix(z.Name, "core-dns-")] = z.Input("privateZoneName").(string)
		assert.Equal(t, "global", z.Input("location"), z.Name)
	}
	assert.Equal(t, zones, got)

	// Every private endpoint: one group id, a sub-resource name of the
	// "Subresources" column of
	// https://learn.microsoft.com/azure/private-link/private-endpoint-overview#private-link-resource,
	// registered in that group's zone. (Which resource each endpoint
	// targets: TestPrivateNetworking, TestAnalyticsWarehousePool.)
	// Each resource's sub-resource registers once: a second endpoint to
	// it (the standby's, to the one storage account and vault) has no
	// zone group, as its A record would overwrite the first's in the
	// global zone (core/standbynet.go).
	registered := map[string][]string{}
	for _, pe := range res.ByType(inventory.PrivateEndpoint) {
		conns, _ := pe.Input("privateLinkServiceConnections").([]any)
		require.Len(t, conns, 1, pe.Name)
		ids, _ := dig(conns[0], "groupIds").([]any)
		require.Len(t, ids, 1, pe.Name)
		group := ids[0].(string)
		require.Containsf(t, zones, group, "%s: unknown group id %q", pe.Name, group)
		zg := zoneGroupOf(t, res, pe.Name)
		if zg == nil {
			continue
		}
		configs, _ := zg.Input("privateDnsZoneConfigs").([]any)
		require.Len(t, configs, 1, pe.Name)
		assert.True(t, strings.HasSuffix(dig(configs[0], "privateDnsZoneId").(string), "/privateDnsZones/"+zones[group]), pe.Name)
		key := dig(conns[0], "privateLinkServiceId").(string) + "|" + group
		registered[key] = append(registered[key], pe.Name)
	}
	for _, pe := range res.ByType(inventory.PrivateEndpoint) {
		conn := first(pe.Input("privateLinkServiceConnections"))
		key := dig(conn, "privateLinkServiceId").(string) + "|" + first(dig(conn, "groupIds")).(string)
		assert.Lenf(t, registered[key], 1, "%s: %s registered by %v", pe.Name, key, registered[key])
	}

	// Data Factory's managed private endpoints use the same sub-resource names.
	// https://learn.microsoft.com/azure/data-factory/managed-virtual-network-private-endpoint
	mpe := map[string]string{}
	for _, m := range res.ByType(inventory.ManagedPrivateEndpoint) {
		mpe[m.Input("name").(string)] = m.Input("subresourceName").(string)
	}
	want := map[string]string{"mpe-shop-sql": "sqlServer", "mpe-warehouse-sql": "sqlServer", "mpe-staging-blob": "blob"}
	if stackConfig(t, "prod", nil).DisasterRecovery.Enabled {
		want["mpe-shop-sql-standby"] = "sqlServer"
	}
	assert.Equal(t, want, mpe)
}

// TestContractSQL: Entra-only authentication, a group admin, TDE on, the
// Azure-services firewall marker. Each is an ARM enum or a documented magic
// value; a wrong spelling is refused or means something else.
func TestContractSQL(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			// (How many of each per stack: blCounts.)
			for _, s := range res.ByType(inventory.SQLServer) {
				// https://learn.microsoft.com/rest/api/sql/servers/create-or-update?view=rest-sql-2021-11-01
				// (ServerExternalAdministrator: administratorType ActiveDirectory,
				// principalType User|Group|Application).
				hasInputs(t, s, map[string]any{"administrators.administratorType": "ActiveDirectory", "administrators.principalType": "Group",
					"administrators.tenantId": mockcloud.TenantID, "version": "12.0", "identity.type": "SystemAssigned"})
			}
			// TDE state Enabled on both databases.
			// https://learn.microsoft.com/rest/api/sql/transparent-data-encryptions/create-or-update?view=rest-sql-2021-11-01
			for _, r := range res.ByType(inventory.TransparentDataEncryption) {
				assert.Equal(t, "current", r.Input("tdeName"), r.Name)
			}
			// Auditing to Azure Monitor: state Enabled and
			// isAzureMonitorTargetEnabled, with the events sent by the master
			// database's diagnostic setting as SQLSecurityAuditEvents.
			// https://learn.microsoft.com/azure/azure-sql/database/auditing-setup
			for _, a := range res.ByType(inventory.ExtendedServerBlobAuditingPolicy) {
				assert.Equal(t, "default", a.Input("blobAuditingPolicyName"), a.Name)
			}
			// A database's long-term retention policy is named "default"
			// (sql.LongTermRetentionPolicyArgs.PolicyName: "Should always be
			// Default"; ARM's backupLongTermRetentionPolicies/default).
			for _, r := range res.ByType(inventory.LongTermRetentionPolicy) {
				assert.Equal(t, "default", r.Input("policyName"), r.Name)
			}
			// A start and end address of 0.0.0.0 lets Azure services in,
			// not the internet.
			// https://learn.microsoft.com/rest/api/sql/firewall-rules/create-or-update?view=rest-sql-2021-11-01
			// (How many servers have one, per stack: blCounts.)
			for _, r := range res.ByType(inventory.FirewallRule) {
				hasInputs(t, r, map[string]any{"firewallRuleName": "AllowAllWindowsAzureIps", "startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"})
			}
			// A dedicated SQL pool is a database in the DataWarehouse
			// edition with a DW…c service objective.
			// https://learn.microsoft.com/azure/synapse-analytics/sql-data-warehouse/memory-concurrency-limits
			pool := one(t, res, inventory.SQLDatabase, "analytics-sqldw-pool")
			assert.Equal(t, "DataWarehouse", pool.Input("sku.tier"))
			assert.Regexp(t, `^DW\d+c$`, pool.Input("sku.name"))
			// vCore SKU names: GP_Gen5, or GP_S_Gen5 serverless.
			// https://learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases
			// (Each stack's: the promise table.)
			assert.Regexp(t, `^GP_(S_)?Gen5$`, one(t, res, inventory.SQLDatabase, "core-sqldb").Input("sku.name"))
			// The apps and the worker sign in with their identity: the
			// SqlClient keyword is "Active Directory Managed Identity".
			// https://learn.microsoft.com/sql/connect/ado-net/sql/azure-active-directory-authentication#using-managed-identity-authentication
			for _, typ := range []string{inventory.LinuxWebApp, inventory.LinuxFunctionApp} {
				for _, app := range res.ByType(typ) {
					assert.Contains(t, app.Input("appSettings.SQL_CONNECTION_STRING"), ";Authentication=Active Directory Managed Identity;", app.Name)
				}
			}
		})
	}
}

// TestContractStorageKeyVaultAppService: the enum spellings of storage,
// Key Vault and App Service settings the baseline rests on. A value Azure
// does not know is refused at deploy; one it knows differently (TLS1_0 for
// TLS1_2) weakens the baseline silently.
func TestContractStorageKeyVaultAppService(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			// https://learn.microsoft.com/rest/api/storagerp/storage-accounts/create
			for _, a := range res.ByType(inventory.StorageAccount) {
				hasInputs(t, a, map[string]any{"kind": "StorageV2", "accessTier": "Hot", "networkRuleSet.bypass": "AzureServices"})
			}

			// Key Vault SKU: family A, name standard.
			// https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/create-or-update
			hasInputs(t, one(t, res, inventory.KeyVault, "core-kv"), map[string]any{
				"properties.sku.family": "A", "properties.sku.name": "standard", "properties.tenantId": mockcloud.TenantID})

			// Functions runtime 4 (FUNCTIONS_EXTENSION_VERSION ~4):
			// https://learn.microsoft.com/azure/azure-functions/functions-app-settings#functions_extension_version
			worker := one(t, res, inventory.LinuxFunctionApp, "core-worker")
			assert.Equal(t, "~4", worker.Input("functionsExtensionVersion"))
			// host.json values are overridden by app settings named
			// AzureFunctionsJobHost__<path>:
			// https://learn.microsoft.com/azure/azure-functions/functions-host-json#override-hostjson-values
			// and the queue extension's key is extensions.queues.maxDequeueCount:
			// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
			settings, _ := worker.Input("appSettings").(map[string]any)
			assert.Contains(t, settings, "AzureFunctionsJobHost__extensions__queues__maxDequeueCount")
			// An identity-based queue connection named QueueStorage is the
			// setting QueueStorage__queueServiceUri, holding the queue endpoint.
			// https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection
			assert.Regexp(t, `^https://[a-z0-9]+\.queue\.core\.windows\.net/$`, settings["QueueStorage__queueServiceUri"])

			// Log Analytics pricing tier: https://learn.microsoft.com/azure/azure-monitor/logs/cost-logs#pricing-tiers
			assert.Equal(t, "PerGB2018", one(t, res, inventory.LogAnalyticsWorkspace, "core-log").Input("sku.name"))
		})
	}
}

// TestContractAutoscaleMetrics: autoscale rules name platform metrics by
// name and namespace; a name Azure Monitor does not emit makes a rule that
// never fires, and the plan never scales.
// App Service plan metrics CpuPercentage and HttpQueueLength, namespace
// microsoft.web/serverfarms:
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-web-serverfarms-metrics
// Queue service metric QueueMessageCount, namespace
// Microsoft.Storage/storageAccounts/queueServices, grain PT1H:
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-storage-storageaccounts-queueservices-metrics
// Operators, statistics, aggregations and directions are the autoscale enums:
// https://learn.microsoft.com/rest/api/monitor/autoscale-settings/create-or-update
func TestContractAutoscaleMetrics(t *testing.T) {
	res := stackPlan(t, "prod")
	seen := map[string]string{}
	for _, s := range res.ByType(inventory.AutoscaleSetting) { // how many: blCounts
		profiles, _ := s.Input("profiles").([]any)
		require.Len(t, profiles, 1, s.Name)
		rules, _ := dig(profiles[0], "rules").([]any)
		require.NotEmpty(t, rules, s.Name)
		for _, r := range rules {
			m := dig(r, "metricTrigger").(map[string]any)
			seen[fmt.Sprint(m["metricName"])] = fmt.Sprint(m["metricNamespace"])
			assert.Contains(t, []any{"GreaterThan", "LessThan"}, m["operator"], s.Name)
			assert.Contains(t, []any{"Average"}, m["statistic"], s.Name)
			assert.Contains(t, []any{"Average", "Last"}, m["timeAggregation"], s.Name)
			assert.Contains(t, []any{"Increase", "Decrease"}, dig(r, "scaleAction.direction"), s.Name)
			assert.Equal(t, "ChangeCount", dig(r, "scaleAction.type"), s.Name)
		}
	}
	assert.Equal(t, map[string]string{
		"CpuPercentage":     "microsoft.web/serverfarms",
		"HttpQueueLength":   "microsoft.web/serverfarms",
		"QueueMessageCount": "Microsoft.Storage/storageAccounts/queueServices",
	}, seen)
}

// TestContractResourceProviderSpelling: the classic provider registers the
// namespaces it is given only when each is spelled as ARM lists it. azurerm
// v4.61.0 compares names case-sensitively with the subscription's provider
// list and only logs a name it does not find
// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v4.61.0/internal/resourceproviders/requiring_registration.go),
// so "Microsoft.Insights" registers nothing.
func TestContractResourceProviderSpelling(t *testing.T) {
	// Copied from azurerm v4.61.0's own lists, which spell each name as ARM
	// returns it ("Note that resource providers are case-sensitive"):
	// https://github.com/hashicorp/terraform-provider-azurerm/blob/v4.61.0/internal/resourceproviders/required.go
	asARMListsThem := map[string]bool{
		"Microsoft.Cdn":                 true,
		"Microsoft.DataFactory":         true,
		"microsoft.insights":            true,
		"Microsoft.KeyVault":            true,
		"Microsoft.Network":             true,
		"Microsoft.OperationalInsights": true,
		"Microsoft.Sql":                 true,
		"Microsoft.Storage":             true,
		"Microsoft.Web":                 true,
		// In none of azurerm's lists; spelled as on
		// https://learn.microsoft.com/azure/azure-resource-manager/management/azure-services-resource-providers
		"Microsoft.Consumption": true,
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			classic := one(t, stackPlan(t, stack), "pulumi:providers:azure", "azure-classic")
			registered := toAny(classic.Input("resourceProvidersToRegisters"))
			require.NotEmpty(t, registered)
			for _, name := range registered {
				assert.Truef(t, asARMListsThem[fmt.Sprint(name)], "%q is not spelled as ARM lists a provider we need", name)
			}
			assert.Contains(t, registered, "microsoft.insights", "Azure Monitor, in ARM's lower case")
		})
	}
}

// TestContractEntraResourceIDs: the azuread provider addresses a
// registration and the parts other resources manage by these ids, which
// are also what `pulumi import` takes in the README's move to
// ApplicationRegistration (terraform-provider-azuread v2.53.1,
// internal/services/applications/parse/: application.go
// "/applications/%s", app_role.go "/applications/%s/appRoles/%s",
// redirect_uris.go "/applications/%s/redirectUris/%s"; the URI type "Web" is
// RedirectUriTypeWeb in application_redirect_uris_resource.go, one of
// PublicClient, SPA, Web).
func TestContractEntraResourceIDs(t *testing.T) {
	res := stackPlan(t, "prod")
	readme := readmeText(t)
	for workload, name := range map[string]string{"portal": "auth-customer", "backoffice": "auth-backoffice"} {
		oid := one(t, res, inventory.ApplicationRegistration, name).Output("objectId").(string)
		uris := one(t, res, inventory.ApplicationRedirectUris, "auth-redirect-uris-"+workload)
		hasInputs(t, uris, map[string]any{"applicationId": "/applications/" + oid, "type": "Web"})
		assert.Equal(t, "/applications/"+oid+"/redirectUris/Web", uris.ID, workload)
	}
	oid := one(t, res, inventory.ApplicationRegistration, "auth-backoffice").Output("objectId").(string)
	for value, id := range map[string]string{
		"Admin":          "1fbd1280-c5f7-5446-9687-670480e2b696",
		"CatalogManager": "68b5440b-1899-57f2-b236-fc8ad7cb1f57",
		"OrderManager":   "7f7161b9-fe2f-5e3e-b9fe-96c9a4e2a235",
	} {
		role := one(t, res, inventory.ApplicationAppRole, "auth-backoffice-"+value)
		assert.Equal(t, "/applications/"+oid, role.Input("applicationId"), value)
		assert.Equal(t, "/applications/"+oid+"/appRoles/"+id, role.ID, value)
		assert.Contains(t, readme, `/appRoles/`+id+`"`, "the README imports the %s role by its id", value)
	}
	assert.Contains(t, readme, `/redirectUris/Web"`, "the README imports the redirect URIs by their id")
}

// TestContractTelemetryWithIdentity: with local auth off (prod), Application
// Insights takes only Entra-authenticated telemetry. The portals have no SDK
// of their own, so App Service's agent must instrument them, on Linux with
// ApplicationInsightsAgent_EXTENSION_VERSION ~3 ("~2 for Windows or ~3 for
// Linux": https://learn.microsoft.com/azure/azure-monitor/app/azure-web-apps-net-core),
// and it sends with the system-assigned identity when
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING is "Authorization=AAD" (the
// user-assigned form names a ClientId):
// https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication#environment-variable-configuration
// The Functions host reads the same string itself, so the worker needs no
// agent. Whether the agent attaches is Azure's to show (README).
func TestContractTelemetryWithIdentity(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			for _, s := range append(res.ByType(inventory.LinuxWebApp), res.ByType(inventory.LinuxWebAppSlot)...) { // Authorization=AAD without a ClientId is the system-assigned identity
				hasInputs(t, s, map[string]any{"appSettings.ApplicationInsightsAgent_EXTENSION_VERSION": "~3",
					"appSettings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING": "Authorization=AAD", "identity.type": "SystemAssigned"})
			}
			for _, fn := range res.ByType(inventory.LinuxFunctionApp) { // the Functions host sends by itself
				hasInputs(t, fn, map[string]any{"appSettings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING": "Authorization=AAD",
					"appSettings.ApplicationInsightsAgent_EXTENSION_VERSION": nil, "identity.type": "SystemAssigned"})
			}
		})
	}
}

// ctRegionDisplayNames are the regions' display names, Microsoft's list
// (az account list-locations, displayName), which Service Health events
// carry in properties.impactedServices[*].ImpactedRegions[*].RegionName:
// https://learn.microsoft.com/azure/reliability/regions-list
// https://learn.microsoft.com/azure/service-health/alerts-activity-log-service-notifications-arm
var ctRegionDisplayNames = map[string]string{
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

// TestContractServiceHealthRegionNames: the Service Health alert matches
// a region by its display name, for every region a stack may name. A
// misspelt one matches no event: the region's outage pages nobody.
func TestContractServiceHealthRegionNames(t *testing.T) {
	require.ElementsMatch(t, naming.Regions(), slices.Collect(maps.Keys(ctRegionDisplayNames)), "every region naming knows has its display name pinned")
	for location, display := range ctRegionDisplayNames {
		res := runOK(t, func(ctx *pulumi.Context) error {
			return errOf2(opsOptions(location).ServiceHealthAlerts(ctx, "h", baseline.ServiceHealthArgs{ResourceGroupName: pulumi.String(opsRG),
				ServiceHealthName: "s", ResourceHealthName: "r", ActionGroup: pulumi.String("ag")}))
		})
		regions := one(t, res, inventory.ActivityLogAlert, "h-service-health").Input("condition.allOf").([]any)[2].(map[string]any)["containsAny"]
		assert.Equal(t, []any{display, "Global"}, regions, location)
	}
}
