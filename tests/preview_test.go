package tests

// `ecommerce policy --preview`: the policy baseline on the JSON of a real
// `pulumi preview --json --show-sames`. The fixtures are built in the shape
// pulumi/pulumi defines (pkg/backend/display/json.go, ShowPreviewDigest:
// {"steps": [PreviewStep], "changeSummary": {...}}, each step's newState an
// apitype.ResourceV3 serialized by pkg/resource/stack SerializeResource after
// display.MassageSecrets): a secret is the string "[secret]" and a value
// known only at `up` is 04da6b54-80e4-46f7-96ec-b56ff0331ba9
// (checkpoint.go, computedValuePlaceholder).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/plan"
)

const previewComputed = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

// previewStep is pkg/display's PreviewStep (sdk/go/auto copies it as
// auto.PreviewStep, whose package the program does not otherwise need).
type previewStep struct {
	Op       string              `json:"op"`
	URN      string              `json:"urn"`
	Provider string              `json:"provider,omitempty"`
	OldState *apitype.ResourceV3 `json:"oldState,omitempty"`
	NewState *apitype.ResourceV3 `json:"newState,omitempty"`
}

// TestPreviewInventory: a recorded-shape preview with a create whose
// inputs are partly unknown, a replacement (three steps), an update with a
// secret, a delete and unchanged resources becomes the plan inventory: each
// resource once, as `up` leaves it; the deleted one and the engine's own
// (stack, default provider) left out.
func TestPreviewInventory(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "preview", "steps.json"))
	require.NoError(t, err)
	defer f.Close()
	res, p, err := inventory.FromPreview(f)
	require.NoError(t, err)

	assert.Equal(t, "dev", res.Stack)
	assert.Equal(t, "ecommerce", res.Project)
	var names []string
	for _, r := range res.Resources {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"apps-portal", "core-sql", "core-st", "core"}, names, "sorted by URN")
	assert.Equal(t, []string{"urn:pulumi:dev::ecommerce::ecommerce:core:Core$azure-native:storage:Queue::core-st-q-legacy"}, p.Deleted)
	assert.Equal(t, map[string]int{"same": 3, "create": 1, "create-replacement": 1, "replace": 1, "delete-replaced": 1, "update": 1, "delete": 1}, p.Ops)

	rg := "urn:pulumi:dev::ecommerce::ecommerce:core:Core$azure-native:resources:ResourceGroup::core-rg"
	st := one(t, res, inventory.StorageAccount, "core-st")
	hasInputs(t, st, map[string]any{"resourceGroupName": inventory.Unknown, "minimumTlsVersion": "TLS1_2", "allowSharedKeyAccess": false})
	assert.Equal(t, inventory.Unknown, st.ID, "created at up")
	assert.Equal(t, rg, st.DeletedWith)
	assert.Equal(t, []string{rg}, st.Dependencies)
	assert.Equal(t, "urn:pulumi:dev::ecommerce::ecommerce:core:Core::core", st.Parent)
	assert.True(t, st.Custom)

	sqlServer := one(t, res, inventory.SQLServer, "core-sql")
	// The replacement's new state.
	hasInputs(t, sqlServer, map[string]any{"minimalTlsVersion": "1.2", "serverName": "sql-shop-dev-7k2q-b"})
	assert.Equal(t, []string{"administrators"}, sqlServer.IgnoreChanges)

	portal := one(t, res, inventory.LinuxWebApp, "apps-portal")
	assert.True(t, portal.InputIsSecret("appSettings.EMAIL_API_KEY"), "[secret] stays a secret")
	assert.False(t, portal.InputIsSecret("appSettings.QUEUE_NAME"))
	assert.Equal(t, "/subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/resourceGroups/rg-shop-dev/providers/Microsoft.Web/sites/app-shop-portal-dev-7k2q", portal.ID)
}

