package core

import (
	"fmt"
	"net"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Network is the private network: a VNet whose subnets each carry an NSG,
// private DNS zones for the services core hosts, and the subnets the apps
// and the worker integrate with.
type Network struct {
	VNetID           pulumi.StringOutput
	AppsSubnetID     pulumi.StringOutput // portals' outbound VNet integration
	WorkerSubnetID   pulumi.StringOutput // worker's outbound VNet integration
	EndpointSubnetID pulumi.StringOutput // private endpoints

	// private is the network as the other layers see it (Foundation.Network).
	private *baseline.PrivateNetwork
}

// Private DNS zones by private endpoint group id, per Azure's private
// endpoint DNS configuration table.
var dnsZones = map[string]string{
	"blob":      "privatelink.blob.core.windows.net",
	"queue":     "privatelink.queue.core.windows.net",
	"table":     "privatelink.table.core.windows.net",
	"sqlServer": "privatelink.database.windows.net",
	"vault":     "privatelink.vaultcore.azure.net",
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
// nil otherwise.
func privateNetwork(ctx *pulumi.Context, name string, args Args, resourceGroupName, workspace pulumi.StringInput, opts ...pulumi.ResourceOption) (*Network, error) {
	if !args.Network.Private {
		return nil, nil
	}
	o := args.Options
	vnet, err := network.NewVirtualNetwork(ctx, name+"-vnet", &network.VirtualNetworkArgs{
		VirtualNetworkName: pulumi.String(args.Names.Name(naming.VirtualNetwork, "")),
		ResourceGroupName:  resourceGroupName,
		Location:           pulumi.String(o.Location),
		AddressSpace:       network.AddressSpaceArgs{AddressPrefixes: pulumi.StringArray{pulumi.String(args.Network.AddressSpace)}},
		Tags:               o.TagMap(),
	}, append(opts, pulumi.IgnoreChanges([]string{"subnets"}))...) // subnets are their own resources
	if err != nil {
		return nil, err
	}
	n := &Network{VNetID: vnet.ID().ToStringOutput()}
	if _, err := baseline.Diagnostics(ctx, name+"-vnet-diag", baseline.DiagnosticsArgs{
		ResourceID: n.VNetID, Workspace: workspace, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(vnet)); err != nil {
		return nil, err
	}

	ids := map[string]pulumi.StringOutput{}
	var previous pulumi.Resource
	for _, s := range subnets {
		prefix, err := carve(args.Network.AddressSpace, s.index)
		if err != nil {
			return nil, err
		}
		nsg, err := network.NewNetworkSecurityGroup(ctx, name+"-nsg-"+s.name, &network.NetworkSecurityGroupArgs{
			NetworkSecurityGroupName: pulumi.String(args.Names.Name(naming.NetworkSecurityGroup, s.name)),
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
		if _, err := baseline.Diagnostics(ctx, name+"-nsg-"+s.name+"-diag", baseline.DiagnosticsArgs{
			ResourceID: nsg.ID(), Workspace: workspace, Signals: baseline.NetworkSecurityGroup,
		}, pulumi.Parent(nsg)); err != nil {
			return nil, err
		}
		subnetArgs := &network.SubnetArgs{
			SubnetName:           pulumi.String(args.Names.Name(naming.Subnet, s.name)),
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
		sn, err := network.NewSubnet(ctx, name+"-snet-"+s.name, subnetArgs, subnetOpts...)
		if err != nil {
			return nil, err
		}
		previous = sn
		ids[s.name] = sn.ID().ToStringOutput()
	}
	n.AppsSubnetID, n.WorkerSubnetID, n.EndpointSubnetID = ids["apps"], ids["worker"], ids["endpoints"]

	zones := map[string]pulumi.StringOutput{}
	for _, group := range []string{"blob", "queue", "table", "sqlServer", "vault"} {
		zone, err := o.DNSZone(ctx, name+"-dns-"+group, baseline.DNSZoneArgs{
			ResourceGroupName: resourceGroupName,
			VNetID:            n.VNetID,
			Zone:              dnsZones[group],
			LinkName:          args.Names.Name(naming.PrivateDNSZoneLink, ""),
		}, pulumi.Parent(vnet))
		if err != nil {
			return nil, err
		}
		zones[group] = zone.ID().ToStringOutput()
	}
	n.private = &baseline.PrivateNetwork{ResourceGroupName: resourceGroupName, VNetID: n.VNetID, EndpointSubnetID: n.EndpointSubnetID, DNSZones: zones}
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
