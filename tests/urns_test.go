package tests

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// updateURNs rewrites the committed URN lists: `make urns`, after a change
// that adds or deliberately replaces resources.
var updateURNs = flag.Bool("update-urns", false, "rewrite tests/testdata/urns/<stack>.txt from the current plans")

// urnFile is where a stack's resource identities are committed.
func urnFile(stack string) string { return filepath.Join("testdata", "urns", stack+".txt") }

// urnDrift compares a plan with the committed URNs. A pinned URN that is
// neither in the plan nor an alias of a planned resource is a resource the
// next `pulumi up` would delete (and, if it only moved, create again: a
// replacement). A planned URN that is not pinned is a new resource.
func urnDrift(pinned []string, res *inventory.Result) (lost, added []string) {
	planned := map[string]bool{}
	aliased := map[string]bool{}
	for _, r := range res.Resources {
		planned[r.URN] = true
		for _, a := range r.Aliases {
			aliased[a] = true
		}
	}
	known := map[string]bool{}
	for _, urn := range pinned {
		known[urn] = true
		if !planned[urn] && !aliased[urn] {
			lost = append(lost, urn)
		}
	}
	for _, r := range res.Resources {
		if !known[r.URN] && !slices.ContainsFunc(r.Aliases, func(a string) bool { return known[a] }) {
			added = append(added, r.URN)
		}
	}
	return lost, added
}

func urns(res *inventory.Result) []string {
	var out []string
	for _, r := range res.Resources {
		out = append(out, r.URN)
	}
	slices.Sort(out)
	return out
}

// TestURNsPinned keeps every deployed resource's identity: a refactor that
// renames a logical name, moves a resource to another parent or changes a
// component's type token fails here unless it carries a pulumi.Aliases entry
// for the old URN.
func TestURNsPinned(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			if *updateURNs {
				require.NoError(t, os.WriteFile(urnFile(stack), []byte(strings.Join(urns(res), "\n")+"\n"), 0o644))
				return
			}
			data, err := os.ReadFile(urnFile(stack))
			require.NoError(t, err, "no committed URN list: run make urns")
			pinned := strings.Fields(string(data))
			lost, added := urnDrift(pinned, res)
			assert.Empty(t, lost, "resources the next deployment would delete or replace; keep their URNs or add pulumi.Aliases")
			assert.Empty(t, added, "new resources: if intended, run make urns and commit the list")
		})
	}
}

// TestURNDriftHonoursAliases checks the check itself: a renamed resource is
// lost without an alias and kept with one, as the engine resolves it.
func TestURNDriftHonoursAliases(t *testing.T) {
	run := func(name string, opts ...pulumi.ResourceOption) *inventory.Result {
		return runOK(t, func(ctx *pulumi.Context) error {
			return errOf(resources.NewResourceGroup(ctx, name, &resources.ResourceGroupArgs{}, opts...))
		})
	}
	before := urns(run("rg"))
	require.Equal(t, []string{"urn:pulumi:blocks::ecommerce::azure-native:resources:ResourceGroup::rg"}, before)

	lost, added := urnDrift(before, run("rg-renamed"))
	assert.Equal(t, before, lost)
	assert.Equal(t, []string{"urn:pulumi:blocks::ecommerce::azure-native:resources:ResourceGroup::rg-renamed"}, added)

	lost, added = urnDrift(before, run("rg-renamed", pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("rg")}})))
	assert.Empty(t, lost)
	assert.Empty(t, added)
}

// TestURNDriftInheritsParentAliases: when a parent moves under another
// resource with an alias for its old place, its children's URNs change too
// (a URN carries its parents' types) and they are aliased under the
// parent's former URN, as the engine does; nothing is lost.
func TestURNDriftInheritsParentAliases(t *testing.T) {
	run := func(moved bool) *inventory.Result {
		return runOK(t, func(ctx *pulumi.Context) error {
			var opts []pulumi.ResourceOption
			if moved {
				holder, err := resources.NewResourceGroup(ctx, "holder", &resources.ResourceGroupArgs{})
				if err != nil {
					return err
				}
				opts = append(opts, pulumi.Parent(holder), pulumi.Aliases([]pulumi.Alias{{NoParent: pulumi.Bool(true)}}))
			}
			rg, err := resources.NewResourceGroup(ctx, "rg", &resources.ResourceGroupArgs{}, opts...)
			if err != nil {
				return err
			}
			return errOf(resources.NewResourceGroup(ctx, "child", &resources.ResourceGroupArgs{}, pulumi.Parent(rg)))
		})
	}
	before := urns(run(false))
	after := run(true)
	require.Contains(t, urns(after), "urn:pulumi:blocks::ecommerce::azure-native:resources:ResourceGroup$azure-native:resources:ResourceGroup$azure-native:resources:ResourceGroup::child")

	lost, added := urnDrift(before, after)
	assert.Empty(t, lost, "the moved parent and its child keep their identities")
	assert.Equal(t, []string{"urn:pulumi:blocks::ecommerce::azure-native:resources:ResourceGroup::holder"}, added)
}
