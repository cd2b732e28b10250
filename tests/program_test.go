package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/platform"
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
	res, err := mockcloud.Run(opts, platform.Run)
	require.Error(t, err)
	for _, key := range []string{"ecommerce:storageSku", "ecommerce:sqlBackupRedundancy", "ecommerce:workerPlanSku", "ecommerce:location"} {
		assert.Contains(t, err.Error(), key)
	}
	assert.Empty(t, res.Resources, "nothing may be registered when config is invalid")
}

// TestNamesStableAcrossRuns: two runs of a stack name every resource the
// same, physically and logically, so nothing is ever replaced by a re-run.
func TestNamesStableAcrossRuns(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			first, second := runStack(t, stack, nil), runStack(t, stack, nil)
			require.Equal(t, len(first.Resources), len(second.Resources))
			for i, r := range first.Resources {
				s := second.Resources[i]
				assert.Equal(t, r.URN, s.URN)
				assert.Equal(t, r.ID, s.ID, "physical name/id of %s", r.URN)
				for _, key := range []string{"roleAssignmentName", "accountName", "vaultName", "serverName", "name", "appRoleId"} {
					assert.Equal(t, r.Input(key), s.Input(key), "%s of %s", key, r.URN)
				}
			}
		})
	}
}

// TestStacksDifferByConfigOnly: the same code yields different deployments
// where the stack files differ, and prod adds its protection layers.
func TestStacksDifferByConfigOnly(t *testing.T) {
	dev, prod := stackPlan(t, "dev"), stackPlan(t, "prod")
	assert.Greater(t, len(prod.Resources), len(dev.Resources))
	assert.Equal(t, "rg-ecommerce-dev-sdc", dev.Outputs["resourceGroupName"].Value)
	assert.Equal(t, "rg-ecommerce-prod-weu", prod.Outputs["resourceGroupName"].Value)
	assert.NotEqual(t, dev.Outputs["storageAccountName"].Value, prod.Outputs["storageAccountName"].Value)
	for _, typ := range []string{tLock, tVNet, tEndpoint, tSQLLTR} {
		assert.Empty(t, dev.ByType(typ), typ)
		assert.NotEmpty(t, prod.ByType(typ), typ)
	}
}

// TestStackOutputsComeFromResources: every core stack output is the value
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
			server := one(t, res, tSQLServer, "core-sql")
			account := one(t, res, tStorageAccount, "core-st")
			assert.Equal(t, server.Output("fullyQualifiedDomainName"), out("sqlServerFqdn"))
			assert.Equal(t, one(t, res, tSQLDatabase, "core-sqldb").Output("name"), out("sqlDatabase"))
			assert.Equal(t, account.Output("primaryEndpoints.blob"), out("blobEndpoint"))
			assert.Equal(t, account.Output("primaryEndpoints.queue"), out("queueEndpoint"))
			assert.Equal(t, one(t, res, tVault, "core-kv").Output("properties.vaultUri"), out("keyVaultUri"))
			assert.Equal(t, one(t, res, tFunctionApp, "core-worker").Output("identity.principalId"), out("workerPrincipalId"))
			assert.Equal(t, []any{"order-confirmations", "inventory-updates", "notifications"}, toAny(out("queues")))
			assert.True(t, res.Outputs["appInsightsConnectionString"].Secret)
			assert.False(t, res.Outputs["sqlServerFqdn"].Secret)

			// Core's SQL server is administered by the auth layer's group.
			group := one(t, res, "azuread:index/group:Group", "auth-sql-admins")
			assert.Equal(t, group.Output("objectId"), server.Input("administrators.sid"))
			assert.Equal(t, group.Input("displayName"), server.Input("administrators.login"))
			assert.Equal(t, true, group.Input("securityEnabled"))
			assert.Equal(t, out("sqlAdminGroupId"), group.Output("objectId"))
		})
	}
}

// TestGrantScript: the T-SQL the SQL admins run gives every identity its
// database user, by object id, idempotently.
func TestGrantScript(t *testing.T) {
	res := stackPlan(t, "dev")
	script, ok := res.Outputs["sqlGrantScript"].Value.(string)
	require.True(t, ok)
	fn := one(t, res, tFunctionApp, "core-worker")
	name, principal := fn.Input("name").(string), fn.Output("identity.principalId").(string)
	assert.Contains(t, script, "-- Server: "+res.Outputs["sqlServerFqdn"].Value.(string)+"  Database: shop")
	assert.Contains(t, script, "IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'"+name+"')")
	assert.Contains(t, script, "CREATE USER ["+name+"] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'"+principal+"';")
	assert.Contains(t, script, "ALTER ROLE [db_datawriter] ADD MEMBER ["+name+"];")
	assert.False(t, strings.Contains(script, "PASSWORD"), "no passwords in the grant script")
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
