package core

import (
	"fmt"
	"net"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Network is a private network: a VNet whose subnets each carry an NSG,
// the subnets the apps and the worker integrate with, and where private
// endpoints go. The primary's also holds the private DNS zones of the
// services core hosts (unless a landing zone's are given).
type Network struct {
	VNetID           pulumi.StringOutput
	AppsSubnetID     pulumi.StringOutput // portals' outbound VNet integration
	WorkerSubnetID   pulumi.StringOutput // worker's outbound VNet integration
	EndpointSubnetID pulumi.StringOutput // private endpoints

	// private is the network as the other layers see it (Foundation.Network).
	private *baseline.PrivateNetwork
	// vnet and lastSubnet order peerings after the subnets: Azure refuses
	// concurrent changes to one VNet.
	vnet       *network.VirtualNetwork
	lastSubnet pulumi.Resource
	// zones are the private DNS zones the program created, by group id:
	// the standby links them to its VNet too. Empty in a landing zone.
	zones map[string]*network.PrivateZone
}

// subnet is one /24 carved from the VNet's address space.
type subnet struct {
	name      string
	index     int    // which /24 of the address space
	delegated string // service delegation, for App Service VNet integration
}

var subnets = []subnet{
	{name: "apps", index: 0, delegated: "Microsoft.Web/serverFarms"},
	{name: "worker", index: 1, delegated: "Microsoft.Web/serverFarms"},
	{name: "endpoints", index: 2},
}

// privateNetwork creates the private network when the stack asks for one,
// nil otherwise: the VNet, and the private DNS zones linked to it unless a
// landing zone provides them (config.Network.OwnZones).
func privateNetwork(ctx *pulumi.Context, name string, args Args, resourceGroupName, workspace pulumi.StringInput, opts ...pulumi.ResourceOption) (*Network, error) {
	if !args.Network.Private {
		return nil, nil
	}
	n, err := virtualNetwork(ctx, name, args.Names, args.Options, args.Network.AddressSpace, resourceGroupName, workspace, opts...)
	if err != nil {
		return nil, err
	}
	zones := map[string]pulumi.StringOutput{}
	n.zones = map[string]*network.PrivateZone{}
	switch {
	case args.Network.OwnZones():
		for _, group := range config.PrivateDNSGroups {
			zone, err := args.Options.DNSZone(ctx, name+"-dns-"+group, baseline.DNSZoneArgs{
				ResourceGroupName: resourceGroupName,
				VNetID:            n.VNetID,
				Zone:              config.PrivateDNSZones[group],
				LinkName:          args.Names.Name(naming.PrivateDNSZoneLink, ""),
			}, pulumi.Parent(n.vnet))
			if err != nil {
				return nil, err
			}
			zones[group], n.zones[group] = zone.ID().ToStringOutput(), zone
		}
	case len(args.Network.DNSZoneIDs) > 0:
		// A landing zone's central zones: the central team owns them and
		// their links to the VNets; the endpoints only register in them.
		for group, id := range args.Network.DNSZoneIDs {
			zones[group] = pulumi.String(id).ToStringOutput()
		}
	default:
		// Azure Policy creates the zone groups, in the zones its
		// assignment names. The program creates no zone of its own
		// either: an empty privatelink zone linked to a VNet would answer
		// for the service's names there, and hide the central one.
	}
	n.private = &baseline.PrivateNetwork{ResourceGroupName: resourceGroupName, VNetID: n.VNetID, EndpointSubnetID: n.EndpointSubnetID,
		DNSZones: zones, PolicyZoneGroups: !args.Network.ZoneGroups}
	return n, nil
}

// virtualNetwork creates a VNet with its subnets, each with an NSG, carved
// from space; names logical names with base and Azure names with names, in
// o's region. The primary's and the standby's are built alike.
func virtualNetwork(ctx *pulumi.Context, base string, names naming.Namer, o baseline.Options, space string, resourceGroupName, workspace pulumi.StringInput, opts ...pulumi.ResourceOption) (*Network, error) {
	vnet, err := network.NewVirtualNetwork(ctx, base+"-vnet", &network.VirtualNetworkArgs{
		VirtualNetworkName: pulumi.String(names.Name(naming.VirtualNetwork, "")),
		ResourceGroupName:  resourceGroupName,
		Location:           pulumi.String(o.Location),
		AddressSpace:       network.AddressSpaceArgs{AddressPrefixes: pulumi.StringArray{pulumi.String(space)}},
		Tags:               o.TagMap(),
	}, append(opts, pulumi.IgnoreChanges([]string{"subnets", "virtualNetworkPeerings"}))...) // subnets and peerings are their own resources
	if err != nil {
		return nil, err
	}
	n := &Network{VNetID: vnet.ID().ToStringOutput(), vnet: vnet}
	if _, err := baseline.Diagnostics(ctx, base+"-vnet-diag", baseline.DiagnosticsArgs{
		ResourceID: n.VNetID, Workspace: workspace, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(vnet)); err != nil {
		return nil, err
	}

	ids := map[string]pulumi.StringOutput{}
	var previous pulumi.Resource
	for _, s := range subnets {
		prefix, err := carve(space, s.index)
		if err != nil {
			return nil, err
		}
		nsg, err := network.NewNetworkSecurityGroup(ctx, base+"-nsg-"+s.name, &network.NetworkSecurityGroupArgs{
			NetworkSecurityGroupName: pulumi.String(names.Name(naming.NetworkSecurityGroup, s.name)),
			ResourceGroupName:        resourceGroupName,
			Location:                 pulumi.String(o.Location),
			SecurityRules: network.SecurityRuleTypeArray{network.SecurityRuleTypeArgs{
				// Azure's default rules already drop other inbound traffic;
				// this states the intent and shows up in flow logs.
				Name:                     pulumi.String("deny-internet-inbound"),
				Priority:                 pulumi.Int(4000),
				Direction:                pulumi.String("Inbound"),
				Access:                   pulumi.String("Deny"),
				Protocol:                 pulumi.String("*"),
				SourceAddressPrefix:      pulumi.String("Internet"),
				SourcePortRange:          pulumi.String("*"),
				DestinationAddressPrefix: pulumi.String("*"),
				DestinationPortRange:     pulumi.String("*"),
			}},
			Tags: o.TagMap(),
		}, pulumi.Parent(vnet))
		if err != nil {
			return nil, err
		}
		if _, err := baseline.Diagnostics(ctx, base+"-nsg-"+s.name+"-diag", baseline.DiagnosticsArgs{
			ResourceID: nsg.ID(), Workspace: workspace, Signals: baseline.NetworkSecurityGroup,
		}, pulumi.Parent(nsg)); err != nil {
			return nil, err
		}
		subnetArgs := &network.SubnetArgs{
			SubnetName:           pulumi.String(names.Name(naming.Subnet, s.name)),
			VirtualNetworkName:   vnet.Name,
			ResourceGroupName:    resourceGroupName,
			AddressPrefix:        pulumi.String(prefix),
			NetworkSecurityGroup: network.NetworkSecurityGroupTypeArgs{Id: nsg.ID()},
		}
		if s.delegated != "" {
			subnetArgs.Delegations = network.DelegationArray{network.DelegationArgs{Name: pulumi.String("delegation"), ServiceName: pulumi.String(s.delegated)}}
		}
		subnetOpts := []pulumi.ResourceOption{pulumi.Parent(vnet)}
		if previous != nil {
			// Azure refuses concurrent changes to subnets of one VNet.
			subnetOpts = append(subnetOpts, pulumi.DependsOn([]pulumi.Resource{previous}))
		}
		sn, err := network.NewSubnet(ctx, base+"-snet-"+s.name, subnetArgs, subnetOpts...)
		if err != nil {
			return nil, err
		}
		previous = sn
		ids[s.name] = sn.ID().ToStringOutput()
	}
	n.AppsSubnetID, n.WorkerSubnetID, n.EndpointSubnetID = ids["apps"], ids["worker"], ids["endpoints"]
	n.lastSubnet = previous
	return n, nil
}

// privateEndpoint puts a private endpoint for target's group in the
// network's endpoint subnet; nothing without private networking.
func privateEndpoint(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, target pulumi.StringInput, group string, opts ...pulumi.ResourceOption) error {
	if f.Network == nil {
		return nil
	}
	_, err := args.Options.PrivateEndpoint(ctx, name, baseline.PrivateEndpointArgs{
		Network:      f.Network,
		EndpointName: args.Names.Name(naming.PrivateEndpoint, strings.ToLower(group)),
		TargetID:     target,
		GroupID:      group,
	}, opts...)
	return err
}

// carve returns the index-th /24 of a CIDR block of /16 to /22.
func carve(cidr string, index int) (string, error) {
	_, block, err := net.ParseCIDR(cidr)
	if err != nil {
		return "", err
	}
	ip := block.IP.To4()
	ones, _ := block.Mask.Size()
	if index >= 1<<(24-ones) {
		return "", fmt.Errorf("address space %s has no room for subnet %d", cidr, index)
	}
	base := uint32(ip[0])<<24 | uint32(ip[1])<<16 | uint32(ip[2])<<8
	base += uint32(index) << 8
	return fmt.Sprintf("%d.%d.%d.0/24", base>>24, base>>16&0xff, base>>8&0xff), nil
}
