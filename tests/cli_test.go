package tests

// The offline plan's command line, end to end through plan.Main: every exit
// status (0 planned, 2 usage, 3 invalid stack file or config, 4 the program
// or the output failed, 5 policy violation), with the literal output users
// read on stdout and stderr.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/plan"
)

// cliCostRules are the cost rules the plan checks after the baseline's
// (policy.CheckBudget).
var cliCostRules = map[bool]string{ // by whether the stack is prod
	false: ", budget-notifies",
	true:  ", budget-notifies, prod-estimate-within-budget",
}

// cliResilienceRules are the recovery rules the plan checks last
// (policy.CheckResilience).
var cliResilienceRules = map[bool]string{false: "", true: ", prod-recovery-within-targets"}

// cliRules are the rules the plan reports checking, in order, by whether
// the stack is prod.
var cliRules = map[bool]string{
	false: "storage-hardened, sql-entra-only, key-vault-safe, web-hardened, diagnostics-to-workspace, " +
		"role-assignments-narrow, no-plaintext-secrets, adf-entities-as-written, edge-https-only, alerts-required, alerts-notify" +
		cliCostRules[false] + cliResilienceRules[false],
	true: "storage-hardened, sql-entra-only, key-vault-safe, web-hardened, diagnostics-to-workspace, " +
		"role-assignments-narrow, no-plaintext-secrets, adf-entities-as-written, " +
		"edge-https-only, prod-web-behind-waf, prod-origins-locked-to-front-door, alerts-required, alerts-notify, " +
		"prod-data-protected, prod-resource-group-locked, prod-private-endpoints, prod-subnets-have-nsg, " +
		"prod-app-insights-entra-only, prod-sql-threat-detection" +
		cliCostRules[true] + cliResilienceRules[true],
}

// cliUsage is what the plan prints on a flag it cannot parse.
const cliUsage = `usage: ecommerce plan --stack NAME [--format text|json|mermaid|cost|cost-json|resilience] [--dir DIR]
  -dir string
    	directory holding Pulumi.yaml and the stack files (default ".")
  -format string
    	output format: text, json, mermaid, cost, cost-json or resilience (default "text")
  -stack string
    	stack to plan: any NAME with a Pulumi.NAME.yaml (required)
`

func cliCustomCount(t *testing.T, stack string) int {
	n := 0
	for _, r := range stackPlan(t, stack).Resources {
		if r.Custom {
			n++
		}
	}
	return n
}

// TestCliExitOK: both stacks plan in every format with exit status 0,
// nothing on stderr, and stdout is exactly that format's rendering of the
// stack's plan.
func TestCliExitOK(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	for _, stack := range stacks {
		res := stackPlan(t, stack)
		est, err := plan.EstimateCost(res, costConfig(t, stack, nil))
		require.NoError(t, err)
		rep := resilienceOf(t, stack)
		report := plan.Check(res, est, rep, costConfig(t, stack, nil))
		require.True(t, report.Passed(), "%s: %v", stack, report.Violations)
		const verdict = "all passed"
		t.Run(stack+"/text", func(t *testing.T) {
			spellings := [][]string{{"--stack", stack, "--dir", repoRoot}}
			if stack == stacks[0] { // the flag package's spellings, once
				spellings = append(spellings,
					[]string{"--stack", stack, "--dir", repoRoot, "--format", "text"},
					[]string{"--dir=" + repoRoot, "-stack=" + stack, "-format=text"})
			}
			for _, args := range spellings {
				code, stdout, stderr := runPlan(t, args...)
				requirePassed(t, code, stderr)
				assert.True(t, strings.HasPrefix(stdout, fmt.Sprintf(
					"Offline plan of stack %q (project ecommerce): %d resources, nothing deployed.\n\nResources\n", stack, len(res.Resources))), stdout)
				// The Cost section follows the policy verdict (tests/cost_test.go).
				assert.Contains(t, stdout, fmt.Sprintf(
					"\nPolicy baseline: %d rules on %d resources: %s\n  %s\n\nCost\n",
					strings.Count(cliRules[isProd(t, stack)], ",")+1, cliCustomCount(t, stack), verdict, cliRules[isProd(t, stack)]), stdout)
				var want bytes.Buffer
				require.NoError(t, plan.WriteTextWithCost(&want, res, report, est, rep))
				assert.Equal(t, want.String(), stdout)
			}
		})
		t.Run(stack+"/json", func(t *testing.T) {
			code, stdout, stderr := runPlan(t, "--stack", stack, "--format", "json", "--dir", repoRoot)
			requirePassed(t, code, stderr)
			assert.True(t, strings.HasPrefix(stdout, "{\n  \"stack\": \""+stack+"\",\n  \"resources\": [\n    {\n      \"urn\": \"urn:pulumi:"+stack+"::ecommerce::"), stdout)
			assert.True(t, strings.HasSuffix(stdout, "\n  }\n}\n"), stdout)
			var want bytes.Buffer
			require.NoError(t, plan.WriteJSON(&want, res))
			assert.Equal(t, want.String(), stdout)
		})
		t.Run(stack+"/mermaid", func(t *testing.T) {
			code, stdout, stderr := runPlan(t, "--stack", stack, "--format", "mermaid", "--dir", repoRoot)
			requirePassed(t, code, stderr)
			assert.True(t, strings.HasPrefix(stdout, "%% Architecture of stack "+stack+", generated by the offline plan.\nflowchart LR\n  n"), stdout)
			var want bytes.Buffer
			require.NoError(t, plan.WriteMermaid(&want, res))
			assert.Equal(t, want.String(), stdout)
		})
	}
}

