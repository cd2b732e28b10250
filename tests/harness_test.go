// Package tests runs the real program under the mock engine, for each layer
// alone and for whole stacks, and asserts what users rely on: property
// values, wiring between layers, secrets kept secret, error messages.
package tests

import (
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/platform"
)

// repoRoot holds Pulumi.yaml and the stack files.
const repoRoot = ".."

// unset removes a key from a stack's config in overrides.
const unset = "\x00unset"

// stackOptions reads a stack file and applies overrides; keys without a
// namespace are the project's.
func stackOptions(t *testing.T, stack string, overrides map[string]string) mockcloud.Options {
	t.Helper()
	opts, err := plan.LoadStack(repoRoot, stack)
	require.NoError(t, err)
	opts.Config = maps.Clone(opts.Config)
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

// runStack runs the whole program for a stack with config overrides.
func runStack(t *testing.T, stack string, overrides map[string]string) *mockcloud.Result {
	t.Helper()
	res, err := mockcloud.Run(stackOptions(t, stack, overrides), platform.Run)
	require.NoError(t, err)
	return res
}

var (
	plansMu sync.Mutex
	plans   = map[string]*mockcloud.Result{}
)

// stackPlan runs a stack's program as committed, once per test binary.
func stackPlan(t *testing.T, stack string) *mockcloud.Result {
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
func one(t *testing.T, r *mockcloud.Result, typ, suffix string) mockcloud.Resource {
	t.Helper()
	found := r.Find(typ, suffix)
	require.Lenf(t, found, 1, "want exactly one %s named *%s", typ, suffix)
	return found[0]
}

// layerOptions are the options the program gives a stack's layers, as the
// mock cloud's subscription and tenant; for running a layer alone.
func layerOptions(cfg *config.Config) baseline.Options {
	return platform.Options(cfg, mockcloud.SubscriptionID, mockcloud.TenantID)
}

// withWorkspace sets the diagnostics destination, as core.Options() does.
func withWorkspace(o baseline.Options, workspaceID string) baseline.Options {
	o.Workspace = pulumi.String(workspaceID)
	return o
}

// stacks are the committed stacks every whole-program test covers.
var stacks = []string{"dev", "prod"}
