package tests

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/inventory"
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
func runBlock(t *testing.T, program func(ctx *pulumi.Context) error) (*inventory.Result, error) {
	t.Helper()
	return mockcloud.Run(mockcloud.Options{Project: "ecommerce", Stack: "blocks"}, func(ctx *pulumi.Context) (pulumi.Map, error) {
		return nil, program(ctx)
	})
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

	// Value rules follow the missing inputs, in the one message; an
	// embedded struct's fields are named as the outer struct's.
	err = baseline.CheckArgs("x", ruledArgs{Short: "far too long"})
	assert.EqualError(t, err, `x: missing required inputs: ID, Name; Short "far too long" is over 4 characters`)
	err = baseline.CheckArgs("x", ruledArgs{named: named{Name: "n"}, ID: pulumi.String("i"), Short: "ok"})
	assert.NoError(t, err)
}

type named struct {
	Name string `arg:"required"`
}

// ruledArgs have a value rule beside their tags.
type ruledArgs struct {
	named
	ID    pulumi.StringInput `arg:"required"`
	Short string             `arg:"optional"`
}

func (a ruledArgs) Problems() []string {
	if len(a.Short) > 4 {
		return []string{fmt.Sprintf("Short %q is over 4 characters", a.Short)}
	}
	return nil
}

// argPackages are the packages whose Args CheckArgs judges: the layers and
// the baseline's helpers.
var argPackages = []string{"../core", "../apps", "../apps/edge", "../analytics", "../auth", "../internal/baseline"}

// TestArgsDeclareRequiredOrOptional: every input of every Args struct, and
// of every view with a tagged field (CheckArgs checks those field by field),
// says whether it is required. The list is read from the code, so a new Args
// type cannot be left out; an embedded struct is checked as itself, as
// CheckArgs does.
func TestArgsDeclareRequiredOrOptional(t *testing.T) {
	type field struct {
		name, tag string
		embedded  bool
	}
	structs := map[string][]field{} // "pkg.Type" → fields
	fset := token.NewFileSet()
	for _, dir := range argPackages {
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		require.NoError(t, err)
		for pkgName, pkg := range pkgs {
			for _, file := range pkg.Files {
				ast.Inspect(file, func(n ast.Node) bool {
					spec, ok := n.(*ast.TypeSpec)
					if !ok {
						return true
					}
					st, ok := spec.Type.(*ast.StructType)
					if !ok {
						return true
					}
					key := pkgName + "." + spec.Name.Name
					for _, f := range st.Fields.List {
						tag := ""
						if f.Tag != nil {
							raw, _ := strconv.Unquote(f.Tag.Value)
							tag = reflect.StructTag(raw).Get("arg")
						}
						if len(f.Names) == 0 {
							structs[key] = append(structs[key], field{types.ExprString(f.Type), tag, true})
						}
						for _, name := range f.Names {
							structs[key] = append(structs[key], field{name.Name, tag, false})
						}
					}
					return true
				})
			}
		}
	}
	isArgs := map[string]bool{}
	for key, fields := range structs {
		tagged := slices.ContainsFunc(fields, func(f field) bool { return f.tag != "" })
		isArgs[key] = strings.HasSuffix(key, "Args") || tagged
	}
	for key, args := range isArgs {
		if !args {
			continue
		}
		for _, f := range structs[key] {
			if f.embedded && f.tag == "" {
				continue // promoted fields: the embedded struct is checked itself
			}
			assert.Contains(t, []string{"required", "optional"}, f.tag, "%s.%s", key, f.name)
		}
	}
	// The parse found what it must: a layer's Args, a view, a helper's Args
	// and an element struct of a map.
	for _, key := range []string{"core.Args", "apps.Backend", "baseline.ActionGroupArgs", "baseline.Access"} {
		assert.True(t, isArgs[key], "%s not found among the Args types", key)
	}
}

// TestBlockDiagnostics: one setting named to-log-analytics, on the resource,
// to the workspace, with exactly the signals given.
func TestBlockDiagnostics(t *testing.T) {
	res := runOK(t, func(ctx *pulumi.Context) error {
		return errOf(baseline.Diagnostics(ctx, "thing-diag", baseline.DiagnosticsArgs{
			ResourceID: pulumi.String(fakeVault), Workspace: pulumi.String(fakeWorkspace), Signals: baseline.SQLAudit,
		}))
	})
	hasInputs(t, one(t, res, inventory.DiagnosticSetting, "thing-diag"), map[string]any{"name": "to-log-analytics", "resourceUri": fakeVault,
		"workspaceId": fakeWorkspace, "logs": []any{map[string]any{"category": "SQLSecurityAuditEvents", "enabled": true}}, "metrics": nil})

	_, err := runBlock(t, func(ctx *pulumi.Context) error {
		return errOf(baseline.Diagnostics(ctx, "thing-diag", baseline.DiagnosticsArgs{ResourceID: pulumi.String(fakeVault), Signals: baseline.SQLAudit}))
	})
	assert.ErrorContains(t, err, "thing-diag: missing required inputs: Workspace")
}