// TestCliExitUsage: bad command lines exit 2 before anything is planned,
// with every problem listed at once.
func TestCliExitUsage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"missing --stack", []string{"--dir", repoRoot},
			"plan: --stack is required (stacks here: " + stackList + ")\n"},
		{"empty --stack", []string{"--dir", repoRoot, "--stack", "", "--format", "json"},
			"plan: --stack is required (stacks here: " + stackList + ")\n"},
		{"bad --format", []string{"--dir", repoRoot, "--stack", "dev", "--format", "yaml"},
			"plan: --format \"yaml\" is not one of text, json, mermaid, cost, cost-json, resilience\n"},
		{"format is case-sensitive", []string{"--dir", repoRoot, "--stack", "dev", "--format", "JSON"},
			"plan: --format \"JSON\" is not one of text, json, mermaid, cost, cost-json, resilience\n"},
		{"extra arguments", []string{"--dir", repoRoot, "--stack", "dev", "now", "please"},
			"plan: unexpected arguments: now please\n"},
		{"flags after an argument are arguments", []string{"--dir", repoRoot, "--stack", "dev", "dev", "--format", "json"},
			"plan: unexpected arguments: dev --format json\n"},
		{"all problems at once", []string{"--format", "", "--dir", repoRoot, "x"},
			"plan: --stack is required (stacks here: " + stackList + ")\n" +
				"plan: --format \"\" is not one of text, json, mermaid, cost, cost-json, resilience\n" +
				"plan: unexpected arguments: x\n"},
		{"unknown flag", []string{"--stack", "dev", "--verbose", "--dir", repoRoot},
			"flag provided but not defined: -verbose\n" + cliUsage},
		{"flag without its value", []string{"--dir", repoRoot, "--stack"},
			"flag needs an argument: -stack\n" + cliUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runPlan(t, tc.args...)
			assert.Equal(t, plan.ExitUsage, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tc.stderr, stderr)
		})
	}

	t.Run("help is an answer, not an error", func(t *testing.T) {
		code, stdout, stderr := runPlan(t, "--help")
		assert.Equal(t, plan.ExitOK, code)
		assert.Empty(t, stdout)
		assert.True(t, strings.HasPrefix(stderr, "usage: ecommerce plan --stack NAME [--format text|json|mermaid|cost|cost-json|resilience] [--dir DIR]\n"), stderr)
	})

	t.Run("stacks listed are the directory's", func(t *testing.T) {
		dir := cliProjectDir(t, map[string]string{"Pulumi.qa.yaml": "config: {}\n", "Pulumi.blue.yaml": "config: {}\n"})
		code, stdout, stderr := runPlan(t, "--dir", dir)
		assert.Equal(t, plan.ExitUsage, code)
		assert.Empty(t, stdout)
		assert.Equal(t, "plan: --stack is required (stacks here: blue, qa)\n", stderr)
	})
}

