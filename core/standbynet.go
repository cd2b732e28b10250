package core

import (
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// standbyReach are the primary's single, global resources the standby
// reaches through endpoints of its own.
type standbyReach struct {
	storageAccountID pulumi.StringOutput
	keyVaultID       pulumi.StringOutput
}

// privateNetwork builds the standby's private network in its region and
// group, as Microsoft's private link setup for failover groups prescribes
// (https://learn.microsoft.com/azure/azure-sql/database/failover-group-configure-sql-db#use-private-link):
// a VNet of its own whose address space does not overlap the primary's
// (config refuses an overlap), peered with the primary's both ways, the
// privatelink zones linked to both VNets, and the partner's private
// endpoint in the standby's VNet, registered in the same zone as the
// primary server's (each server has a name, and so an A record, of its
// own).
//
// The storage account and the vault are one resource each, with one name:
// a second endpoint registered in the same global zone would overwrite the
// A record of the primary's endpoint, and every client, the primary's
// included, would then cross to the standby's region (one A record per
// name in a shared zone: https://azure.github.io/multi-region-platform/private-dns-multi-region.html).
// Their standby endpoints are therefore created without a DNS zone group:
// the record stays on the primary's endpoint, which the standby reaches
// over the peering, until the failover runbook repoints it to the
// standby's endpoint (a zone's records can be changed from any region
// while another is down: https://learn.microsoft.com/azure/dns/private-dns-resiliency).
// In a landing zone whose Azure Policy creates the zone groups
// (privateDnsZoneGroups false), that policy would register these
// endpoints too: its assignment must exempt the standby's resource group.
func (s *Standby) privateNetwork(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, primary *Network, partnerID pulumi.StringInput, reach standbyReach, opts ...pulumi.ResourceOption) error {
	dr := args.DisasterRecovery
	o, names := args.Options.In(dr.SecondaryLocation), dr.SecondaryNames
	base := baseline.StandbyName(name)
	n, err := virtualNetwork(ctx, base, names, o, args.Network.SecondaryAddressSpace, s.ResourceGroupName, f.Workspace, opts...)
	if err != nil {
		return err
	}
	s.Network = n

	// Global VNet peering, both ways: the standby's apps reach the
	// primary's endpoints and the primary's the standby's. No forwarded
	// traffic and no gateway transit: neither VNet routes for another.
	peer := func(logical string, from, to *Network, fromGroup pulumi.StringInput, peeringName string) error {
		_, err := network.NewVirtualNetworkPeering(ctx, logical, &network.VirtualNetworkPeeringArgs{
			VirtualNetworkPeeringName: pulumi.String(peeringName),
			VirtualNetworkName:        from.vnet.Name,
			ResourceGroupName:         fromGroup,
			RemoteVirtualNetwork:      network.SubResourceArgs{Id: to.VNetID},
			AllowVirtualNetworkAccess: pulumi.Bool(true),
			AllowForwardedTraffic:     pulumi.Bool(false),
			AllowGatewayTransit:       pulumi.Bool(false),
			UseRemoteGateways:         pulumi.Bool(false),
		}, pulumi.Parent(from.vnet), pulumi.DependsOn([]pulumi.Resource{from.lastSubnet, to.lastSubnet}))
		return err
	}
	// In the primary's group: not named with the standby's prefix.
	if err := peer(name+"-vnet-to-standby", primary, n, f.ResourceGroupName, args.Names.Name(naming.VirtualNetworkPeering, "standby")); err != nil {
		return err
	}
	if err := peer(base+"-vnet-to-primary", n, primary, s.ResourceGroupName, names.Name(naming.VirtualNetworkPeering, "primary")); err != nil {
		return err
	}

	// The zones are global: the program's own are linked to the standby's
	// VNet too (a landing zone's central team links its zones itself).
	// The links live with their zones, in the primary's group.
	for _, group := range config.PrivateDNSGroups {
		zone, ok := primary.zones[group]
		if !ok {
			continue
		}
		if err := o.DNSZoneLink(ctx, name+"-dns-"+group+"-standby", zone, f.ResourceGroupName, n.VNetID, names.Name(naming.PrivateDNSZoneLink, "")); err != nil {
			return err
		}
	}

	n.private = &baseline.PrivateNetwork{
		ResourceGroupName: s.ResourceGroupName, VNetID: n.VNetID, EndpointSubnetID: n.EndpointSubnetID,
		DNSZones: primary.private.DNSZones, PolicyZoneGroups: primary.private.PolicyZoneGroups,
	}
	endpoints := []struct {
		logical, group string
		target         pulumi.StringInput
		unregistered   bool
	}{
		{"-sql-pep", "sqlServer", partnerID, false},
		{"-st-blob-pep", "blob", reach.storageAccountID, true},
		{"-st-queue-pep", "queue", reach.storageAccountID, true},
		{"-st-table-pep", "table", reach.storageAccountID, true},
		{"-kv-pep", "vault", reach.keyVaultID, true},
	}
	for _, e := range endpoints {
		// The endpoint's region is its VNet's: o is the standby's.
		if _, err := o.PrivateEndpoint(ctx, base+e.logical, baseline.PrivateEndpointArgs{
			Network:      n.private,
			EndpointName: names.Name(naming.PrivateEndpoint, strings.ToLower(e.group)),
			TargetID:     e.target,
			GroupID:      e.group,
			Unregistered: e.unregistered,
		}, opts...); err != nil {
			return err
		}
	}
	return nil
}