// TestBlockRoleAssignments: one assignment per access, named <name>-<key>,
// with a GUID derived from scope, principal and role (the role's id and the
// principal type are Microsoft's: TestContractBuiltInRoleIDs); an access
// without a scope is refused before anything is registered.
func TestBlockRoleAssignments(t *testing.T) {
	const principal = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	res, err := runBlock(t, func(ctx *pulumi.Context) error {
		return errOf(blockOptions.RoleAssignments(ctx, "app", baseline.RoleAssignmentsArgs{
			PrincipalID: pulumi.String(principal), Holder: "portal",
			Access: map[string]baseline.Access{
				"kv":    {Scope: pulumi.String(fakeVault), Role: baseline.KeyVaultSecretsUser},
				"queue": {Scope: pulumi.String(fakeQueueID("q")), Role: baseline.StorageQueueDataMessageSender, Description: "sends to q"},
			},
		}))
	})
	require.NoError(t, err)
	hasInputs(t, one(t, res, inventory.RoleAssignment, "app-kv"), map[string]any{
		"scope": fakeVault, "principalId": principal, "description": "portal kv",
		"roleAssignmentName": baseline.AssignmentName(fakeVault, principal, baseline.KeyVaultSecretsUser),
	})
	assert.Equal(t, "sends to q", one(t, res, inventory.RoleAssignment, "app-queue").Input("description"))

	res, err = runBlock(t, func(ctx *pulumi.Context) error {
		return errOf(blockOptions.RoleAssignments(ctx, "app", baseline.RoleAssignmentsArgs{
			PrincipalID: pulumi.String(principal), Holder: "portal",
			Access: map[string]baseline.Access{
				"kv":   {Scope: pulumi.String(fakeVault), Role: baseline.KeyVaultSecretsUser},
				"blob": {Role: baseline.StorageBlobDataReader},
				// What core's map[string]StringOutput yields for a key it lacks.
				"queue": {Scope: map[string]pulumi.StringOutput{}["missing"], Role: baseline.StorageQueueDataMessageSender},
			},
		}))
	})
	assert.ErrorContains(t, err, "app: missing required inputs: Access[blob].Scope, Access[queue].Scope")
	assert.Empty(t, res.Resources, "no assignment is made when one has no scope")
}

