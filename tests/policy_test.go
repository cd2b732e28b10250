package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// TestStacksMeetPolicyBaseline: both committed stacks pass every rule.
func TestStacksMeetPolicyBaseline(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			report := policy.Check(stackPlan(t, stack), isProd(t, stack))
			assert.Empty(t, report.Violations)
			assert.Equal(t, len(stackPlan(t, stack).Resources)-countComponents(stackPlan(t, stack)), report.Checked)
		})
	}
	assert.Contains(t, policy.Check(stackPlan(t, "prod"), true).Rules, policy.RuleProdProtected)
	assert.NotContains(t, policy.Check(stackPlan(t, "dev"), false).Rules, policy.RuleProdProtected)
}

// TestPolicyCatchesViolations: each rule fires on the resource that breaks it.
func TestPolicyCatchesViolations(t *testing.T) {
	res := tamper(stackPlan(t, "dev"), map[string]func(resource.PropertyMap){
		"core-st": func(in resource.PropertyMap) {
			in["allowBlobPublicAccess"] = resource.NewProperty(true)
		},
		"core-sql": func(in resource.PropertyMap) {
			in["administratorLoginPassword"] = resource.NewProperty("hunter2")
		},
		"core-worker": func(in resource.PropertyMap) {
			in["httpsOnly"] = resource.NewProperty(false)
			in["appSettings"] = resource.NewProperty(resource.PropertyMap{
				"STORAGE": resource.NewProperty("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc=="),
			})
		},
		"core-kv-diag": func(in resource.PropertyMap) {
			in["resourceUri"] = resource.NewProperty("/somewhere/else")
		},
		"core-worker-queue-notifications": func(in resource.PropertyMap) {
			in["scope"] = resource.NewProperty("/subscriptions/" + mockcloud.SubscriptionID + "/resourceGroups/rg")
		},
	})
	report := policy.Check(res, false)
	byRule := map[string][]string{}
	for _, v := range report.Violations {
		byRule[v.Rule] = append(byRule[v.Rule], v.URN+": "+v.Message)
	}
	expect := map[string]string{
		policy.RuleStorageHardened: "allowBlobPublicAccess is true, want false",
		policy.RuleSQLEntraOnly:    "has a SQL admin password",
		policy.RuleWebHardened:     "httpsOnly is false, want true",
		policy.RuleDiagnostics:     "keyvault:Vault::core-kv: sends no diagnostics",
		policy.RuleRoleAssignments: "is a whole subscription or resource group",
		policy.RuleNoPlainSecrets:  "appSettings.STORAGE holds a credential in plain text",
	}
	for rule, want := range expect {
		assert.Truef(t, strings.Contains(strings.Join(byRule[rule], "\n"), want), "rule %s: got %v, want %q", rule, byRule[rule], want)
	}
	// The SQL password input is also a plaintext secret.
	assert.Contains(t, strings.Join(byRule[policy.RuleNoPlainSecrets], "\n"), "administratorLoginPassword")
}

// TestPolicyProdRules: dev's deployment checked as prod breaks the prod rules.
func TestPolicyProdRules(t *testing.T) {
	report := policy.Check(stackPlan(t, "dev"), true)
	rules := map[string]bool{}
	for _, v := range report.Violations {
		rules[v.Rule] = true
	}
	for _, rule := range []string{policy.RuleProdProtected, policy.RuleProdResourceLock, policy.RuleProdPrivate, policy.RuleKeyVaultSafe} {
		assert.Truef(t, rules[rule], "dev as prod must break %s", rule)
	}
}

// TestPlanFailsOnPolicyViolation: the plan's exit status says so.
func TestPlanFailsOnPolicyViolation(t *testing.T) {
	res := tamper(stackPlan(t, "dev"), map[string]func(resource.PropertyMap){
		"core-st": func(in resource.PropertyMap) { in["minimumTlsVersion"] = resource.NewProperty("TLS1_0") },
	})
	report := policy.Check(res, false)
	require.False(t, report.Passed())
	var b strings.Builder
	require.NoError(t, plan.WriteText(&b, res, report))
	assert.Contains(t, b.String(), "1 violation(s)")
}

// tamper returns a copy of r whose resources named in edits have their inputs changed.
func tamper(r *mockcloud.Result, edits map[string]func(resource.PropertyMap)) *mockcloud.Result {
	out := *r
	out.Resources = nil
	for _, res := range r.Resources {
		if edit, ok := edits[res.Name]; ok {
			res.Inputs = res.Inputs.Copy()
			edit(res.Inputs)
		}
		out.Resources = append(out.Resources, res)
	}
	return &out
}

func countComponents(r *mockcloud.Result) int {
	n := 0
	for _, res := range r.Resources {
		if !res.Custom {
			n++
		}
	}
	return n
}

// TestPolicyADFEntitiesAsWritten: the regression cannot come back. A
// pipeline registered through the classic provider again fails, and so does
// a generic entity carrying the classic workaround's nulls.
func TestPolicyADFEntitiesAsWritten(t *testing.T) {
	plan := stackPlan(t, "dev")
	res := &mockcloud.Result{Project: plan.Project, Stack: plan.Stack, Outputs: plan.Outputs}
	for _, r := range plan.Resources {
		switch r.Name {
		case "analytics-adf-pipeline":
			r.Type = "azure:datafactory/pipeline:Pipeline"
		case "analytics-adf-ls-shop":
			r.Inputs = r.Inputs.Copy()
			r.Inputs["properties"] = resource.NewPropertyValue(map[string]any{"type": "AzureSqlDatabase", "typeProperties": map[string]any{"password": nil}})
		}
		res.Resources = append(res.Resources, r)
	}
	var got []string
	for _, v := range policy.Check(res, false).Violations {
		if v.Rule == policy.RuleADFAsWritten {
			got = append(got, v.URN[strings.LastIndex(v.URN, "::")+2:]+": "+v.Message)
		}
	}
	assert.Equal(t, []string{
		"analytics-adf-pipeline: azure:datafactory/pipeline:Pipeline rewrites its Data Factory JSON through azurerm's model: register the entity as azure-native:resources:Resource with its REST body as properties",
		"analytics-adf-ls-shop: properties.typeProperties.password is null: leave the field out",
	}, got)
}