// cliProjectDir makes a project directory with a copy of Pulumi.yaml and the
// given files.
func cliProjectDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	project, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644))
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	return dir
}

// cliDevStackFile is the committed dev stack file.
func cliDevStackFile(t *testing.T) string { return repoFile(t, "Pulumi.dev.yaml") }

// TestCliExitInvalid: a missing or unreadable stack file, or config the
// program refuses, exits 3 with the file and the key named, before anything
// is written to stdout.
func TestCliExitInvalid(t *testing.T) {
	type tc struct {
		name   string
		dir    string
		stack  string
		stderr string
	}
	var cases []tc
	add := func(name, dir, stack, stderr string) { cases = append(cases, tc{name, dir, stack, stderr}) }

	add("missing stack file", repoRoot, "staging",
		"invalid stack file: stack \"staging\": ../Pulumi.staging.yaml not found (stacks here: "+stackList+")\n")

	dir := cliProjectDir(t, map[string]string{"Pulumi.bad.yaml": "config:\n  ecommerce:owner: [unclosed\n"})
	add("malformed YAML", dir, "bad",
		"invalid stack file: "+dir+"/Pulumi.bad.yaml: yaml: line 1: did not find expected ',' or ']'\n")

	dir = cliProjectDir(t, map[string]string{"Pulumi.bad.yaml": "config: [a, b]\n"})
	add("config is not a map", dir, "bad",
		"invalid stack file: "+dir+"/Pulumi.bad.yaml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]interface {}\n")

	dir = stackDir(t, map[string]any{"ecommerce:owner": nil, "nameSuffix": nil})
	add("values with no value, bare key namespaced", dir, "bad",
		"invalid stack file: "+dir+"/Pulumi.bad.yaml:\n"+
			"  - ecommerce:nameSuffix: has no value\n"+
			"  - ecommerce:owner: has no value\n")

	dir = stackDir(t, map[string]any{"ecommerce:sqlMaxSizeGb": "lots"})
	add("invalid value names the key", dir, "bad",
		"invalid configuration for stack \"bad\" (1 problem):\n"+
			"  - ecommerce:sqlMaxSizeGb: \"lots\" is not an integer\n")

	dir = stackDir(t, map[string]any{"appHealthCheckPath": "healthz", "ecommerce:owner": strings.Repeat("x", 257), "ecommerce:sqlMaxSizeGb": "lots"})
	add("every invalid value at once, bare keys too", dir, "bad",
		"invalid configuration for stack \"bad\" (3 problems):\n"+
			"  - ecommerce:appHealthCheckPath: \"healthz\" must be a URL path starting with / without spaces, query or fragment\n"+
			"  - ecommerce:owner: must be 1-256 characters (it becomes a tag value)\n"+
			"  - ecommerce:sqlMaxSizeGb: \"lots\" is not an integer\n")

	dir = stackDir(t, map[string]any{"sqlMaxSizeGb": 64, "ecommerce:sqlMaxSizeGb": 128})
	add("a key set twice, bare and namespaced", dir, "bad",
		"invalid stack file: "+dir+"/Pulumi.bad.yaml:\n"+
			"  - ecommerce:sqlMaxSizeGb: set twice, as ecommerce:sqlMaxSizeGb and as sqlMaxSizeGb; keep one\n")

	dir = cliProjectDir(t, nil)
	add("no stack files at all", dir, "dev",
		"invalid stack file: stack \"dev\": "+dir+"/Pulumi.dev.yaml not found (stacks here: none)\n")

	dir = t.TempDir()
	add("no Pulumi.yaml", dir, "dev",
		"invalid stack file: open "+dir+"/Pulumi.yaml: no such file or directory\n")

	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("runtime: go\n"), 0o644))
	add("Pulumi.yaml without a name", dir, "dev",
		"invalid stack file: "+dir+"/Pulumi.yaml: no project name\n")

	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: [shop\n"), 0o644))
	add("malformed Pulumi.yaml", dir, "dev",
		"invalid stack file: "+dir+"/Pulumi.yaml: yaml: line 1: did not find expected ',' or ']'\n")

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runPlan(t, "--stack", c.stack, "--dir", c.dir)
			assert.Equal(t, plan.ExitInvalid, code)
			assert.Empty(t, stdout)
			assert.Equal(t, c.stderr, stderr)
		})
	}

	// A project whose name is not the program's config namespace: the
	// plan's up-front check reads the stack's bare keys as the project's
	// ("shop:owner") and passes, the program reads "ecommerce:owner" and
	// fails inside the engine, which is still a config error.
	t.Run("program refuses its config inside the engine", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: shop\nruntime: go\n"), 0o644))
		bare := strings.ReplaceAll(cliDevStackFile(t), "\n  ecommerce:", "\n  ")
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(bare), 0o644))
		code, stdout, stderr := runPlan(t, "--stack", "dev", "--dir", dir)
		assert.Equal(t, plan.ExitInvalid, code)
		assert.Empty(t, stdout)
		assert.True(t, strings.HasPrefix(stderr, "1 error occurred:\n\t* invalid configuration for stack \"dev\" ("), stderr)
		assert.Contains(t, stderr, "\n  - ecommerce:owner: is required (Team or person owning the stack (tag owner).)\n")
	})
}

