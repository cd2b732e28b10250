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
	// to the id of the private DNS zone its names resolve in.
	DNSZones map[string]pulumi.StringOutput `arg:"required"`
}

// MissingZones lists the group ids among groups that have no DNS zone, as
// a layer's required inputs ("Foundation.Network.DNSZones[sqlServer]").
func (n *PrivateNetwork) MissingZones(groups ...string) []string {
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
}

// PrivateEndpoint connects a service into the private network and registers
// its address in the group's DNS zone, so the service's public name resolves
// privately; opts apply to the endpoint.
func (o Options) PrivateEndpoint(ctx *pulumi.Context, name string, a PrivateEndpointArgs, opts ...pulumi.ResourceOption) (*network.PrivateEndpoint, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	zone, ok := a.Network.DNSZones[a.GroupID]
	if !ok {
		return nil, fmt.Errorf("%s: the network has no private DNS zone for %q", name, a.GroupID)
	}
	n := a.Network
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
	if err != nil {
		return nil, err
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
	_, err = network.NewVirtualNetworkLink(ctx, name, &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: pulumi.String(a.LinkName),
		PrivateZoneName:        z.Name,
		ResourceGroupName:      a.ResourceGroupName,
		Location:               pulumi.String("global"),
		VirtualNetwork:         network.SubResourceArgs{Id: a.VNetID},
		RegistrationEnabled:    pulumi.Bool(false),
		Tags:                   o.TagMap(),
	}, pulumi.Parent(z))
	return z, err
}
