// Package tests runs the real program under the mock engine, for each layer
// alone and for whole stacks, and asserts what users rely on: property
// values, wiring between layers, secrets kept secret, error messages.
package tests

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/platform"
)

// TestMain runs the tests with a lazier garbage collector. The mock engine
// allocates heavily and the process lives for seconds: collecting a quarter
// as often saves a sixth of the suite's CPU for about 130 MB more memory.
func TestMain(m *testing.M) {
	debug.SetGCPercent(400)
	os.Exit(m.Run())
}

// repoRoot holds Pulumi.yaml and the stack files.
const repoRoot = ".."

// testNow is the tests' clock: the only thing it decides is the month a
// budget starts in when budgetStartMonth is unset.
var testNow = time.Date(2026, time.December, 3, 8, 0, 0, 0, time.UTC)

// program is the Pulumi program on the tests' clock, so a plan's inputs do
// not depend on the day the tests run. Tests run it through wholeProgram.
var program = platform.RunAt(func() time.Time { return testNow })

// wholeProgram is program for a run of a whole stack: the one place the
// quick loop (go test -short) skips those runs; the layer, block, config
// and rule tests still run.
func wholeProgram(t *testing.T) mockcloud.Program {
	t.Helper()
	skipWholeStack(t)
	return program
}

// skipWholeStack skips a test, or the rest of it, that runs a whole stack
// when the tests run with -short (the quick loop).
func skipWholeStack(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a whole stack: not with -short")
	}
}

var (
	stackFilesMu sync.Mutex
	stackFiles   = map[string]mockcloud.Options{}
	stackConfigs = map[string]*config.Config{}
)

// loadStack reads a committed stack file once per test binary (the files
// do not change while the tests run); callers get their own config map.
func loadStack(t *testing.T, stack string) mockcloud.Options {
	t.Helper()
	stackFilesMu.Lock()
	defer stackFilesMu.Unlock()
	opts, ok := stackFiles[stack]
	if !ok {
		var err error
		opts, err = plan.LoadStack(repoRoot, stack)
		require.NoError(t, err)
		stackFiles[stack] = opts
	}
	opts.Config = maps.Clone(opts.Config)
	return opts
}

// unset removes a key from a stack's config in overrides.
const unset = "\x00unset"

// stackOptions reads a stack file and applies overrides; keys without a
// namespace are the project's.
func stackOptions(t *testing.T, stack string, overrides map[string]string) mockcloud.Options {
	t.Helper()
	opts := loadStack(t, stack)
	for key, value := range overrides {
		if !strings.Contains(key, ":") {
			key = opts.Project + ":" + key
		}
		if value == unset {
			delete(opts.Config, key)
		} else {
			opts.Config[key] = value
		}
	}
	return opts
}

var (
	runsMu sync.Mutex
	runs   = map[string]*inventory.Result{}
)

// runStack runs the whole program for a stack with config overrides, once
// per test binary and stack and overrides: the plans are deterministic, and
// tests only read them (polTamper copies). runStackAgain runs it afresh.
func runStack(t *testing.T, stack string, overrides map[string]string) *inventory.Result {
	t.Helper()
	key := stack
	for _, k := range slices.Sorted(maps.Keys(overrides)) {
		key += "\x00" + k + "=" + overrides[k]
	}
	runsMu.Lock()
	res, ok := runs[key]
	runsMu.Unlock()
	if ok {
		return res
	}
	res = runStackAgain(t, stack, overrides)
	runsMu.Lock()
	runs[key] = res
	runsMu.Unlock()
	return res
}

// runStackAgain runs the whole program for a stack with config overrides.
func runStackAgain(t *testing.T, stack string, overrides map[string]string) *inventory.Result {
	t.Helper()
	res, err := mockcloud.Run(stackOptions(t, stack, overrides), wholeProgram(t))
	require.NoError(t, err)
	return res
}

var (
	plansMu sync.Mutex
	plans   = map[string]*inventory.Result{}
)

// stackPlan runs a stack's program as committed, once per test binary.
func stackPlan(t *testing.T, stack string) *inventory.Result {
	t.Helper()
	plansMu.Lock()
	defer plansMu.Unlock()
	if res, ok := plans[stack]; ok {
		return res
	}
	res := runStack(t, stack, nil)
	plans[stack] = res
	return res
}

