package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
)

// TestInvalidConfigRegistersNothing: bad config stops the program before
// the first resource, and the error names every bad key.
func TestInvalidConfigRegistersNothing(t *testing.T) {
	opts := stackOptions(t, "prod", map[string]string{
		"storageSku":          "Standard_LRS",
		"sqlBackupRedundancy": "Local",
		"workerPlanSku":       "EP1",
		"location":            unset,
	})
	res, err := mockcloud.Run(opts, wholeProgram(t))
	require.Error(t, err)
	for _, key := range []string{"ecommerce:storageSku", "ecommerce:sqlBackupRedundancy", "ecommerce:workerPlanSku", "ecommerce:location"} {
		assert.Contains(t, err.Error(), key)
	}
	assert.Empty(t, res.Resources, "nothing may be registered when config is invalid")
}

// TestNamesStableAcrossRuns: two runs of a stack name every resource the
// same, physically and logically, so nothing is ever replaced by a re-run.
func TestNamesStableAcrossRuns(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			first, second := stackPlan(t, stack), runStackAgain(t, stack, nil)
			require.Equal(t, len(first.Resources), len(second.Resources))
			for i, r := range first.Resources {
				s := second.Resources[i]
				assert.Equal(t, r.URN, s.URN)
				assert.Equal(t, r.ID, s.ID, "physical name/id of %s", r.URN)
				assert.Equal(t, r.Outputs, s.Outputs, "outputs of %s (Front Door's frontDoorId among them)", r.URN)
				for _, key := range []string{"roleAssignmentName", "accountName", "vaultName", "serverName", "name", "appRoleId"} {
					assert.Equal(t, r.Input(key), s.Input(key), "%s of %s", key, r.URN)
				}
			}
		})
	}
}

// TestStackOutputsComeFromResources: every core and analytics stack output is the value
// of the resource it names, and secrets stay secret.
func TestStackOutputsComeFromResources(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			out := func(name string) any {
				o, ok := res.Outputs[name]
				require.Truef(t, ok, "output %s", name)
				return o.Value
			}
			server := one(t, res, inventory.SQLServer, "core-sql")
			account := one(t, res, inventory.StorageAccount, "core-st")
			assert.Equal(t, server.Output("fullyQualifiedDomainName"), out("sqlServerFqdn"))
			assert.Equal(t, one(t, res, inventory.SQLDatabase, "core-sqldb").Output("name"), out("sqlDatabase"))
			assert.Equal(t, account.Output("primaryEndpoints.blob"), out("blobEndpoint"))
			assert.Equal(t, account.Output("primaryEndpoints.queue"), out("queueEndpoint"))
			assert.Equal(t, one(t, res, inventory.KeyVault, "core-kv").Output("properties.vaultUri"), out("keyVaultUri"))
			assert.Equal(t, one(t, res, inventory.LinuxFunctionApp, "core-worker").Output("identity.principalId"), out("workerPrincipalId"))
			assert.Equal(t, []any{"order-confirmations", "inventory-updates", "notifications"}, toAny(out("queues")))
			dw, pool := one(t, res, inventory.SQLServer, "analytics-sqldw"), one(t, res, inventory.SQLDatabase, "analytics-sqldw-pool")
			assert.Equal(t, fmt.Sprintf("%s/%s", dw.Output("fullyQualifiedDomainName"), pool.Output("name")), out("warehouseEndpoint"))
			assert.Equal(t, one(t, res, inventory.DataFactory, "analytics-adf").Output("name"), out("dataFactoryName"))
			assert.Equal(t, one(t, res, inventory.GenericResource, "analytics-adf-pipeline").Output("name"), out("etlPipelineName"))
			assert.True(t, res.Outputs["appInsightsConnectionString"].Secret)
			for _, name := range []string{"sqlServerFqdn", "warehouseEndpoint", "dataFactoryName", "etlPipelineName"} {
				assert.Falsef(t, res.Outputs[name].Secret, "%s is not a secret", name)
			}

			// Core's SQL server is administered by the auth layer's group.
			group := one(t, res, inventory.EntraGroup, "auth-sql-admins")
			hasInputs(t, server, map[string]any{"administrators.sid": group.Output("objectId"), "administrators.login": group.Input("displayName")})
			assert.Equal(t, true, group.Input("securityEnabled"))
			assert.Equal(t, out("sqlAdminGroupId"), group.Output("objectId"))
		})
	}
}

func toAny(v any) []any {
	switch s := v.(type) {
	case []any:
		return s
	case []string:
		out := make([]any, len(s))
		for i, e := range s {
			out[i] = e
		}
		return out
	}
	return nil
}

