package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrivateNetwork is where private endpoints go and how their names resolve.
// Core creates it in stacks with private networking.
type PrivateNetwork struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	VNetID            pulumi.StringInput `arg:"required"`
	EndpointSubnetID  pulumi.StringInput `arg:"required"`
	// DNSZones maps a private endpoint group id ("blob", "sqlServer", ...)
	// to the id of the private DNS zone its names resolve in; required
	// unless PolicyZoneGroups (PrivateEndpoint refuses a group without one).
	DNSZones map[string]pulumi.StringOutput `arg:"optional"`
	// PolicyZoneGroups: in a landing zone, Azure Policy (DeployIfNotExists)
	// gives each private endpoint its DNS zone group, in the central zones,
	// so PrivateEndpoint creates none and needs no zone.
	PolicyZoneGroups bool `arg:"optional"`
}

// MissingZones lists the group ids among groups that have no DNS zone, as
// a layer's required inputs ("Foundation.Network.DNSZones[sqlServer]");
// none when Azure Policy creates the zone groups.
func (n *PrivateNetwork) MissingZones(groups ...string) []string {
	if n.PolicyZoneGroups {
		return nil
	}
	var missing []string
	for _, g := range groups {
		if _, ok := n.DNSZones[g]; !ok {
			missing = append(missing, fmt.Sprintf("Foundation.Network.DNSZones[%s]", g))
		}
	}
	return missing
}

// PrivateEndpointArgs describe one private endpoint: a service's
// sub-resource (group id such as "blob", "sqlServer" or "vault"), reached
// in the network's endpoint subnet and resolved in its DNS zone.
type PrivateEndpointArgs struct {
	Network      *PrivateNetwork    `arg:"required"`
	EndpointName string             `arg:"required"` // the private endpoint's Azure name
	TargetID     pulumi.StringInput `arg:"required"`
	GroupID      string             `arg:"required"`
	// Unregistered leaves the endpoint out of DNS (no zone group): for a
	// second endpoint to a resource whose one name already resolves to
	// another endpoint in the same global zone, whose A record a zone
	// group would overwrite. Its record is written by hand when needed
	// (a failover's runbook).
	Unregistered bool `arg:"optional"`
}

// PrivateEndpoint connects a service into the private network and registers
// its address in the group's DNS zone, so the service's public name resolves
// privately; opts apply to the endpoint.
func (o Options) PrivateEndpoint(ctx *pulumi.Context, name string, a PrivateEndpointArgs, opts ...pulumi.ResourceOption) (*network.PrivateEndpoint, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	n := a.Network
	register := !a.Unregistered && !n.PolicyZoneGroups
	zone, ok := n.DNSZones[a.GroupID]
	if register && !ok {
		return nil, fmt.Errorf("%s: the network has no private DNS zone for %q", name, a.GroupID)
	}
	pe, err := network.NewPrivateEndpoint(ctx, name, &network.PrivateEndpointArgs{
		PrivateEndpointName: pulumi.String(a.EndpointName),
		ResourceGroupName:   n.ResourceGroupName,
		Location:            pulumi.String(o.Location),
		Subnet:              network.SubnetTypeArgs{Id: n.EndpointSubnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{network.PrivateLinkServiceConnectionArgs{
			Name:                 pulumi.String(a.EndpointName),
			PrivateLinkServiceId: a.TargetID,
			GroupIds:             pulumi.StringArray{pulumi.String(a.GroupID)},
		}},
		Tags: o.TagMap(),
		// The zone group below may fill customDnsConfigs after the endpoint's
		// own read-back; the program never sets it, so a refresh must not
		// turn it into drift.
	}, append(opts, pulumi.IgnoreChanges([]string{"customDnsConfigs"}))...)
	if err != nil || !register {
		return pe, err
	}
	_, err = network.NewPrivateDnsZoneGroup(ctx, name, &network.PrivateDnsZoneGroupArgs{
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateEndpointName:     pe.Name,
		ResourceGroupName:       n.ResourceGroupName,
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{network.PrivateDnsZoneConfigArgs{
			Name:             pulumi.String(a.GroupID),
			PrivateDnsZoneId: zone,
		}},
	}, pulumi.Parent(pe))
	return pe, err
}

// DNSZoneArgs describe a private DNS zone linked to a VNet.
type DNSZoneArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	VNetID            pulumi.StringInput `arg:"required"`
	Zone              string             `arg:"required"` // such as privatelink.blob.core.windows.net
	LinkName          string             `arg:"required"`
}

// DNSZone creates a private DNS zone linked to the VNet; opts apply to the zone.
func (o Options) DNSZone(ctx *pulumi.Context, name string, a DNSZoneArgs, opts ...pulumi.ResourceOption) (*network.PrivateZone, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	z, err := network.NewPrivateZone(ctx, name, &network.PrivateZoneArgs{
		PrivateZoneName:   pulumi.String(a.Zone),
		ResourceGroupName: a.ResourceGroupName,
		Location:          pulumi.String("global"), // private DNS zones are global resources
		Tags:              o.TagMap(),
	}, opts...)
	if err != nil {
		return nil, err
	}
	return z, o.DNSZoneLink(ctx, name, z, a.ResourceGroupName, a.VNetID, a.LinkName)
}

// DNSZoneLink links a private DNS zone to one more VNet, so that the VNet
// resolves the zone's records; registration stays off (the zone holds the
// endpoints' records, not the VNet's machines').
func (o Options) DNSZoneLink(ctx *pulumi.Context, name string, zone *network.PrivateZone, resourceGroupName, vnetID pulumi.StringInput, linkName string) error {
	_, err := network.NewVirtualNetworkLink(ctx, name, &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: pulumi.String(linkName),
		PrivateZoneName:        zone.Name,
		ResourceGroupName:      resourceGroupName,
		Location:               pulumi.String("global"),
		VirtualNetwork:         network.SubResourceArgs{Id: vnetID},
		RegistrationEnabled:    pulumi.Bool(false),
		Tags:                   o.TagMap(),
	}, pulumi.Parent(zone))
	return err
}