// one returns the single resource of a type whose logical name ends with suffix.
func one(t *testing.T, r *inventory.Result, typ, suffix string) inventory.Resource {
	t.Helper()
	found := r.Find(typ, suffix)
	require.Lenf(t, found, 1, "want exactly one %s named *%s", typ, suffix)
	return found[0]
}

// layerOptions are the settings the program gives a stack's layers, as the
// mock cloud's subscription and tenant; for running a layer alone.
func layerOptions(cfg *config.Config) baseline.Options {
	return platform.Options(cfg, mockcloud.SubscriptionID, mockcloud.TenantID)
}

// stackConfig parses a committed stack's config, as the program would;
// without overrides, once per test binary (callers must not change it).
func stackConfig(t *testing.T, stack string, overrides map[string]string) *config.Config {
	t.Helper()
	if overrides == nil {
		stackFilesMu.Lock()
		cfg, ok := stackConfigs[stack]
		stackFilesMu.Unlock()
		if ok {
			return cfg
		}
	}
	cfg, err := parseStack(t, stack, overrides)
	require.NoError(t, err)
	if overrides == nil {
		stackFilesMu.Lock()
		stackConfigs[stack] = cfg
		stackFilesMu.Unlock()
	}
	return cfg
}

// parseStack parses a committed stack's config with overrides, as the plan
// does, and returns the config's error.
func parseStack(t *testing.T, stack string, overrides map[string]string) (*config.Config, error) {
	t.Helper()
	opts := stackOptions(t, stack, overrides)
	return config.Parse(opts.Project, opts.Stack, plan.ProjectValues(opts))
}

// hasInputs asserts the inputs of r at each path.
func hasInputs(t *testing.T, r inventory.Resource, want map[string]any) {
	t.Helper()
	for path, v := range want {
		assert.Equal(t, v, r.Input(path), "%s %s", r.Name, path)
	}
}

// hasKeys asserts the value at each dotted path of a plain map (dig).
func hasKeys(t *testing.T, m any, want map[string]any, what string) {
	t.Helper()
	for path, v := range want {
		assert.Equal(t, v, dig(m, path), "%s %s", what, path)
	}
}

// withName returns the custom resources of a plan whose logical name is
// exactly name, of type typ ("" for any).
func withName(res *inventory.Result, typ, name string) []inventory.Resource {
	var out []inventory.Resource
	for _, r := range res.Resources {
		if r.Custom && r.Name == name && (typ == "" || r.Type == typ) {
			out = append(out, r)
		}
	}
	return out
}

// customCount is how many custom resources (Azure's, not components) a plan has.
func customCount(res *inventory.Result) int {
	n := 0
	for _, r := range res.Resources {
		if r.Custom {
			n++
		}
	}
	return n
}

// dispatch runs a subcommand of the binary (plan.Dispatch handles it).
func dispatch(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code, handled := plan.Dispatch(args, &stdout, &stderr)
	require.True(t, handled)
	return code, stdout.String(), stderr.String()
}

// errOf is the error of a helper's call, for a program that keeps nothing
// else it returns: return errOf(o.Workbook(ctx, ...)).
func errOf[T any](_ T, err error) error { return err }

// errOf2 is errOf for a helper that returns two values and an error.
func errOf2[T, U any](_ T, _ U, err error) error { return err }

// runOK runs program alone under the mock engine and fails on an error.
func runOK(t *testing.T, program func(ctx *pulumi.Context) error) *inventory.Result {
	t.Helper()
	res, err := runBlock(t, program)
	require.NoError(t, err)
	return res
}