// TestDeployRefusesExampleObjectIDs: the committed stack files plan and
// preview with their example object ids, but `pulumi up` stops before the
// first resource, naming every key that still holds one and how to set it.
// Real ids deploy.
func TestDeployRefusesExampleObjectIDs(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			opts := stackOptions(t, stack, nil)
			opts.Deploy = true
			res, err := mockcloud.Run(opts, wholeProgram(t))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "configuration not ready to deploy for stack \""+stack+"\"")
			assert.Contains(t, err.Error(), "ecommerce:sqlAdminGroupMembers: item 0 (00000000-0000-0000-0000-00000000a001) is the stack file's example object id")
			assert.Contains(t, err.Error(), "pulumi config set --path 'ecommerce:sqlAdminGroupMembers[0]' <object id>")
			assert.Contains(t, err.Error(), "ecommerce:backofficeAdminGroups: item 0 (00000000-0000-0000-0000-00000000b001)")
			if stack == "prod" {
				assert.Contains(t, err.Error(), "ecommerce:sqlAdminGroupMembers: item 1 (00000000-0000-0000-0000-00000000a002)")
				assert.Contains(t, err.Error(), "ecommerce:backofficeCatalogManagerGroups: item 0")
				assert.Contains(t, err.Error(), "ecommerce:backofficeOrderManagerGroups: item 0")
			}
			assert.Empty(t, res.Resources, "nothing is registered")
			// The same ids preview and plan: stackPlan runs each stack file as written.

			real := map[string]string{
				"sqlAdminGroupMembers":           `["3f2a9c41-8d7e-4b6a-9f10-2c5e7d8a1b24","7b1d4e92-0c3f-4a8e-b5d6-9e2f1a3c4b57"]`,
				"backofficeAdminGroups":          `["c4e8a1f7-2b9d-4e63-8a05-6d1f3b7e9c20"]`,
				"backofficeCatalogManagerGroups": `[]`,
				"backofficeOrderManagerGroups":   `[]`,
			}
			opts = stackOptions(t, stack, real)
			opts.Deploy = true
			_, err = mockcloud.Run(opts, wholeProgram(t))
			require.NoError(t, err, "real object ids deploy")
		})
	}
}

// TestResourceProvidersRegisteredFirst: on a fresh subscription azure-native
// registers no resource provider, so the classic provider registers every
// namespace the stack's resources live in while it is configured, and the
// resource group (which every other Azure resource depends on) waits for it.
// The namespace of each type is Azure's
// (https://learn.microsoft.com/azure/azure-resource-manager/management/azure-services-resource-providers).
func TestResourceProvidersRegisteredFirst(t *testing.T) {
	namespaceOf := map[string]string{
		"azure-native:storage":             "Microsoft.Storage",
		"azure-native:sql":                 "Microsoft.Sql",
		"azure-native:keyvault":            "Microsoft.KeyVault",
		"azure-native:insights":            "microsoft.insights",
		"azure-native:operationalinsights": "Microsoft.OperationalInsights",
		"azure-native:network":             "Microsoft.Network",
		"azure-native:cdn":                 "Microsoft.Cdn",
		"azure-native:consumption":         "Microsoft.Consumption",
		"azure:appservice":                 "Microsoft.Web",
		"azure:datafactory":                "Microsoft.DataFactory",
		// Registered in every subscription.
		"azure-native:resources":     "",
		"azure-native:authorization": "",
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			classic := one(t, res, "pulumi:providers:azure", "azure-classic")
			assert.Equal(t, "none", classic.Input("resourceProviderRegistrations"), "registers ours only")
			assert.Equal(t, mockcloud.SubscriptionID, classic.Input("subscriptionId"), "azure-native's subscription")
			registered := toAny(classic.Input("resourceProvidersToRegisters"))
			ref := classic.URN + "::" + classic.ID
			for _, r := range res.Resources {
				if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") || strings.HasPrefix(r.Type, "azuread:") {
					continue
				}
				module := typeModule(r.Type)
				namespace, known := namespaceOf[module]
				if r.Type == inventory.GenericResource {
					// A generic ARM resource belongs to the namespace it names.
					namespace, known = r.Input("resourceProviderNamespace").(string)
				}
				require.Truef(t, known, "%s: which resource provider does module %s belong to?", r.Name, module)
				if namespace != "" {
					assert.Containsf(t, registered, namespace, "%s needs %s registered", r.Name, namespace)
				}
				if strings.HasPrefix(r.Type, "azure:") {
					assert.Equalf(t, ref, r.Provider, "%s goes through the registering classic provider", r.Name)
				}
			}
			rg := one(t, res, inventory.ResourceGroup, "core-rg")
			assert.Contains(t, rg.Dependencies, classic.URN, "the resource group waits for the registrations")
		})
	}
}

