package tests

import (
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/analytics"
	"github.com/ecommerce-platform/infra/apps"
	"github.com/ecommerce-platform/infra/auth"
	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
)

// The building blocks of internal/baseline, each run alone under the mock
// engine. Layer tests then check that a layer applies them to the right
// resources with the right scopes, not the blocks' own behaviour again.

// blockOptions are a stack's settings with protection on, as prod's.
var blockOptions = baseline.Options{
	Location: "westeurope", Tags: map[string]string{"env": "test"},
	SubscriptionID: mockcloud.SubscriptionID, TenantID: mockcloud.TenantID, ProtectData: true,
}

// runBlock runs one helper alone.
func runBlock(t *testing.T, program func(ctx *pulumi.Context) error) (*mockcloud.Result, error) {
	t.Helper()
	return mockcloud.Run(mockcloud.Options{Project: "ecommerce", Stack: "blocks"}, func(ctx *pulumi.Context) (pulumi.Map, error) {
		return nil, program(ctx)
	})
}

// TestBlockAppServiceHardening pins the App Service baseline against
// Microsoft's values: ftpsState "Disabled" (of AllAllowed, FtpsOnly,
// Disabled), minTlsVersion "1.2", basic publishing credentials off
// (https://learn.microsoft.com/azure/app-service/configure-basic-auth-disable).
func TestBlockAppServiceHardening(t *testing.T) {
	assert.Equal(t, baseline.AppServiceHardening{
		HTTPSOnly: true, MinimumTLSVersion: "1.2", FTPSState: "Disabled",
		HTTP2: true, RemoteDebugging: false, BasicPublishingAuth: false,
	}, baseline.Hardened)
}

// TestBlockCheckArgs: required inputs are refused when absent, all named at
// once and sorted; optional ones may be absent; a set optional struct is
// checked field by field.
func TestBlockCheckArgs(t *testing.T) {
	type inner struct {
		ID   pulumi.StringInput `arg:"required"`
		Note string             `arg:"optional"`
	}
	type args struct {
		Name     string                        `arg:"required"`
		Count    int                           `arg:"required"`
		Scope    pulumi.StringInput            `arg:"required"`
		Output   pulumi.StringOutput           `arg:"required"`
		Queues   map[string]pulumi.StringInput `arg:"required"`
		Hosts    []string                      `arg:"required"`
		Inner    inner                         `arg:"required"`
		Maybe    *inner                        `arg:"optional"`
		Must     *inner                        `arg:"required"`
		Optional pulumi.StringInput            `arg:"optional"`
		Untagged pulumi.StringInput
	}
	complete := args{
		Name: "n", Count: 1, Scope: pulumi.String("s"), Output: pulumi.String("o").ToStringOutput(),
		Queues: map[string]pulumi.StringInput{"q": pulumi.String("id")}, Hosts: []string{"h"},
		Inner: inner{ID: pulumi.String("i")}, Must: &inner{ID: pulumi.String("m")},
	}
	require.NoError(t, baseline.CheckArgs("x", complete))

	err := baseline.CheckArgs("x", args{
		Scope:  pulumi.String(""),
		Queues: map[string]pulumi.StringInput{"q": nil},
		Maybe:  &inner{},
	})
	require.Error(t, err)
	assert.Equal(t, "x: missing required inputs: Count, Hosts, Inner.ID, Maybe.ID, Must, Name, Output, Queues, Scope", err.Error())

	err = baseline.CheckArgs("x", complete, "Foundation.Network.DNSZones[vault]")
	assert.EqualError(t, err, "x: missing required inputs: Foundation.Network.DNSZones[vault]")

	// Inside maps and slices of tagged structs, element by element; a zero
	// output (a missing key of a map of outputs) is missing too.
	type rows struct {
		ByKey map[string]inner `arg:"required"`
		List  []inner          `arg:"optional"`
	}
	err = baseline.CheckArgs("x", rows{
		ByKey: map[string]inner{"b": {ID: map[string]pulumi.StringOutput{}["none"]}, "a": {ID: pulumi.String("i")}},
		List:  []inner{{ID: pulumi.String("i")}, {Note: "no id"}},
	})
	assert.EqualError(t, err, "x: missing required inputs: ByKey[b].ID, List[1].ID")
}

