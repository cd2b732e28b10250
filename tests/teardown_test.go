package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// TestTeardownWithGroup: in a stack that protects nothing, every Azure
// resource in the resource group is deleted with the group, so `pulumi
// destroy` deletes the group in one call and skips the rest. What sits on
// the group itself (its budget, its lock) keeps its own delete, as do Entra
// objects and providers, which are not in the group. A protected stack
// keeps every delete explicit. The engine gives a child its parent's
// deletedWith when the child sets none (pulumi/pulumi, source_eval.go
// inheritFromParent): the test judges that effective value.
func TestTeardownWithGroup(t *testing.T) {
	ownDelete := map[string]bool{
		"azure-native:consumption:Budget":                               true,
		"azure-native:resources:ResourceGroup":                          true, // the group itself
		"azure-native:authorization:ManagementLockAtResourceGroupLevel": true,
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			rg := one(t, res, inventory.ResourceGroup, "core-rg")
			protected := stackConfig(t, stack, nil).ProtectData
			effective := func(r inventory.Resource) string {
				for r.DeletedWith == "" && r.Parent != "" {
					parent, ok := res.ByURN(r.Parent)
					if !ok {
						break
					}
					r = parent
				}
				return r.DeletedWith
			}
			grouped := 0
			for _, r := range res.Resources {
				want := ""
				if !protected && r.Custom && !ownDelete[r.Type] &&
					(strings.HasPrefix(r.Type, "azure-native:") || strings.HasPrefix(r.Type, "azure:")) {
					want = rg.URN
					grouped++
				}
				assert.Equal(t, want, effective(r), "%s (%s)", r.Name, r.Type)
			}
			if !protected {
				// Most of the stack goes with the group: the web apps, the
				// data, the factory's entities, the alerts.
				assert.Greater(t, grouped, len(res.Resources)*3/4)
				for _, name := range []string{"core-st", "core-sql", "apps-portal", "analytics-adf", "analytics-adf-pipeline", "apps-portal-kv", "core-st-diag"} {
					goes := func(r inventory.Resource) bool { return r.DeletedWith == rg.URN }
					assert.True(t, slices.ContainsFunc(withName(res, "", name), goes), "%s goes with the group", name)
				}
			}
		})
	}
}