// typeModule is a resource type's package and module:
// azure-native:storage:StorageAccount -> azure-native:storage,
// azure:appservice/linuxWebApp:LinuxWebApp -> azure:appservice.
func typeModule(typ string) string {
	parts := strings.SplitN(typ, ":", 3)
	module, _, _ := strings.Cut(parts[1], "/")
	return parts[0] + ":" + module
}

// TestPhysicalNamesPinned: the Azure names of the stacks' main resources,
// written out. A name is part of a resource's identity in Azure: a change
// replaces the resource (and, for the stateful ones, loses or strands its
// data), so a refactor of naming or of a layer must leave these alone.
func TestPhysicalNamesPinned(t *testing.T) {
	inputs := map[string]string{
		"core-rg": "resourceGroupName", "core-log": "workspaceName", "core-appi": "resourceName", "core-kv": "vaultName", "core-st": "accountName",
		"core-sql": "serverName", "core-sqldb": "databaseName", "core-worker": "name", "core-worker-plan": "name",
		"apps-plan": "name", "apps-portal": "name", "apps-backoffice": "name", "analytics-sqldw": "serverName",
		"analytics-sqldw-pool": "databaseName", "analytics-st": "accountName", "analytics-adf": "name",
		// A renamed peering is a new peering: the old one is deleted first.
		"core-vnet-to-standby": "virtualNetworkPeeringName", "core-standby-vnet-to-primary": "virtualNetworkPeeringName",
		// The standby's: the partner's global name differs from the
		// primary's only by the region; the failover group's is the
		// listeners' hostname.
		"core-standby-rg": "resourceGroupName", "core-standby-sql": "serverName", "core-sqlfg": "failoverGroupName",
	}
	want := map[string]map[string]string{
		"dev": {
			"core-rg": "rg-ecommerce-dev-neu", "core-log": "log-ecommerce-dev-neu", "core-appi": "appi-ecommerce-dev-neu",
			"core-kv": "kv-ecommerce-dev-vvtz62", "core-st": "stecommercedevvvtz62",
			"core-sql": "sql-ecommerce-dev-neu-vvtz62", "core-sqldb": "shop",
			// No core-worker-plan: dev's worker shares the portals' plan,
			// which keeps its name in core.
			"core-worker": "func-worker-ecommerce-dev-neu-vvtz62",
			"apps-plan":   "asp-apps-ecommerce-dev-neu", "apps-portal": "app-portal-ecommerce-dev-neu-vvtz62",
			"apps-backoffice": "app-backoffice-ecommerce-dev-neu-vvtz62", "analytics-sqldw": "sql-dw-ecommerce-dev-neu-vvtz62",
			"analytics-sqldw-pool": "sqldw-sales-ecommerce-dev-neu", "analytics-st": "stetlecommercedevvvtz62",
			"analytics-adf": "adf-sales-ecommerce-dev-neu-vvtz62",
		},
		"prod": {
			"core-rg": "rg-ecommerce-prod-weu", "core-log": "log-ecommerce-prod-weu", "core-appi": "appi-ecommerce-prod-weu",
			"core-kv": "kv-ecommerce-prod-nbplvp", "core-st": "stecommerceprodnbplvp",
			"core-sql": "sql-ecommerce-prod-weu-nbplvp", "core-sqldb": "shop",
			"core-worker": "func-worker-ecommerce-prod-weu-nbplvp", "core-worker-plan": "asp-worker-ecommerce-prod-weu",
			"apps-plan": "asp-apps-ecommerce-prod-weu", "apps-portal": "app-portal-ecommerce-prod-weu-nbplvp",
			"apps-backoffice": "app-backoffice-ecommerce-prod-weu-nbplvp", "analytics-sqldw": "sql-dw-ecommerce-prod-weu-nbplvp",
			"analytics-sqldw-pool": "sqldw-sales-ecommerce-prod-weu", "analytics-st": "stetlecommerceprodnbplvp",
			"analytics-adf":        "adf-sales-ecommerce-prod-weu-nbplvp",
			"core-vnet-to-standby": "peer-standby-ecommerce-prod-weu", "core-standby-vnet-to-primary": "peer-primary-ecommerce-prod-neu",
			"core-standby-rg": "rg-ecommerce-prod-neu", "core-standby-sql": "sql-ecommerce-prod-neu-nbplvp", "core-sqlfg": "sqlfg-ecommerce-prod-nbplvp",
		},
	}
	for stack, want := range want { // the stacks these names are pinned for
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			for name, input := range inputs {
				if _, ok := want[name]; !ok {
					assert.Emptyf(t, res.Find(inventory.ServicePlan, name), "%s: %s", stack, name)
					continue
				}
				found := withName(res, "", name)
				require.Lenf(t, found, 1, "one resource named %s", name)
				assert.Equalf(t, want[name], found[0].Input(input), "%s %s", name, input)
			}
		})
	}
}
