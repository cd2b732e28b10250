// Package mockcloud runs the real program under Pulumi's in-process mock
// engine and records what it would deploy. Both the offline plan and the
// tests use it. Instead of echoing inputs back, it answers like Azure would,
// deterministically: ARM resource ids, hostnames, FQDNs, endpoints and
// principal/client ids derived from the inputs, so the wiring between layers
// (an app setting that carries the SQL FQDN, a role assignment that names the
// web app's identity) is visible and testable.
package mockcloud

import (
	"fmt"
	"sort"
	"sync"

	"github.com/google/uuid"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// Identities the mock cloud runs as.
const (
	SubscriptionID = "6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17"
	TenantID       = "3c9e5b1d-7a24-4f6e-b8d0-1e2f3a4b5c6d"
	// DeployerObjectID is the object id of the identity running the deployment.
	DeployerObjectID = "9b2d4f6a-8c0e-4a1b-9d3f-5e7a9c1b3d5f"
)

// Options say which project and stack to run and with what config.
type Options struct {
	Project string
	Stack   string
	// Config holds namespaced keys ("ecommerce:location"); arrays and objects as JSON.
	Config map[string]string
	// SecretKeys lists the Config keys set as secrets.
	SecretKeys []string
	// Deploy runs the program as `pulumi up` does; otherwise as a preview.
	Deploy bool
}

// Program is a Pulumi program that returns its stack outputs instead of
// exporting them, so that a mock run can read them back.
type Program func(ctx *pulumi.Context) (pulumi.Map, error)

// Run executes program under the mock engine. On error the result still
// holds what was registered before the program failed.
func Run(opts Options, program Program) (*inventory.Result, error) {
	e := &engine{project: opts.Project, stack: opts.Stack}
	outputs := map[string]inventory.Output{}
	withConfig := func(info *pulumi.RunInfo) {
		info.Config = opts.Config
		info.ConfigSecretKeys = opts.SecretKeys
		info.DryRun = !opts.Deploy
	}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		exports, err := program(ctx)
		if err != nil {
			return err
		}
		for name, value := range exports {
			got, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(value))
			if err != nil {
				return fmt.Errorf("stack output %s: %w", name, err)
			}
			outputs[name] = inventory.Output{Value: got.Value, Secret: got.Secret}
			ctx.Export(name, value)
		}
		return nil
	}, pulumi.WithMocks(opts.Project, opts.Stack, e), withConfig)
	return &inventory.Result{Project: opts.Project, Stack: opts.Stack, Resources: e.sorted(), Outputs: outputs}, err
}

type engine struct {
	project, stack string
	mu             sync.Mutex
	resources      []inventory.Resource
	// aliasesOf holds each registered resource's aliases, for its children.
	aliasesOf map[string][]string
}

func (e *engine) sorted() []inventory.Resource {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := append([]inventory.Resource(nil), e.resources...)
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// urn mirrors the mock monitor's URN scheme, so recorded URNs match the ones
// the program sees.
func (e *engine) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(e.stack), tokens.PackageName(e.project), parentType, tokens.Type(typ), name))
}

func (e *engine) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	parent := ""
	var deps []string
	protect, provider, deletedWith := false, "", ""
	var hooks map[string][]string
	var ignoreChanges, aliases []string
	if rpc != nil {
		ignoreChanges = rpc.GetIgnoreChanges()
		parent = rpc.GetParent()
		deps = append(deps, rpc.GetDependencies()...)
		for _, pd := range rpc.GetPropertyDependencies() {
			deps = append(deps, pd.GetUrns()...)
		}
		protect = rpc.GetProtect()
		provider = rpc.GetProvider()
		deletedWith = rpc.GetDeletedWith()
		hooks = hookNames(rpc.GetHooks())
	}
	urn := e.urn(parent, args.TypeToken, args.Name)
	if rpc != nil {
		aliases = e.aliases(rpc, parent, args.TypeToken, args.Name)
	}
	id, outputs := respond(args.TypeToken, urn, args.Inputs)
	if !args.Custom {
		id = "" // components have no physical id
	}
	e.mu.Lock()
	if len(aliases) > 0 {
		if e.aliasesOf == nil {
			e.aliasesOf = map[string][]string{}
		}
		e.aliasesOf[urn] = aliases
	}
	e.resources = append(e.resources, inventory.Resource{
		URN: urn, Type: args.TypeToken, Name: args.Name, Parent: parent, Custom: args.Custom,
		Protect: protect, Provider: provider, IgnoreChanges: ignoreChanges, Aliases: aliases, DeletedWith: deletedWith, Hooks: hooks, ID: id, Inputs: args.Inputs, Outputs: outputs, Dependencies: uniqueSorted(deps, parent),
	})
	e.mu.Unlock()
	return id, outputs, nil
}

// aliases resolves a registration's aliases to URNs, as the engine does:
// an alias spec's unset parts default to the resource's own, and a child of
// an aliased parent is aliased under each of its parent's former URNs.
func (e *engine) aliases(rpc *pulumirpc.RegisterResourceRequest, parent, typ, name string) []string {
	out := append([]string(nil), rpc.GetAliasURNs()...)
	e.mu.Lock()
	for _, former := range e.aliasesOf[parent] {
		out = append(out, e.urn(former, typ, name))
	}
	e.mu.Unlock()
	for _, a := range rpc.GetAliases() {
		if urn := a.GetUrn(); urn != "" {
			out = append(out, urn)
			continue
		}
		spec := a.GetSpec()
		if spec == nil {
			continue
		}
		p, t, n := parent, typ, name
		if spec.GetNoParent() {
			p = ""
		} else if u := spec.GetParentUrn(); u != "" {
			p = u
		}
		if spec.GetType() != "" {
			t = spec.GetType()
		}
		if spec.GetName() != "" {
			n = spec.GetName()
		}
		out = append(out, e.urn(p, t, n))
	}
	sort.Strings(out)
	return out
}

func (e *engine) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "azure-native:authorization:getClientConfig":
		return resource.NewPropertyMapFromMap(map[string]any{
			"clientId": DeployerObjectID, "objectId": DeployerObjectID,
			"subscriptionId": SubscriptionID, "tenantId": TenantID,
		}), nil
	case "azuread:index/getClientConfig:getClientConfig":
		return resource.NewPropertyMapFromMap(map[string]any{
			"clientId": DeployerObjectID, "objectId": DeployerObjectID, "tenantId": TenantID,
		}), nil
	}
	return nil, fmt.Errorf("mockcloud: no mock for invoke %s", args.Token)
}

func uniqueSorted(urns []string, drop string) []string {
	seen := map[string]bool{drop: true, "": true}
	var out []string
	for _, u := range urns {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return out
}

// stableUUID derives a GUID from a seed, standing in for ids Azure assigns.
func stableUUID(kind, seed string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("mockcloud:"+kind+":"+seed)).String()
}

// hookNames are a registration's hooks by lifecycle point, nil for none.
func hookNames(b *pulumirpc.RegisterResourceRequest_ResourceHooksBinding) map[string][]string {
	out := map[string][]string{}
	for point, names := range map[string][]string{
		"before_create": b.GetBeforeCreate(), "after_create": b.GetAfterCreate(),
		"before_update": b.GetBeforeUpdate(), "after_update": b.GetAfterUpdate(),
		"before_delete": b.GetBeforeDelete(), "after_delete": b.GetAfterDelete(),
	} {
		if len(names) > 0 {
			out[point] = names
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
