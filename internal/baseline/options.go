// Package baseline is the one path of every cross-cutting concern, as Azure
// Verified Modules give every module the same interface:
//   - Options, the stack's settings every layer shares (location, tags,
//     protection, lock), from config;
//   - Foundation, what core lays down for the other layers (resource group,
//     diagnostics workspace, private network), passed like any other output;
//   - the helpers that apply the security baseline the same way in every
//     layer: secure storage accounts and SQL servers that own their
//     diagnostics, diagnostic settings, deterministic role assignments,
//     private endpoints, autoscale, and the App Service hardening values.
//
// Every helper has the shape (ctx, name, Args, opts...): name is the
// logical name of the main resource, and opts (parent, DependsOn,
// IgnoreChanges, provider) apply to it; the resources it adds around it are
// its children.
package baseline

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Options are the stack's cross-cutting settings, the same for every layer.
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
}

// TagMap returns the tags as a Pulumi input.
func (o Options) TagMap() pulumi.StringMap { return pulumi.ToStringMap(o.Tags) }

// In returns the options for resources in another region: the standby's.
func (o Options) In(location string) Options {
	o.Location = location
	return o
}

// Stateful returns opts for a resource that holds data: protected when the
// stack asks for it.
func (o Options) Stateful(opts ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append(slices.Clip(opts), pulumi.Protect(o.ProtectData))
}

// Foundation is what core lays down for the other layers: the resource
// group their resources go in, the workspace their diagnostics go to, the
// action group their alerts notify and, with private networking, the network
// their private endpoints go in.
type Foundation struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	Workspace         pulumi.StringInput `arg:"required"`
	// ActionGroup is the id of core's action group: every layer's alerts
	// notify it, as every layer's diagnostics go to the workspace.
	ActionGroup pulumi.StringInput `arg:"required"`
	// Network is nil when the stack uses public endpoints.
	Network *PrivateNetwork `arg:"optional"`
	// Group is the resource group itself: what the other layers' resources
	// are deleted with on teardown (Options.TeardownWith); nil, each keeps
	// its own delete.
	Group pulumi.Resource `arg:"optional"`
	// Standby is where a layer puts its part of the warm standby; nil
	// without one.
	Standby *StandbyFoundation `arg:"optional"`
}

// StandbyFoundation is the standby's counterpart of the Foundation, in the
// region pair: its resource group and, with private networking, the
// subnet its web apps integrate with. Diagnostics and alerts keep going to
// the primary's workspace and action group.
type StandbyFoundation struct {
	Location          string             `arg:"required"`
	ResourceGroupName pulumi.StringInput `arg:"required"`
	// Group is the standby's resource group itself, for teardown.
	Group pulumi.Resource `arg:"optional"`
	// AppsSubnetID is the standby's VNet subnet its web apps integrate
	// with; nil without private networking.
	AppsSubnetID pulumi.StringInput `arg:"optional"`
	// Network is the standby's VNet as a layer's private endpoints see it;
	// nil without private networking.
	Network *PrivateNetwork `arg:"optional"`
}

// InStandby is the Foundation of a layer that runs in the standby's region
// (analyticsLocation): the standby's group and network. Diagnostics and
// alerts keep going to the primary's workspace and action group, and the
// layer's logical names start with StandbyName, so GroupOf finds the
// standby's group.
func (f Foundation) InStandby() Foundation {
	s := f.Standby
	return Foundation{ResourceGroupName: s.ResourceGroupName, Workspace: f.Workspace, ActionGroup: f.ActionGroup, Network: s.Network, Group: s.Group, Standby: s}
}

// StandbyName is the logical name prefix of what a layer puts in the
// standby's group: "<layer>-standby". Teardown tells the standby's
// resources by it, so nothing else may start with it.
func StandbyName(layer string) string { return layer + "-standby" }

// IsStandby reports whether a logical name is StandbyName's.
func IsStandby(resource string) bool {
	_, rest, _ := strings.Cut(resource, "-")
	return strings.HasPrefix(rest, "standby-") || rest == "standby"
}

// GroupOf returns the resource group a resource goes in, by its logical
// name, for Options.TeardownWith.
func (f Foundation) GroupOf(resource string) pulumi.Resource {
	if IsStandby(resource) {
		if f.Standby == nil {
			return nil
		}
		return f.Standby.Group
	}
	return f.Group
}

// SQLAdmin is the Entra principal (a group) administering the SQL servers.
type SQLAdmin struct {
	Login    pulumi.StringInput `arg:"required"` // display name
	ObjectID pulumi.StringInput `arg:"required"`
}