// TestLayerArgsDeclareRequiredOrOptional: every input of every layer, and
// of the views they take, says whether it is required.
func TestLayerArgsDeclareRequiredOrOptional(t *testing.T) {
	for _, v := range []any{
		core.Args{}, apps.Args{}, analytics.Args{}, auth.Args{},
		apps.Backend{}, apps.SignIn{}, apps.EdgeArgs{}, analytics.ShopDatabase{},
		baseline.Foundation{}, baseline.PrivateNetwork{}, baseline.SQLAdmin{},
		baseline.RoleAssignmentsArgs{}, baseline.Access{},
	} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			assert.Contains(t, []string{"required", "optional"}, f.Tag.Get("arg"), "%s.%s", typ, f.Name)
		}
	}
}

// TestBlockDiagnostics: one setting named to-log-analytics, on the resource,
// to the workspace, with exactly the signals given.
func TestBlockDiagnostics(t *testing.T) {
	res, err := runBlock(t, func(ctx *pulumi.Context) error {
		_, err := baseline.Diagnostics(ctx, "thing-diag", baseline.DiagnosticsArgs{
			ResourceID: pulumi.String(fakeVault), Workspace: pulumi.String(fakeWorkspace), Signals: baseline.SQLAudit,
		})
		return err
	})
	require.NoError(t, err)
	d := one(t, res, tDiagnostic, "thing-diag")
	assert.Equal(t, "to-log-analytics", d.Input("name"))
	assert.Equal(t, fakeVault, d.Input("resourceUri"))
	assert.Equal(t, fakeWorkspace, d.Input("workspaceId"))
	assert.Equal(t, []any{map[string]any{"category": "SQLSecurityAuditEvents", "enabled": true}}, d.Input("logs"))
	assert.Nil(t, d.Input("metrics"))

	_, err = runBlock(t, func(ctx *pulumi.Context) error {
		_, err := baseline.Diagnostics(ctx, "thing-diag", baseline.DiagnosticsArgs{ResourceID: pulumi.String(fakeVault), Signals: baseline.SQLAudit})
		return err
	})
	assert.ErrorContains(t, err, "thing-diag: missing required inputs: Workspace")
}

// TestBlockRoleAssignments: one assignment per access, named <name>-<key>,
// for a service principal, with the built-in role's full id and a GUID
// derived from scope, principal and role; an access without a scope is
// refused before anything is registered.
func TestBlockRoleAssignments(t *testing.T) {
	const principal = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	res, err := runBlock(t, func(ctx *pulumi.Context) error {
		_, err := blockOptions.RoleAssignments(ctx, "app", baseline.RoleAssignmentsArgs{
			PrincipalID: pulumi.String(principal), Holder: "portal",
			Access: map[string]baseline.Access{
				"kv":    {Scope: pulumi.String(fakeVault), Role: baseline.KeyVaultSecretsUser},
				"queue": {Scope: pulumi.String(fakeQueueID("q")), Role: baseline.StorageQueueDataMessageSender, Description: "sends to q"},
			},
		})
		return err
	})
	require.NoError(t, err)
	kv := one(t, res, tRoleAssignment, "app-kv")
	assert.Equal(t, fakeVault, kv.Input("scope"))
	assert.Equal(t, principal, kv.Input("principalId"))
	assert.Equal(t, "ServicePrincipal", kv.Input("principalType"))
	assert.Equal(t, "/subscriptions/"+mockcloud.SubscriptionID+"/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6", kv.Input("roleDefinitionId"))
	assert.Equal(t, baseline.AssignmentName(fakeVault, principal, baseline.KeyVaultSecretsUser), kv.Input("roleAssignmentName"))
	assert.Equal(t, "portal kv", kv.Input("description"))
	assert.Equal(t, "sends to q", one(t, res, tRoleAssignment, "app-queue").Input("description"))

	res, err = runBlock(t, func(ctx *pulumi.Context) error {
		_, err := blockOptions.RoleAssignments(ctx, "app", baseline.RoleAssignmentsArgs{
			PrincipalID: pulumi.String(principal), Holder: "portal",
			Access: map[string]baseline.Access{
				"kv":   {Scope: pulumi.String(fakeVault), Role: baseline.KeyVaultSecretsUser},
				"blob": {Role: baseline.StorageBlobDataReader},
				// What core's map[string]StringOutput yields for a key it lacks.
				"queue": {Scope: map[string]pulumi.StringOutput{}["missing"], Role: baseline.StorageQueueDataMessageSender},
			},
		})
		return err
	})
	assert.ErrorContains(t, err, "app: missing required inputs: Access[blob].Scope, Access[queue].Scope")
	assert.Empty(t, res.Resources, "no assignment is made when one has no scope")
}

