package tests

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// TestHooksBound: the resource hooks a real `up` runs, on the resources
// they follow (internal/hooks owns what they do): every new warehouse pool
// is paused, every Data Factory managed private endpoint approved on its
// target, and with an e-mail key the worker re-reads it after it changes.
// The mock engine runs none; the plan lists them.
func TestHooksBound(t *testing.T) {
	skipWholeStack(t)
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			want := map[string]map[string][]string{
				// After the pool's TDE, its one child that needs it online.
				"analytics-sqldw-tde": {"after_create": {"pause-new-sql-pool"}},
			}
			for _, mpe := range res.ByType(inventory.ManagedPrivateEndpoint) {
				want[mpe.Name] = map[string][]string{"after_create": {"approve-data-factory-endpoints"}}
			}
			got := map[string]map[string][]string{}
			for _, r := range res.Resources {
				if r.Hooks != nil {
					got[r.Name] = r.Hooks
				}
			}
			assert.Equal(t, want, got)

			var text bytes.Buffer
			require.NoError(t, plan.WriteText(&text, res, policy.Report{}))
			assert.Contains(t, text.String(), "\nHooks (run by `pulumi up`, not by this plan)\n  analytics-")
			assert.Contains(t, text.String(), "\n  analytics-sqldw-tde  after create: pause-new-sql-pool\n")
		})
	}
	// (Which endpoints prod's factory has: TestContractPrivateDNS.)

	opts := stackOptions(t, "dev", map[string]string{"emailApiKey": "key-from-the-provider"})
	opts.SecretKeys = append(opts.SecretKeys, "ecommerce:emailApiKey")
	keyed, err := mockcloud.Run(opts, wholeProgram(t))
	require.NoError(t, err)
	secret := one(t, keyed, "azure-native:keyvault:Secret", "core-kv-email-api-key")
	assert.Equal(t, map[string][]string{"after_update": {"refresh-worker-key-vault-references"}}, secret.Hooks)
}