// cliBrokenWriter is a stdout that cannot be written.
type cliBrokenWriter struct{ writes int }

func (w *cliBrokenWriter) Write([]byte) (int, error) {
	w.writes++
	return 0, errors.New("write /dev/stdout: broken pipe")
}

// TestCliExitDeployError: when the plan cannot be written the exit status
// is 4 and the error is on stderr, in every format, and it wins over a
// policy violation (nothing was shown to judge).
func TestCliExitDeployError(t *testing.T) {
	skipWholeStack(t)
	t.Parallel() // a heavy test: many independent runs of the program
	violating := stackDir(t, map[string]any{"ecommerce:appHealthCheckPath": "/healthz;password=hunter2"})
	// Writing is the same for every stack: one stack, every format.
	for _, format := range []string{"text", "json", "mermaid"} {
		t.Run(format, func(t *testing.T) {
			w := &cliBrokenWriter{}
			var stderr bytes.Buffer
			code := plan.Main([]string{"--stack", stacks[0], "--format", format, "--dir", repoRoot}, w, &stderr)
			assert.Equal(t, plan.ExitDeployError, code)
			assert.Equal(t, 1, w.writes)
			assert.Equal(t, "write /dev/stdout: broken pipe\n", stderr.String())
		})
	}
	t.Run("before the policy verdict", func(t *testing.T) {
		var stderr bytes.Buffer
		code := plan.Main([]string{"--stack", "bad", "--dir", violating}, &cliBrokenWriter{}, &stderr)
		assert.Equal(t, plan.ExitDeployError, code)
		assert.Equal(t, "write /dev/stdout: broken pipe\n", stderr.String())
	})
}

