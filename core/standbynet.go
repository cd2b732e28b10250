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
	var endpointsMade []pulumi.Resource
	for _, e := range endpoints {
		// The endpoint's region is its VNet's: o is the standby's.
		pe, err := o.PrivateEndpoint(ctx, base+e.logical, baseline.PrivateEndpointArgs{
			Network:      n.private,
			EndpointName: names.Name(naming.PrivateEndpoint, strings.ToLower(e.group)),
			TargetID:     e.target,
			GroupID:      e.group,
			Unregistered: e.unregistered,
		}, opts...)
		if err != nil {
			return err
		}
		endpointsMade = append(endpointsMade, pe)
	}

	// Global VNet peering, both ways: the standby's apps reach the
	// primary's endpoints and the primary's the standby's. No forwarded
	// traffic and no gateway transit: neither VNet routes for another.
	// One change at a time on these VNets: Azure refuses a peering while a
	// subnet or endpoint of either is still being provisioned
	// (ReferencedResourceNotProvisioned; azurerm serialises peerings under a
	// lock, azure-native 2.90.0 does not), so the peerings wait for the
	// subnets and the endpoints, and each other.
	// peeringState and peeringSyncLevel are Azure's to report (the first
	// side reads Initiated until the second exists): ignored, so refresh
	// finds no drift.
	after := append([]pulumi.Resource{primary.lastSubnet, n.lastSubnet}, endpointsMade...)
	peer := func(logical string, from, to *Network, fromGroup pulumi.StringInput, peeringName string) (*network.VirtualNetworkPeering, error) {
		return network.NewVirtualNetworkPeering(ctx, logical, &network.VirtualNetworkPeeringArgs{
			VirtualNetworkPeeringName: pulumi.String(peeringName),
			VirtualNetworkName:        from.vnet.Name,
			ResourceGroupName:         fromGroup,
			RemoteVirtualNetwork:      network.SubResourceArgs{Id: to.VNetID},
			AllowVirtualNetworkAccess: pulumi.Bool(true),
			AllowForwardedTraffic:     pulumi.Bool(false),
			AllowGatewayTransit:       pulumi.Bool(false),
			UseRemoteGateways:         pulumi.Bool(false),
		}, pulumi.Parent(from.vnet), pulumi.DependsOn(after), pulumi.IgnoreChanges([]string{"peeringState", "peeringSyncLevel"}))
	}
	// In the primary's group: not named with the standby's prefix.
	toStandby, err := peer(name+"-vnet-to-standby", primary, n, f.ResourceGroupName, args.Names.Name(naming.VirtualNetworkPeering, "standby"))
	if err != nil {
		return err
	}
	after = append(after, toStandby)
	toPrimary, err := peer(base+"-vnet-to-primary", n, primary, s.ResourceGroupName, names.Name(naming.VirtualNetworkPeering, "primary"))
	if err != nil {
		return err
	}
	// The standby's apps and worker integrate with its subnets once the
	// peerings stand: their subnet ids resolve after the second peering.
	peered := func(id pulumi.StringOutput) pulumi.StringOutput {
		return pulumi.All(id, toPrimary.ID()).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput)
	}
	n.AppsSubnetID, n.WorkerSubnetID = peered(n.AppsSubnetID), peered(n.WorkerSubnetID)
	// So do the other layers' endpoints in it (analytics, when it runs in
	// the standby's region).
	layers := *n.private
	layers.EndpointSubnetID = peered(n.EndpointSubnetID)
	n.private = &layers
	return nil
}
