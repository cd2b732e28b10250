// Package baseline holds the cross-cutting options every component takes, as
// Azure Verified Modules do (location, tags, protection, lock, diagnostics
// destination), and the helpers that apply the security baseline the same way
// in every layer: deterministic role assignments and diagnostic settings.
package baseline

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Options are the settings shared by every component.
type Options struct {
	Location       string
	Tags           map[string]string
	SubscriptionID string
	TenantID       string
	// ProtectData marks stateful resources protected: Pulumi refuses to
	// delete or replace them until the flag is lifted.
	ProtectData bool
	// Lock puts a CanNotDelete management lock where a component has a scope to lock.
	Lock bool
	// Workspace is the Log Analytics workspace resource id that diagnostic
	// settings send to. Core creates the workspace, so core leaves it nil.
	Workspace pulumi.StringInput
}

// TagMap returns the tags as a Pulumi input.
func (o Options) TagMap() pulumi.StringMap { return pulumi.ToStringMap(o.Tags) }

// Stateful returns the resource options of a resource that holds data: its
// parent, and protection when the stack asks for it.
func (o Options) Stateful(parent pulumi.Resource, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(parent), pulumi.Protect(o.ProtectData)}, extra...)
}
