package baseline

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrivateNetwork is where private endpoints go and how their names resolve.
// Core creates it in stacks with private networking; nil means public endpoints.
type PrivateNetwork struct {
	ResourceGroupName pulumi.StringInput
	VNetID            pulumi.StringInput
	EndpointSubnetID  pulumi.StringInput
	// DNSZones maps a private endpoint group id ("blob", "sqlServer", ...)
	// to the id of the private DNS zone its names resolve in.
	DNSZones map[string]pulumi.StringOutput
}

// Endpoint describes one private endpoint: a service's sub-resource (group id
// such as "blob", "sqlServer" or "vault") and the private DNS zone its name
// resolves in.
type Endpoint struct {
	Name      string // private endpoint resource name
	TargetID  pulumi.StringInput
	GroupID   string
	DNSZoneID pulumi.StringInput
}

// PrivateEndpoint connects e into the private network and registers its
// address in the DNS zone, so the service's public name resolves privately.
func (o Options) PrivateEndpoint(ctx *pulumi.Context, name string, n *PrivateNetwork, e Endpoint, parent pulumi.Resource) (*network.PrivateEndpoint, error) {
	pe, err := network.NewPrivateEndpoint(ctx, name, &network.PrivateEndpointArgs{
		PrivateEndpointName: pulumi.String(e.Name),
		ResourceGroupName:   n.ResourceGroupName,
		Location:            pulumi.String(o.Location),
		Subnet:              network.SubnetTypeArgs{Id: n.EndpointSubnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{network.PrivateLinkServiceConnectionArgs{
			Name:                 pulumi.String(e.Name),
			PrivateLinkServiceId: e.TargetID,
			GroupIds:             pulumi.StringArray{pulumi.String(e.GroupID)},
		}},
		Tags: o.TagMap(),
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	_, err = network.NewPrivateDnsZoneGroup(ctx, name, &network.PrivateDnsZoneGroupArgs{
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateEndpointName:     pe.Name,
		ResourceGroupName:       n.ResourceGroupName,
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{network.PrivateDnsZoneConfigArgs{
			Name:             pulumi.String(e.GroupID),
			PrivateDnsZoneId: e.DNSZoneID,
		}},
	}, pulumi.Parent(pe))
	return pe, err
}

// DNSZone creates a private DNS zone (such as privatelink.blob.core.windows.net)
// linked to the VNet.
func (o Options) DNSZone(ctx *pulumi.Context, name, zone string, n *PrivateNetwork, linkName string, parent pulumi.Resource) (*network.PrivateZone, error) {
	z, err := network.NewPrivateZone(ctx, name, &network.PrivateZoneArgs{
		PrivateZoneName:   pulumi.String(zone),
		ResourceGroupName: n.ResourceGroupName,
		Location:          pulumi.String("global"), // private DNS zones are global resources
		Tags:              o.TagMap(),
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	_, err = network.NewVirtualNetworkLink(ctx, name, &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: pulumi.String(linkName),
		PrivateZoneName:        z.Name,
		ResourceGroupName:      n.ResourceGroupName,
		Location:               pulumi.String("global"),
		VirtualNetwork:         network.SubResourceArgs{Id: n.VNetID},
		RegistrationEnabled:    pulumi.Bool(false),
		Tags:                   o.TagMap(),
	}, pulumi.Parent(z))
	return z, err
}
