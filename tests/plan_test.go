package tests

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/plan"
)

// runPlan runs the plan command as `go run . plan ARGS` would.
// runPlan runs the CLI; with -short it skips a run that names a stack
// whose file exists (a whole-stack run).
func runPlan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if plansAStack(args) {
		skipWholeStack(t)
	}
	var out, errOut bytes.Buffer
	code = plan.Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// plansAStack reports whether CLI arguments name a stack whose file is
// in the directory they name.
func plansAStack(args []string) bool {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir, stack := fs.String("dir", ".", ""), fs.String("stack", "", "")
	fs.String("format", "", "")
	_ = fs.Parse(args)
	_, err := os.Stat(filepath.Join(*dir, "Pulumi."+*stack+".yaml"))
	return *stack != "" && err == nil
}

// TestPlanJSONShape: the JSON plan is exactly the documented shape, which
// tools rely on.
func TestPlanJSONShape(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			code, stdout, stderr := runPlan(t, "--stack", stack, "--format", "json", "--dir", repoRoot)
			requirePassed(t, code, stderr)
			var doc map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
			assert.ElementsMatch(t, []string{"stack", "resources", "outputs"}, keys(doc))
			var name string
			require.NoError(t, json.Unmarshal(doc["stack"], &name))
			assert.Equal(t, stack, name)

			var resources []map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(doc["resources"], &resources))
			require.NotEmpty(t, resources)
			urns := map[string]bool{}
			for _, r := range resources {
				assert.ElementsMatch(t, []string{"urn", "type", "name", "parent", "inputs", "dependencies"}, keys(r))
				var urn string
				require.NoError(t, json.Unmarshal(r["urn"], &urn))
				urns[urn] = true
			}
			for _, r := range resources {
				var deps []string
				require.NoError(t, json.Unmarshal(r["dependencies"], &deps), "dependencies is a list")
				for _, d := range deps {
					assert.Truef(t, urns[d], "dependency %s is a resource of the plan", d)
				}
				var inputs map[string]any
				require.NoError(t, json.Unmarshal(r["inputs"], &inputs), "inputs is an object")
			}
			var outputs map[string]any
			require.NoError(t, json.Unmarshal(doc["outputs"], &outputs))
			assert.Equal(t, "[secret]", outputs["appInsightsConnectionString"], "secret outputs are redacted")
			assert.NotEmpty(t, outputs["sqlServerFqdn"])
		})
	}
}

// TestPlanJSONDependencies: wiring shows up as dependencies, e.g. the
// worker depends on the storage account and the SQL server it is wired to.
func TestPlanJSONDependencies(t *testing.T) {
	res := stackPlan(t, "dev")
	doc := plan.NewDocument(res)
	var worker plan.DocumentResource
	for _, r := range doc.Resources {
		if r.Type == inventory.LinuxFunctionApp {
			worker = r
		}
	}
	deps := strings.Join(worker.Dependencies, "\n")
	for _, typ := range []string{inventory.StorageAccount, inventory.SQLServer, inventory.AppInsights, inventory.ServicePlan} {
		assert.Contains(t, deps, typ)
	}
	assert.Equal(t, "[secret]", worker.Inputs["siteConfig"].(map[string]any)["applicationInsightsConnectionString"])
}

// TestPlanRefusesBadStackFile: every bad key is named, unknown keys too,
// and the exit status is non-zero.
func TestPlanRefusesBadStackFile(t *testing.T) {
	dir := stackDir(t, map[string]any{
		"ecommerce:environment":     "production",
		"ecommerce:storageSku":      "Standard_XYZ",
		"ecommerce:sqlSkuName":      "GP_Gen5_5",
		"ecommerce:logRetentonDays": "60",
	})
	code, stdout, stderr := runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Empty(t, stdout)
	for _, want := range []string{"ecommerce:environment", "ecommerce:storageSku", "ecommerce:sqlSkuName", "ecommerce:logRetentonDays: unknown key (did you mean ecommerce:logRetentionDays?)", "4 problems"} {
		assert.Contains(t, stderr, want)
	}
}