// TestCliExitPolicy: a stack whose config passes validation but makes a
// plan that breaks the policy baseline exits 5, after writing the plan, and
// lists every violation on stderr. No config can break a prod-only rule
// (config validation refuses each such setting in prod first), but a
// credential in a setting that reaches an input can: here a health check
// path carrying a password, which lands in both portals' site config.
func TestCliExitPolicy(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	// dev with its edge on: the path also reaches the backoffice's excluded
	// path, Front Door's probes and the availability tests, which probe the
	// path (their alerts' descriptions name it).
	dir := stackDir(t, map[string]any{"ecommerce:appHealthCheckPath": "/healthz;password=hunter2", "ecommerce:frontDoor": true})
	const violations = "policy baseline: 9 violation(s):\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure-native:cdn:Profile$azure-native:cdn:AFDOriginGroup::apps-edge-backoffice-og: healthProbeSettings.probePath holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure-native:cdn:Profile$azure-native:cdn:AFDOriginGroup::apps-edge-portal-og: healthProbeSettings.probePath holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure-native:insights:WebTest$azure-native:insights:MetricAlert::apps-backoffice-availability-alert: description holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure-native:insights:WebTest$azure-native:insights:MetricAlert::apps-portal-availability-alert: description holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure-native:insights:WebTest::apps-backoffice-availability: request.requestUrl holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure-native:insights:WebTest::apps-portal-availability: request.requestUrl holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure:appservice/linuxWebApp:LinuxWebApp::apps-backoffice: authSettingsV2.excludedPaths[0] holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure:appservice/linuxWebApp:LinuxWebApp::apps-backoffice: siteConfig.healthCheckPath holds a credential in plain text\n" +
		"  - [no-plaintext-secrets] urn:pulumi:bad::ecommerce::ecommerce:apps:Apps$azure:appservice/linuxWebApp:LinuxWebApp::apps-portal: siteConfig.healthCheckPath holds a credential in plain text\n"

	code, stdout, stderr := runPlan(t, "--stack", "bad", "--dir", dir)
	assert.Equal(t, plan.ExitPolicy, code)
	assert.Equal(t, violations, stderr)
	assert.True(t, strings.HasPrefix(stdout, "Offline plan of stack \"bad\" (project ecommerce): "), stdout)
	custom := 0
	for _, r := range edgePlan(t, "dev").Resources {
		if r.Custom {
			custom++
		}
	}
	assert.Contains(t, stdout, fmt.Sprintf("\nPolicy baseline: %d rules on %d resources: 9 violation(s)\n  %s\n\nCost\n",
		strings.Count(cliRules[false], ",")+1, custom, cliRules[false]), stdout)

	for _, format := range []string{"json", "mermaid"} {
		code, stdout, stderr := runPlan(t, "--stack", "bad", "--dir", dir, "--format", format)
		assert.Equal(t, plan.ExitPolicy, code, format)
		assert.Equal(t, violations, stderr, format)
		assert.NotEmpty(t, stdout, format)
	}
}

