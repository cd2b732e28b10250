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
	VNetID         pulumi.StringOutput
	AppsSubnetID   pulumi.StringOutput // portals' outbound VNet integration
	WorkerSubnetID pulumi.StringOutput // worker's outbound VNet integration
	EndpointSubnet pulumi.StringOutput // private endpoints

	private *baseline.PrivateNetwork
	zones   map[string]pulumi.StringOutput // private endpoint group id -> DNS zone id
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

// network creates the private network when the stack asks for one.
func (c *Core) network(ctx *pulumi.Context, name string, args Args) error {
	if !args.Network.Private {
		return nil
	}
	o := args.Options
	vnet, err := network.NewVirtualNetwork(ctx, name+"-vnet", &network.VirtualNetworkArgs{
		VirtualNetworkName: pulumi.String(args.Names.Name(naming.VirtualNetwork, "")),
		ResourceGroupName:  c.ResourceGroupName,
		Location:           pulumi.String(o.Location),
		AddressSpace:       network.AddressSpaceArgs{AddressPrefixes: pulumi.StringArray{pulumi.String(args.Network.AddressSpace)}},
		Tags:               o.TagMap(),
	}, pulumi.Parent(c), pulumi.IgnoreChanges([]string{"subnets"})) // subnets are their own resources
	if err != nil {
		return err
	}
	n := &Network{VNetID: vnet.ID().ToStringOutput(), zones: map[string]pulumi.StringOutput{}}
	if err := c.diagnostics(ctx, name+"-vnet", n.VNetID, baseline.AllLogsAndMetrics, vnet); err != nil {
		return err
	}

	ids := map[string]pulumi.StringOutput{}
	var previous pulumi.Resource
	for _, s := range subnets {
		prefix, err := carve(args.Network.AddressSpace, s.index)
		if err != nil {
			return err
		}
		nsg, err := network.NewNetworkSecurityGroup(ctx, name+"-nsg-"+s.name, &network.NetworkSecurityGroupArgs{
			NetworkSecurityGroupName: pulumi.String(args.Names.Name(naming.NetworkSecurityGroup, s.name)),
			ResourceGroupName:        c.ResourceGroupName,
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
			return err
		}
		if err := c.diagnostics(ctx, name+"-nsg-"+s.name, nsg.ID(), baseline.NetworkSecurityGroup, nsg); err != nil {
			return err
		}
		subnetArgs := &network.SubnetArgs{
			SubnetName:           pulumi.String(args.Names.Name(naming.Subnet, s.name)),
			VirtualNetworkName:   vnet.Name,
			ResourceGroupName:    c.ResourceGroupName,
			AddressPrefix:        pulumi.String(prefix),
			NetworkSecurityGroup: network.NetworkSecurityGroupTypeArgs{Id: nsg.ID()},
		}
		if s.delegated != "" {
			subnetArgs.Delegations = network.DelegationArray{network.DelegationArgs{Name: pulumi.String("delegation"), ServiceName: pulumi.String(s.delegated)}}
		}
		opts := []pulumi.ResourceOption{pulumi.Parent(vnet)}
		if previous != nil {
			// Azure refuses concurrent changes to subnets of one VNet.
			opts = append(opts, pulumi.DependsOn([]pulumi.Resource{previous}))
		}
		sn, err := network.NewSubnet(ctx, name+"-snet-"+s.name, subnetArgs, opts...)
		if err != nil {
			return err
		}
		previous = sn
		ids[s.name] = sn.ID().ToStringOutput()
	}
	n.AppsSubnetID, n.WorkerSubnetID, n.EndpointSubnet = ids["apps"], ids["worker"], ids["endpoints"]
	n.private = &baseline.PrivateNetwork{ResourceGroupName: c.ResourceGroupName, VNetID: n.VNetID, EndpointSubnetID: n.EndpointSubnet, DNSZones: n.zones}

	for _, group := range []string{"blob", "queue", "table", "sqlServer", "vault"} {
		zone, err := o.DNSZone(ctx, name+"-dns-"+group, dnsZones[group], n.private, args.Names.Name(naming.PrivateDNSZoneLink, ""), vnet)
		if err != nil {
			return err
		}
		n.zones[group] = zone.ID().ToStringOutput()
	}
	c.Network = n
	return nil
}

// privateEndpoint puts a private endpoint for target's group in the
// endpoints subnet; a no-op without private networking.
func (c *Core) privateEndpoint(ctx *pulumi.Context, name string, target pulumi.StringInput, group string) error {
	if c.Network == nil {
		return nil
	}
	_, err := c.opts.PrivateEndpoint(ctx, name+"-pep", c.Network.private, baseline.Endpoint{
		Name:      c.names.Name(naming.PrivateEndpoint, strings.ToLower(group)),
		TargetID:  target,
		GroupID:   group,
		DNSZoneID: c.Network.zones[group],
	}, c)
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
