package config

import "testing"

// TestIsExampleObjectID: only the stack files' 00000000-0000-0000-0000-…
// form counts as an example; a real (random) id, or one that merely starts
// with zeros, does not.
func TestIsExampleObjectID(t *testing.T) {
	for id, want := range map[string]bool{
		"00000000-0000-0000-0000-00000000a001": true,
		"00000000-0000-0000-0000-000000000000": true,
		"00000000-0000-0000-0001-00000000a001": false,
		"00000000-0000-0000-0000-00000000a00":  false,
		"3f2a9c41-8d7e-4b6a-9f10-2c5e7d8a1b24": false,
		"":                                     false,
	} {
		if got := IsExampleObjectID(id); got != want {
			t.Errorf("IsExampleObjectID(%q) = %v, want %v", id, got, want)
		}
	}
}

// TestCheckDeployableNamesEveryKey: every key that can hold an example id
// is reported, all at once; a config without examples passes.
func TestCheckDeployableNamesEveryKey(t *testing.T) {
	example := "00000000-0000-0000-0000-00000000c001"
	real := "3f2a9c41-8d7e-4b6a-9f10-2c5e7d8a1b24"
	c := &Config{Stack: "dev"}
	c.SQL.AdminGroupMembers = []string{real, example}
	c.Auth.CustomerTenantID = example
	c.Auth.BackofficeRoleGroups = map[string][]string{
		RoleAdmin: {example}, RoleCatalogManager: {real}, RoleOrderManager: {example},
	}
	err := c.CheckDeployable()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("want *Error, got %v", err)
	}
	got := map[string]bool{}
	for _, p := range e.Problems {
		got[p.Key] = true
	}
	for _, key := range []string{"ecommerce:sqlAdminGroupMembers", "ecommerce:customerTenantId", "ecommerce:backofficeAdminGroups", "ecommerce:backofficeOrderManagerGroups"} {
		if !got[key] {
			t.Errorf("%s not reported: %v", key, err)
		}
	}
	if got["ecommerce:backofficeCatalogManagerGroups"] || len(e.Problems) != 4 {
		t.Errorf("only the examples are reported: %v", err)
	}

	c.SQL.AdminGroupMembers = []string{real}
	c.Auth.CustomerTenantID = ""
	c.Auth.BackofficeRoleGroups = map[string][]string{RoleAdmin: {real}}
	if err := c.CheckDeployable(); err != nil {
		t.Errorf("real ids must deploy: %v", err)
	}
}