// TestCliPlanRendering: the layout users read, written out: the text tree
// (components first, then by name, children indented under their parent),
// counts by type, multi-line outputs; the diagram's groups and node kinds;
// the JSON plan's empty dependency lists.
func TestCliPlanRendering(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	code, text, stderr := runPlan(t, "--stack", "dev", "--dir", repoRoot)
	require.Equal(t, plan.ExitOK, code, stderr)
	tree := text[strings.Index(text, "Resources\n"):strings.Index(text, "\nCounts by type\n")]
	var roots []string
	for _, line := range strings.Split(tree, "\n") {
		if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
			roots = append(roots, line)
		}
	}
	assert.Equal(t, []string{
		"  analytics  ecommerce:analytics:Analytics",
		"  apps  ecommerce:apps:Apps",
		"  auth  ecommerce:auth:Auth",
		// The registrations' redirect URIs, created after the apps layer.
		"  auth-redirect-uris  ecommerce:auth:RedirectURIs",
		"  core  ecommerce:core:Core",
		"  core-workbook  ecommerce:core:HealthWorkbook",
		"  azure-classic  pulumi:providers:azure",
	}, roots)
	for _, want := range []string{
		"\n    core-sql  azure-native:sql:Server\n" +
			"      core-sql-allow-azure  azure-native:sql:FirewallRule\n" +
			"      core-sql-audit  azure-native:sql:ExtendedServerBlobAuditingPolicy\n" +
			"        core-sql-audit-diag  azure-native:insights:DiagnosticSetting\n",
		"\nCounts by type\n",
		"\n     2  azure-native:storage:StorageAccount\n",
		"\n     2  azure-native:sql:Server\n",
		"\n     1  azure-native:keyvault:Vault\n",
		"\n  appInsightsConnectionString: [secret]\n",
		"\n  sqlGrantScript: \n      -- Database grants for the platform's managed identities. ARM cannot express\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, tree, "[protected]", "nothing is protected in dev")

	code, diagram, stderr := runPlan(t, "--stack", "dev", "--dir", repoRoot, "--format", "mermaid")
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Regexp(t, `^%% Architecture of stack dev, generated by the offline plan\.\nflowchart LR\n  n\d+\["azure-classic<br/>azure"\]\n  subgraph analytics\["analytics"\]\n`, diagram)
	apps := regexp.MustCompile(`(?s)\n  subgraph apps\["apps"\]\n(.*?)\n  end\n`).FindStringSubmatch(diagram)
	require.NotNil(t, apps, diagram)
	for _, node := range []string{"apps-backoffice<br/>LinuxWebApp", "apps-portal<br/>LinuxWebApp"} {
		assert.Contains(t, apps[1], `["`+node+`"]`)
	}
	// dev's worker shares the portals' plan, which core holds.
	assert.Regexp(t, `(?s)\n  subgraph core\["core"\]\n[^}]*?\["apps-plan<br/>ServicePlan"\]`, diagram)
	assert.NotContains(t, apps[1], "apps-edge-afd", "dev plans without its edge")
	// The edge: Front Door's profile, endpoints and WAF, in prod's apps layer.
	code, prodDiagram, stderr := runPlan(t, "--stack", "prod", "--dir", repoRoot, "--format", "mermaid")
	requirePassed(t, code, stderr)
	prodApps := regexp.MustCompile(`(?s)\n  subgraph apps\["apps"\]\n(.*?)\n  end\n`).FindStringSubmatch(prodDiagram)
	require.NotNil(t, prodApps, prodDiagram)
	for _, node := range []string{"apps-plan<br/>ServicePlan", "apps-edge-afd<br/>Profile", "apps-edge-portal-fde<br/>AFDEndpoint", "apps-edge-backoffice-fde<br/>AFDEndpoint", "apps-edge-waf<br/>Policy"} {
		assert.Contains(t, prodApps[1], `["`+node+`"]`)
	}
	assert.Regexp(t, `\n  end\n  subgraph auth\["auth"\]\n`, diagram)
	assert.Equal(t, 6, strings.Count(diagram, "\n  end\n"), "one end per component")
	rg := regexp.MustCompile(`(n\d+)\["core-rg<br/>ResourceGroup"\]`).FindStringSubmatch(diagram)
	require.NotNil(t, rg)
	assert.NotContains(t, diagram, "\n  "+rg[1]+" --> ", "everything sits in the resource group: no edges from it")
	assert.Regexp(t, `\n  n\d+ --> n\d+\n`, diagram)

	code, doc, stderr := runPlan(t, "--stack", "dev", "--dir", repoRoot, "--format", "json")
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Contains(t, doc, "\"dependencies\": []\n")
	assert.NotContains(t, doc, "\"dependencies\": null")
}

// TestCliDispatch: `plan` and its arguments go to the offline plan (main.go
// exits with its status); anything else is the Pulumi engine's.
func TestCliDispatch(t *testing.T) {
	var stdout, stderr bytes.Buffer
	skipWholeStack(t)
	code, handled := plan.Dispatch([]string{"plan", "--stack", "dev", "--format", "mermaid", "--dir", repoRoot}, &stdout, &stderr)
	assert.True(t, handled)
	assert.Equal(t, 0, code, stderr.String())
	assert.True(t, strings.HasPrefix(stdout.String(), "%% Architecture of stack dev, generated by the offline plan.\nflowchart LR\n"), stdout.String())
	assert.Empty(t, stderr.String())

	stdout.Reset()
	stderr.Reset()
	code, handled = plan.Dispatch([]string{"plan", "--dir", repoRoot}, &stdout, &stderr)
	assert.True(t, handled)
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout.String())
	assert.Equal(t, "plan: --stack is required (stacks here: "+stackList+")\n", stderr.String())

	for _, args := range [][]string{nil, {}, {"up"}, {"preview", "plan"}, {"--stack", "dev"}} {
		stdout.Reset()
		stderr.Reset()
		code, handled = plan.Dispatch(args, &stdout, &stderr)
		assert.Falsef(t, handled, "%q is the Pulumi engine's", args)
		assert.Equal(t, 0, code)
		assert.Empty(t, stdout.String())
		assert.Empty(t, stderr.String())
	}
}