// previewOf writes a stack's offline plan as the JSON of a real preview:
// every resource one step of op, its inputs and outputs as Pulumi
// serializes them. edit may change a step's new state first.
func previewOf(t *testing.T, stack, op string, edit func(*apitype.ResourceV3)) string {
	t.Helper()
	res := stackPlan(t, stack)
	var steps []previewStep
	for _, r := range res.Resources {
		inputs, _ := inventory.Redacted(resource.NewObjectProperty(r.Inputs)).(map[string]any)
		outputs, _ := inventory.Redacted(resource.NewObjectProperty(r.Outputs)).(map[string]any)
		st := &apitype.ResourceV3{
			URN: resource.URN(r.URN), Custom: r.Custom, ID: resource.ID(r.ID), Type: tokens.Type(r.Type),
			Inputs: inputs, Outputs: outputs, Parent: resource.URN(r.Parent), Protect: r.Protect,
			Provider: r.Provider, DeletedWith: resource.URN(r.DeletedWith), IgnoreChanges: r.IgnoreChanges,
		}
		for _, d := range r.Dependencies {
			st.Dependencies = append(st.Dependencies, resource.URN(d))
		}
		if edit != nil {
			edit(st)
		}
		steps = append(steps, previewStep{Op: op, URN: r.URN, NewState: st})
	}
	b, err := json.MarshalIndent(map[string]any{"steps": steps, "changeSummary": map[string]int{op: len(steps)}}, "", "    ")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "preview.json")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	return path
}

// firstDeploy returns the edit that makes a step look like a create in a
// fresh stack: no id, no outputs, and every input that holds what Azure
// assigns to another resource (its id, or an output it did not get as
// input, such as a host name or a Front Door id) unknown.
func firstDeploy(t *testing.T, stack string) func(*apitype.ResourceV3) {
	var assigned []string
	for _, r := range stackPlan(t, stack).Resources {
		if r.ID != "" {
			assigned = append(assigned, r.ID)
		}
		for k, v := range r.Outputs {
			if _, given := r.Inputs[k]; !given && v.IsString() && len(v.StringValue()) >= 8 {
				assigned = append(assigned, v.StringValue())
			}
		}
	}
	var unknown func(v any) any
	unknown = func(v any) any {
		switch v := v.(type) {
		case string:
			for _, a := range assigned {
				if strings.Contains(v, a) {
					return previewComputed
				}
			}
		case []any:
			for i, e := range v {
				v[i] = unknown(e)
			}
		case map[string]any:
			for k, e := range v {
				v[k] = unknown(e)
			}
		}
		return v
	}
	return func(st *apitype.ResourceV3) {
		st.ID, st.Outputs = "", nil
		unknown(st.Inputs)
	}
}