// TestBlockStorageAccount: the account to the baseline, protected, with its
// blob safety nets and the diagnostics of the account and of each service.
func TestBlockStorageAccount(t *testing.T) {
	for _, private := range []bool{false, true} {
		res, err := runBlock(t, func(ctx *pulumi.Context) error {
			_, err := blockOptions.StorageAccount(ctx, "st", baseline.StorageAccountArgs{
				ResourceGroupName: pulumi.String(fakeRGName), AccountName: "stblock", SKU: "Standard_ZRS",
				Private: private, BlobSoftDeleteDays: 7, ContainerSoftDeleteDays: 3,
				Workspace: pulumi.String(fakeWorkspace), Services: []string{"blob", "queue"},
			})
			return err
		})
		require.NoError(t, err)
		account := one(t, res, tStorageAccount, "st")
		assert.True(t, account.Protect)
		for path, want := range map[string]any{
			"allowSharedKeyAccess": false, "allowBlobPublicAccess": false, "allowCrossTenantReplication": false,
			"defaultToOAuthAuthentication": true, "enableHttpsTrafficOnly": true, "minimumTlsVersion": "TLS1_2",
			"kind": "StorageV2", "sku.name": "Standard_ZRS",
		} {
			assert.Equal(t, want, account.Input(path), path)
		}
		if private {
			assert.Equal(t, "Disabled", account.Input("publicNetworkAccess"))
			assert.Equal(t, "Deny", account.Input("networkRuleSet.defaultAction"))
		} else {
			assert.Equal(t, "Enabled", account.Input("publicNetworkAccess"))
		}
		blob := one(t, res, tBlobService, "st-blob")
		assert.Equal(t, true, blob.Input("isVersioningEnabled"))
		assert.Equal(t, float64(7), blob.Input("deleteRetentionPolicy.days"))
		assert.Equal(t, float64(3), blob.Input("containerDeleteRetentionPolicy.days"))

		id := account.ID
		diags := map[string]string{}
		for _, d := range res.ByType(tDiagnostic) {
			assert.Equal(t, fakeWorkspace, d.Input("workspaceId"), d.Name)
			diags[d.Name] = d.Input("resourceUri").(string)
		}
		assert.Equal(t, map[string]string{
			"st-diag":       id,
			"st-blob-diag":  id + "/blobServices/default",
			"st-queue-diag": id + "/queueServices/default",
		}, diags)
	}
}

// TestBlockSQLServer: Entra-only with the group as admin, TLS 1.2, the
// admin ignored after creation, auditing to the workspace through master,
// and the Azure-services firewall rule only on a public server.
func TestBlockSQLServer(t *testing.T) {
	for _, public := range []bool{true, false} {
		res, err := runBlock(t, func(ctx *pulumi.Context) error {
			_, err := blockOptions.SQLServer(ctx, "sql", baseline.SQLServerArgs{
				ResourceGroupName: pulumi.String(fakeRGName), ServerName: "sql-block",
				Admin: fakeSQLAdmin(), Workspace: pulumi.String(fakeWorkspace), PublicNetworkAccess: public,
			})
			return err
		})
		require.NoError(t, err)
		server := one(t, res, tSQLServer, "sql")
		assert.True(t, server.Protect)
		assert.Equal(t, []string{"administrators"}, server.IgnoreChanges)
		assert.Equal(t, true, server.Input("administrators.azureADOnlyAuthentication"))
		assert.Equal(t, fakeAdminName, server.Input("administrators.login"))
		assert.Equal(t, fakeAdminObjectID, server.Input("administrators.sid"))
		assert.Equal(t, "Group", server.Input("administrators.principalType"))
		assert.Equal(t, "1.2", server.Input("minimalTlsVersion"))
		audit := one(t, res, tDiagnostic, "sql-audit-diag")
		assert.Equal(t, server.ID+"/databases/master", audit.Input("resourceUri"))
		assert.Len(t, res.ByType(tSQLFirewall), map[bool]int{true: 1, false: 0}[public])
	}
}

