package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// TestTeardownWithGroup: in a stack that protects nothing, every Azure
// resource in the resource group is DeletedWith the group, so `pulumi
// destroy` deletes the group in one call and skips the rest. Extension
// resources keep their own delete (role assignments, diagnostic settings,
// the budget), and so do Entra objects and providers, which are not in the
// group. A protected stack keeps every delete explicit.
func TestTeardownWithGroup(t *testing.T) {
	ownDelete := map[string]bool{
		"azure-native:authorization:RoleAssignment":                     true,
		"azure-native:insights:DiagnosticSetting":                       true,
		"azure-native:consumption:Budget":                               true,
		"azure-native:resources:ResourceGroup":                          true, // the group itself
		"azure-native:authorization:ManagementLockAtResourceGroupLevel": true,
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			rg := one(t, res, inventory.ResourceGroup, "core-rg")
			protected := stackConfig(t, stack, nil).ProtectData
			grouped := 0
			for _, r := range res.Resources {
				want := ""
				if !protected && r.Custom && !ownDelete[r.Type] &&
					(strings.HasPrefix(r.Type, "azure-native:") || strings.HasPrefix(r.Type, "azure:")) {
					want = rg.URN
					grouped++
				}
				assert.Equal(t, want, r.DeletedWith, "%s (%s)", r.Name, r.Type)
			}
			if !protected {
				// Most of the stack goes with the group: the web apps, the
				// data, the factory's entities, the alerts.
				assert.Greater(t, grouped, len(res.Resources)/2)
				for _, name := range []string{"core-st", "core-sql", "apps-portal", "analytics-adf", "analytics-adf-pipeline"} {
					found := false
					for _, r := range res.Resources {
						found = found || (r.Name == name && r.DeletedWith == rg.URN)
					}
					assert.True(t, found, "%s goes with the group", name)
				}
			}
		})
	}
}