// TestPreviewPolicy: every stack's preview passes the same rules as its
// offline plan. In a first deploy, where ids are unknown, the rules that
// read them are decided at up, never failed; a setting that is wrong fails
// either way.
func TestPreviewPolicy(t *testing.T) {
	skipWholeStack(t)
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			n := len(stackPlan(t, stack).Resources)
			code, stdout, stderr := dispatch(t, "policy", "--preview", previewOf(t, stack, "same", nil), "--stack", stack, "--dir", repoRoot)
			require.Equal(t, plan.ExitOK, code, stderr)
			assert.Empty(t, stderr)
			assert.True(t, strings.HasPrefix(stdout, "Policy baseline on the preview of stack \""+stack+"\": "), stdout)
			assert.Contains(t, stdout, ": all passed; 0 decided at up\n")
			assert.Contains(t, stdout, fmt.Sprintf("(steps: %d same)", n))

			fresh := firstDeploy(t, stack)
			code, stdout, stderr = dispatch(t, "policy", "--preview", previewOf(t, stack, "create", fresh), "--stack", stack, "--dir", repoRoot)
			require.Equal(t, plan.ExitOK, code, stderr)
			assert.Contains(t, stdout, ": all passed; ")
			assert.NotContains(t, stdout, "; 0 decided at up", "the first deploy leaves ids to up")
			assert.Contains(t, stdout, "\n  - decided at up [diagnostics-to-workspace] ")
			assert.Contains(t, stdout, "sends no diagnostics to the Log Analytics workspace (decided at up: outputs.id unknown in the preview)\n")
			// A resource a rule failed on an unknown is not listed again as
			// one it passed on an unknown ("reads ...").
			failed, passed := map[string]bool{}, map[string]bool{}
			for _, line := range strings.Split(stdout, "\n") {
				if item, ok := strings.CutPrefix(line, "  - decided at up "); ok {
					at := strings.Index(item, ": ")
					if strings.HasPrefix(item[at+2:], "decided at up: reads ") {
						passed[item[:at]] = true
					} else {
						failed[item[:at]] = true
					}
				}
			}
			require.NotEmpty(t, failed)
			for item := range failed {
				assert.False(t, passed[item], item)
			}

			// One value unknown, on the other side of a comparison: the
			// rule that reads it is decided at up, neither passed nor failed.
			code, stdout, stderr = dispatch(t, "policy", "--preview", previewOf(t, stack, "update", func(st *apitype.ResourceV3) {
				switch {
				case st.Type == tokens.Type(inventory.RoleAssignment) && strings.HasSuffix(string(st.URN), "::apps-portal-appi"):
					st.Inputs["scope"] = previewComputed
				case st.Type == "azure-native:sql:ServerSecurityAlertPolicy":
					st.Inputs["serverName"] = previewComputed
				}
			}), "--stack", stack, "--dir", repoRoot)
			require.Equal(t, plan.ExitOK, code, stderr)
			assert.Contains(t, stdout, "\n  - decided at up [role-assignments-narrow] ")
			assert.Contains(t, stdout, "::apps-portal-appi: decided at up: reads scope, unknown in the preview\n")
			if isProd(t, stack) {
				assert.Contains(t, stdout, "\n  - decided at up [prod-sql-threat-detection] ", "the server's rule read its policy's unknown server name")
			}

			weak := func(st *apitype.ResourceV3) {
				if st.Type == tokens.Type(inventory.StorageAccount) {
					st.Inputs["minimumTlsVersion"] = "TLS1_0"
				}
			}
			for _, edit := range []func(*apitype.ResourceV3){weak, func(st *apitype.ResourceV3) { fresh(st); weak(st) }} {
				code, _, stderr = dispatch(t, "policy", "--preview", previewOf(t, stack, "update", edit), "--stack", stack, "--dir", repoRoot)
				assert.Equal(t, plan.ExitPolicy, code)
				assert.Contains(t, stderr, "$azure-native:storage:StorageAccount::core-st: minimumTlsVersion is TLS1_0, want TLS1_2\n")
			}
		})
	}
}

// TestPreviewRefusals: a preview that cannot be judged is refused before
// any rule runs, with the reason.
func TestPreviewRefusals(t *testing.T) {
	code, _, stderr := dispatch(t, "policy")
	assert.Equal(t, plan.ExitUsage, code)
	assert.Contains(t, stderr, "policy: --preview is required\npolicy: --stack is required (stacks here: ")

	dir := t.TempDir()
	onlyChanged := filepath.Join(dir, "changed.json")
	require.NoError(t, os.WriteFile(onlyChanged, []byte(`{"steps": [{"op": "update", "urn": "urn:pulumi:dev::ecommerce::azure-native:resources:ResourceGroup::core-rg",
		"newState": {"urn": "urn:pulumi:dev::ecommerce::azure-native:resources:ResourceGroup::core-rg", "custom": true, "type": "azure-native:resources:ResourceGroup"}}],
		"changeSummary": {"same": 143, "update": 1}}`), 0o644))
	code, _, stderr = dispatch(t, "policy", "--preview", onlyChanged, "--stack", "dev", "--dir", repoRoot)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Equal(t, "policy: "+onlyChanged+": the preview leaves out its 143 unchanged resources: run `pulumi preview --json --show-sames`\n", stderr)

	code, _, stderr = dispatch(t, "policy", "--preview", filepath.Join("testdata", "preview", "steps.json"), "--stack", "prod", "--dir", repoRoot)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Equal(t, "policy: testdata/preview/steps.json is a preview of stack \"dev\", not \"prod\"\n", stderr)

	text := filepath.Join(dir, "text.txt")
	require.NoError(t, os.WriteFile(text, []byte("Previewing update (dev)\n"), 0o644))
	code, _, stderr = dispatch(t, "policy", "--preview", text, "--stack", "dev", "--dir", repoRoot)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.True(t, strings.HasPrefix(stderr, "policy: "+text+": not the JSON of `pulumi preview --json`: "), stderr)
}