// The fake inputs of a layer run alone: core's outputs and auth's, made by
// hand. Every value is recognisable, so a setting or a scope in a layer's
// resources can be traced to the input it came from. All are named fake*.
const (
	fakeRGName         = "rg-fake"
	fakeRG             = "/subscriptions/" + mockcloud.SubscriptionID + "/resourceGroups/" + fakeRGName
	fakeWorkspace      = fakeRG + "/providers/Microsoft.OperationalInsights/workspaces/log-fake"
	fakeVNet           = fakeRG + "/providers/Microsoft.Network/virtualNetworks/vnet-fake"
	fakeEndpointSubnet = fakeVNet + "/subnets/snet-endpoints"
	fakeAppsSubnet     = fakeVNet + "/subnets/snet-apps"
	fakeAccount        = fakeRG + "/providers/Microsoft.Storage/storageAccounts/stfake"
	fakeVault          = fakeRG + "/providers/Microsoft.KeyVault/vaults/kv-fake"
	fakeShopServerID   = fakeRG + "/providers/Microsoft.Sql/servers/sql-shop-fake"
	fakeShopFQDN       = "sql-shop-fake.database.windows.net"
	// fakeShopReadOnlyHost is where the pipeline reads: a read-only
	// listener, distinct from the read-write host grants are made on.
	fakeShopReadOnlyHost = "sqlfg-shop-fake.secondary.database.windows.net"
	fakeAppInsightsID    = fakeRG + "/providers/Microsoft.Insights/components/appi-fake"
	fakeActionGroup      = fakeRG + "/providers/Microsoft.Insights/actionGroups/ag-fake"
	fakeAppInsights      = "InstrumentationKey=00000000-0000-0000-0000-00000000fake;IngestionEndpoint=https://fake/"
	fakeSQLConn          = "Server=tcp:" + fakeShopFQDN + ",1433;Database=shop;Authentication=Active Directory Managed Identity;"
	fakeAdminName        = "grp-sql-admins-fake"
	fakeAdminObjectID    = "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"
)

// fakeZoneID is the id of the fake private DNS zone of a private endpoint group.
func fakeZoneID(group string) string {
	return fakeRG + "/providers/Microsoft.Network/privateDnsZones/" + group
}

func fakeQueueID(q string) string { return fakeAccount + "/queueServices/default/queues/" + q }
func fakeContainerID(c string) string {
	return fakeAccount + "/blobServices/default/containers/" + c
}

// fakeFoundation is core's Foundation by hand, with a private network when
// the stack has one.
func fakeFoundation(cfg *config.Config) baseline.Foundation {
	f := baseline.Foundation{ResourceGroupName: pulumi.String(fakeRGName), Workspace: pulumi.String(fakeWorkspace), ActionGroup: pulumi.String(fakeActionGroup)}
	if cfg.Network.Private {
		zones := map[string]pulumi.StringOutput{}
		for _, group := range []string{"blob", "queue", "table", "sqlServer", "vault"} {
			zones[group] = pulumi.String(fakeZoneID(group)).ToStringOutput()
		}
		f.Network = &baseline.PrivateNetwork{
			ResourceGroupName: pulumi.String(fakeRGName),
			VNetID:            pulumi.String(fakeVNet),
			EndpointSubnetID:  pulumi.String(fakeEndpointSubnet),
			DNSZones:          zones,
		}
	}
	return f
}

// fakeSQLAdmin is auth's SQL admin group by hand.
func fakeSQLAdmin() baseline.SQLAdmin {
	return baseline.SQLAdmin{Login: pulumi.String(fakeAdminName), ObjectID: pulumi.String(fakeAdminObjectID)}
}

// stacks are the stacks every whole-program test covers: one per
// Pulumi.<stack>.yaml in the repository root, sorted, as the CLI lists them.
// A stack is data: adding a stack file adds it to every such test.
var stacks = discoverStacks()

// stackList is stacks as the CLI's messages print them ("dev, prod").
var stackList = strings.Join(stacks, ", ")

func discoverStacks() []string {
	files, err := filepath.Glob(filepath.Join(repoRoot, "Pulumi.*.yaml"))
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("no stack files Pulumi.*.yaml in %s: %v", repoRoot, err))
	}
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// isProd reports whether a stack's config makes it a prod stack
// (environment: prod), as the program and the plan's policy check decide.
func isProd(t *testing.T, stack string) bool {
	t.Helper()
	return stackConfig(t, stack, nil).IsProd()
}

// readmeSection compares the README's generated section between begin and
// end with want (update: rewrites it instead) and returns what it holds.
func readmeSection(t *testing.T, begin, end, want string, update bool, drifted string) string {
	t.Helper()
	path := filepath.Join(repoRoot, "README.md")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(b)
	from, to := strings.Index(readme, begin), strings.Index(readme, end)
	require.True(t, from >= 0 && to > from, "README lacks the markers %q", strings.TrimSpace(begin))
	got := readme[from+len(begin) : to]
	if update {
		require.NoError(t, os.WriteFile(path, []byte(readme[:from+len(begin)]+want+readme[to:]), 0o644))
		return want
	}
	assert.Equal(t, want, got, drifted)
	return got
}