// TestPlanSecureValues: a `secure:` value becomes a secret placeholder that
// never shows in the plan.
func TestPlanSecureValues(t *testing.T) {
	dir := stackDir(t, map[string]any{"ecommerce:emailApiKey": map[string]any{"secure": "v1:b64ciphertext=="}})

	code, stdout, stderr := runPlan(t, "--stack", "bad", "--dir", dir, "--format", "json")
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.NotContains(t, stdout, plan.SecretPlaceholder)
	assert.NotContains(t, stdout, "b64ciphertext")
	var doc plan.Document
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	found := false
	for _, r := range doc.Resources {
		if r.Type == inventory.KeyVaultSecret {
			found = true
			assert.Equal(t, "[secret]", r.Inputs["properties"].(map[string]any)["value"])
		}
	}
	assert.True(t, found, "the secure value became a Key Vault secret")
}

// TestProjectFileDeclaresEveryKey: Pulumi.yaml's config block and the
// program's key table agree on names, types and defaults, so `pulumi up`
// and the offline plan see the same defaults.
func TestProjectFileDeclaresEveryKey(t *testing.T) {
	var project struct {
		Name    string `yaml:"name"`
		Runtime string `yaml:"runtime"`
		Config  map[string]struct {
			Type        string `yaml:"type"`
			Description string `yaml:"description"`
			Default     any    `yaml:"default"`
		} `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(repoFile(t, "Pulumi.yaml")), &project))
	assert.Equal(t, config.Namespace, project.Name)
	assert.Equal(t, "go", project.Runtime)
	declared := map[string]bool{}
	for _, k := range config.Keys {
		declared[k.Name] = true
		d, ok := project.Config[k.Name]
		if !assert.Truef(t, ok, "Pulumi.yaml does not declare %s", k.Name) {
			continue
		}
		assert.Equal(t, k.Type, d.Type, k.Name)
		assert.NotEmpty(t, d.Description, k.Name)
		if k.Required {
			assert.Nilf(t, d.Default, "%s is required: a default would hide a missing value", k.Name)
			continue
		}
		got := ""
		switch v := d.Default.(type) {
		case []any:
			j, _ := json.Marshal(v)
			got = string(j)
		case nil:
			t.Errorf("%s: Pulumi.yaml gives no default, the program defaults to %q", k.Name, k.Default)
			continue
		default:
			got = fmt.Sprint(v)
		}
		assert.Equalf(t, k.Default, got, "default of %s", k.Name)
	}
	for name := range project.Config {
		assert.Truef(t, declared[name], "Pulumi.yaml declares %s, which the program never reads", name)
	}
}

// TestStackFilesUseDeclaredKeys: both stack files parse with no unknown key.
func TestStackFilesUseDeclaredKeys(t *testing.T) {
	for _, stack := range stacks {
		opts, err := plan.LoadStack(repoRoot, stack)
		require.NoError(t, err)
		_, err = config.Parse(opts.Project, stack, plan.ProjectValues(opts))
		assert.NoError(t, err, stack)
	}
}

// stackDir makes a project directory with a copy of Pulumi.yaml and a stack
// "bad": dev with overrides (a nil one: a key without a value).
func stackDir(t *testing.T, overrides map[string]any) string {
	return writeStackDir(t, "dev", overrides, false)
}

// stackDirFrom is stackDir from another committed stack's file, where a nil
// override unsets the key.
func stackDirFrom(t *testing.T, from string, overrides map[string]any) string {
	return writeStackDir(t, from, overrides, true)
}

func writeStackDir(t *testing.T, from string, overrides map[string]any, nilUnsets bool) string {
	t.Helper()
	var stack struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(repoFile(t, "Pulumi."+from+".yaml")), &stack))
	for k, v := range overrides {
		if v == nil && nilUnsets {
			delete(stack.Config, k)
		} else {
			stack.Config[k] = v
		}
	}
	out, err := yaml.Marshal(stack)
	require.NoError(t, err)
	return cliProjectDir(t, map[string]string{"Pulumi.bad.yaml": string(out)})
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