// TestBlockPrivateEndpoint: the endpoint in the network's endpoint subnet,
// resolved in the zone of its group; a group without a zone is refused.
func TestBlockPrivateEndpoint(t *testing.T) {
	network := fakeFoundation(stackConfig(t, "prod", nil)).Network
	require.NotNil(t, network)
	res, err := runBlock(t, func(ctx *pulumi.Context) error {
		_, err := blockOptions.PrivateEndpoint(ctx, "kv-pep", baseline.PrivateEndpointArgs{
			Network: network, EndpointName: "pep-kv", TargetID: pulumi.String(fakeVault), GroupID: "vault",
		})
		return err
	})
	require.NoError(t, err)
	pe := one(t, res, tEndpoint, "kv-pep")
	assert.Equal(t, fakeEndpointSubnet, pe.Input("subnet.id"))
	connection := pe.Input("privateLinkServiceConnections").([]any)[0].(map[string]any)
	assert.Equal(t, fakeVault, connection["privateLinkServiceId"])
	assert.Equal(t, []any{"vault"}, connection["groupIds"])
	zone := one(t, res, tZoneGroup, "kv-pep").Input("privateDnsZoneConfigs").([]any)[0].(map[string]any)
	assert.Equal(t, fakeZoneID("vault"), zone["privateDnsZoneId"])

	_, err = runBlock(t, func(ctx *pulumi.Context) error {
		_, err := blockOptions.PrivateEndpoint(ctx, "x-pep", baseline.PrivateEndpointArgs{
			Network: network, EndpointName: "pep-x", TargetID: pulumi.String(fakeVault), GroupID: "dfs",
		})
		return err
	})
	assert.ErrorContains(t, err, `x-pep: the network has no private DNS zone for "dfs"`)
}

// TestStackOutputsPinned: the stack outputs users script against, by name;
// each layer declares its own once, and the connection string stays secret.
func TestStackOutputsPinned(t *testing.T) {
	// Both stacks have the same names: without Front Door (dev may turn it
	// off) the public URLs are App Service's and the Front Door ones empty.
	want := []string{
		"actionGroupId", "appInsightsConnectionString", "appServicePlanId", "backofficeAppRoleIds", "backofficeAppServiceUrl", "backofficeClientId",
		"backofficeFrontDoorHost", "backofficeIssuer", "backofficePrincipalId", "backofficeUrl", "blobEndpoint", "customerClientId",
		"customerIssuer", "customerTenantId", "dataFactoryName", "dataFactoryPrincipalId", "etlPipelineName",
		"frontDoorId", "frontDoorProfileId",
		"keyVaultUri", "logAnalyticsWorkspaceId", "portalAppServiceUrl", "portalFrontDoorHost", "portalPrincipalId", "portalUrl", "queueEndpoint", "queues",
		"resourceGroupName", "sqlAdminGroupId", "sqlAdminGroupName", "sqlDatabase", "sqlGrantScript",
		"sqlServerFqdn", "stagingAccountName", "storageAccountName", "tenantId",
		"wafPolicyId", "warehouseDatabase", "warehouseEndpoint", "warehouseServerFqdn", "workerName", "workerPrincipalId",
	}
	names := func(res *mockcloud.Result) []string {
		var got []string
		for name := range res.Outputs {
			got = append(got, name)
		}
		sort.Strings(got)
		return got
	}
	noEdge := runStack(t, "dev", map[string]string{"frontDoor": "false"})
	assert.Equal(t, want, names(noEdge), "dev without Front Door")
	assert.Equal(t, noEdge.Outputs["portalAppServiceUrl"].Value, noEdge.Outputs["portalUrl"].Value)
	assert.Equal(t, noEdge.Outputs["backofficeAppServiceUrl"].Value, noEdge.Outputs["backofficeUrl"].Value)
	for _, name := range []string{"frontDoorId", "frontDoorProfileId", "wafPolicyId", "portalFrontDoorHost", "backofficeFrontDoorHost"} {
		assert.Equal(t, "", noEdge.Outputs[name].Value, name)
	}
	for _, stack := range stacks {
		res := stackPlan(t, stack)
		assert.Equal(t, want, names(res), stack)
		var secret []string
		for name, o := range res.Outputs {
			if o.Secret {
				secret = append(secret, name)
			}
		}
		assert.True(t, slices.Contains(secret, "appInsightsConnectionString"), "%s: the connection string carries the ingestion key", stack)
	}
}