// TestBlockStorageAccount: the account to the baseline, protected, with its
// blob safety nets and the diagnostics of the account and of each service
// (shared keys, public blobs, TLS, HTTPS, soft delete and versioning are
// the storage-hardened rule's, on every account of every stack).
func TestBlockStorageAccount(t *testing.T) {
	for _, private := range []bool{false, true} {
		res, err := runBlock(t, func(ctx *pulumi.Context) error {
			return errOf(blockOptions.StorageAccount(ctx, "st", baseline.StorageAccountArgs{
				ResourceGroupName: pulumi.String(fakeRGName), AccountName: "stblock", SKU: "Standard_ZRS",
				Private: private, BlobSoftDeleteDays: 7, ContainerSoftDeleteDays: 3,
				Workspace: pulumi.String(fakeWorkspace), Services: []string{"blob", "queue"},
			}))
		})
		require.NoError(t, err)
		account := one(t, res, inventory.StorageAccount, "st")
		assert.True(t, account.Protect)
		hasInputs(t, account, map[string]any{"allowCrossTenantReplication": false, "defaultToOAuthAuthentication": true, "sku.name": "Standard_ZRS",
			"publicNetworkAccess": map[bool]any{false: "Enabled", true: "Disabled"}[private]})
		if private {
			assert.Equal(t, "Deny", account.Input("networkRuleSet.defaultAction"))
		}
		hasInputs(t, one(t, res, inventory.BlobServiceProperties, "st-blob"), map[string]any{"deleteRetentionPolicy.days": 7.0, "containerDeleteRetentionPolicy.days": 3.0})

		id := account.ID
		diags := map[string]string{}
		for _, d := range res.ByType(inventory.DiagnosticSetting) {
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

// TestBlockSQLServer: the group as admin, ignored after creation, auditing
// to the workspace through master, and the public endpoint and the
// Azure-services firewall rule only on a public server (Entra-only and TLS
// 1.2: the sql-entra-only rule; the admin's enums: TestContractSQL).
func TestBlockSQLServer(t *testing.T) {
	for _, public := range []bool{true, false} {
		res, err := runBlock(t, func(ctx *pulumi.Context) error {
			return errOf(blockOptions.SQLServer(ctx, "sql", baseline.SQLServerArgs{
				ResourceGroupName: pulumi.String(fakeRGName), ServerName: "sql-block",
				Admin: fakeSQLAdmin(), Workspace: pulumi.String(fakeWorkspace), PublicNetworkAccess: public,
			}))
		})
		require.NoError(t, err)
		server := one(t, res, inventory.SQLServer, "sql")
		assert.True(t, server.Protect)
		assert.Equal(t, []string{"administrators"}, server.IgnoreChanges)
		hasInputs(t, server, map[string]any{"administrators.login": fakeAdminName, "administrators.sid": fakeAdminObjectID,
			"publicNetworkAccess": map[bool]any{false: "Disabled", true: "Enabled"}[public]})
		audit := one(t, res, inventory.DiagnosticSetting, "sql-audit-diag")
		assert.Equal(t, server.ID+"/databases/master", audit.Input("resourceUri"))
		assert.Len(t, res.ByType(inventory.FirewallRule), map[bool]int{true: 1, false: 0}[public])
	}
}

// TestBlockPrivateEndpoint: the endpoint in the network's endpoint subnet,
// resolved in the zone of its group; a group without a zone is refused.
func TestBlockPrivateEndpoint(t *testing.T) {
	network := fakeFoundation(stackConfig(t, "prod", nil)).Network
	require.NotNil(t, network)
	res, err := runBlock(t, func(ctx *pulumi.Context) error {
		return errOf(blockOptions.PrivateEndpoint(ctx, "kv-pep", baseline.PrivateEndpointArgs{
			Network: network, EndpointName: "pep-kv", TargetID: pulumi.String(fakeVault), GroupID: "vault",
		}))
	})
	require.NoError(t, err)
	pe := one(t, res, inventory.PrivateEndpoint, "kv-pep")
	assert.Equal(t, fakeEndpointSubnet, pe.Input("subnet.id"))
	// azure-native's PrivateEndpoint input the zone group fills in after
	// the endpoint's read-back: a refresh must not turn it into drift.
	assert.Equal(t, []string{"customDnsConfigs"}, pe.IgnoreChanges)
	connection := pe.Input("privateLinkServiceConnections").([]any)[0].(map[string]any)
	assert.Equal(t, fakeVault, connection["privateLinkServiceId"])
	assert.Equal(t, []any{"vault"}, connection["groupIds"])
	zone := one(t, res, inventory.PrivateDnsZoneGroup, "kv-pep").Input("privateDnsZoneConfigs").([]any)[0].(map[string]any)
	assert.Equal(t, fakeZoneID("vault"), zone["privateDnsZoneId"])

	_, err = runBlock(t, func(ctx *pulumi.Context) error {
		return errOf(blockOptions.PrivateEndpoint(ctx, "x-pep", baseline.PrivateEndpointArgs{
			Network: network, EndpointName: "pep-x", TargetID: pulumi.String(fakeVault), GroupID: "dfs",
		}))
	})
	assert.ErrorContains(t, err, `x-pep: the network has no private DNS zone for "dfs"`)
}

// TestStackOutputsPinned: the stack outputs users script against, by name;
// each layer declares its own once.
func TestStackOutputsPinned(t *testing.T) {
	// Both stacks have the same names: without Front Door (dev may turn it
	// off) the public URLs are App Service's and the Front Door ones empty.
	want := []string{
		"actionGroupId", "appInsightsConnectionString", "appServicePlanId", "backofficeAppRoleIds", "backofficeAppServiceUrl", "backofficeClientId",
		"backofficeFrontDoorHost", "backofficeIssuer", "backofficePrincipalId", "backofficeStandbyAppServiceUrl", "backofficeUrl", "blobEndpoint", "customerClientId",
		"customerIssuer", "customerTenantId", "dataFactoryName", "dataFactoryPrincipalId", "etlPipelineName",
		"frontDoorId", "frontDoorProfileId",
		"keyVaultUri", "logAnalyticsWorkspaceId", "portalAppServiceUrl", "portalFrontDoorHost", "portalPrincipalId", "portalStandbyAppServiceUrl", "portalUrl", "queueEndpoint", "queues",
		"resourceGroupName", "sqlAdminGroupId", "sqlAdminGroupName", "sqlDatabase", "sqlGrantScript",
		"sqlHost", "sqlReadOnlyHost", "sqlServerFqdn", "stagingAccountName", "standbyResourceGroupName", "standbyWorkerName", "storageAccountName", "tenantId",
		"wafPolicyId", "warehouseDatabase", "warehouseEndpoint", "warehouseServerFqdn", "workerName", "workerPrincipalId",
	}
	names := func(res *inventory.Result) []string { return slices.Sorted(maps.Keys(res.Outputs)) }
	noEdge := runStack(t, "dev", map[string]string{"frontDoor": "false"})
	assert.Equal(t, want, names(noEdge), "dev without Front Door")
	assert.Equal(t, noEdge.Outputs["portalAppServiceUrl"].Value, noEdge.Outputs["portalUrl"].Value)
	assert.Equal(t, noEdge.Outputs["backofficeAppServiceUrl"].Value, noEdge.Outputs["backofficeUrl"].Value)
	for _, name := range []string{"frontDoorId", "frontDoorProfileId", "wafPolicyId", "portalFrontDoorHost", "backofficeFrontDoorHost"} {
		assert.Equal(t, "", noEdge.Outputs[name].Value, name)
	}
	for _, stack := range stacks { // which stay secret: TestStackOutputsComeFromResources
		assert.Equal(t, want, names(stackPlan(t, stack)), stack)
	}
}

// TestBlockSiteAdapters: the web app, slot and Function App adapters copy
// the one neutral site value field for field: the same leaves, with the same
// values, but for the fields only one type has (ARR affinity on web apps and
// slots; the site-config connection string and isolated worker on Function
// Apps). Sign-in is the same for an app and its slot.
func TestBlockSiteAdapters(t *testing.T) {
	site := baseline.Site{
		AppSettings: pulumi.StringMap{"K": pulumi.String("v")}, Tags: pulumi.StringMap{"env": pulumi.String("t")},
		PublicNetworkAccess: true, SubnetID: pulumi.String("snet"), RouteAllThroughVNet: true,
		DotnetVersion: "8.0", IsolatedWorker: pulumi.Bool(true), ClientAffinity: pulumi.Bool(false),
		HealthCheckPath: pulumi.String("/healthz"), HealthCheckEvictionMinutes: pulumi.Int(5),
		AppInsightsConnectionString:    pulumi.String("InstrumentationKey=k"),
		AccessRestrictionDefaultAction: pulumi.String("Deny"),
		AccessRestrictions: []baseline.AccessRestriction{{Name: "FrontDoor", Priority: 100, Action: "Allow",
			ServiceTag: "AzureFrontDoor.Backend", FrontDoorIDs: pulumi.StringArray{pulumi.String("fdid")}}},
	}
	web, slot, fn := leaves(site.LinuxWebApp()), leaves(site.LinuxWebAppSlot()), leaves(site.LinuxFunctionApp())
	assert.Equal(t, web, slot)
	webOnly := []string{"ClientAffinityEnabled"}
	fnOnly := []string{"SiteConfig.ApplicationInsightsConnectionString", "SiteConfig.ApplicationStack.UseDotnetIsolatedRuntime"}
	for _, k := range webOnly {
		assert.Contains(t, web, k)
		delete(web, k)
	}
	for _, k := range fnOnly {
		assert.Contains(t, fn, k)
		delete(fn, k)
	}
	assert.Equal(t, web, fn)
	// Every field of the neutral value reaches the sites, and the hardening
	// and identity are the adapters' own (their values: the web-hardened
	// rule, TestContractTelemetryWithIdentity, the promise table).
	assert.Equal(t, "snet", web["VirtualNetworkSubnetId"])
	assert.Equal(t, "fdid", web["SiteConfig.IpRestrictions[0].Headers.XAzureFdids[0]"])
	assert.Len(t, web, 24, "every shared field set")

	signIn := baseline.SiteSignIn{RequireAuthentication: true, UnauthenticatedAction: "RedirectToLoginPage",
		ClientID: pulumi.String("client"), Issuer: pulumi.String("https://login.microsoftonline.com/t/v2.0"),
		ForwardProxyConvention: pulumi.String("Standard"), ExcludedPaths: pulumi.ToStringArray([]string{"/healthz"})}
	assert.Equal(t, leaves(signIn.WebApp()), leaves(signIn.Slot()))
	assert.Equal(t, "client", leaves(signIn.WebApp())["ActiveDirectoryV2.ClientId"])
}

// leaves flattens a provider's Args struct into its set inputs, by field
// path ("SiteConfig.IpRestrictions[0].Name"), with their values.
func leaves(args any) map[string]string {
	out := map[string]string{}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(strings.TrimPrefix(path+"."+v.Type().Field(i).Name, "."), v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		default:
			out[path] = fmt.Sprint(v.Interface())
		}
	}
	walk("", reflect.ValueOf(args))
	return out
}
