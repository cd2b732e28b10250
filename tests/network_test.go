package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// privateStandbyOn is dev with its standby and private networking on.
func privateStandbyOn(t *testing.T) map[string]string {
	on := standbyOn(t)
	on["privateNetworking"] = "true"
	return on
}

// standbyNetworkCases are the plans with a private standby: dev switched
// on, and every stack file that runs one.
func standbyNetworkCases(t *testing.T) map[string]map[string]string {
	cases := map[string]map[string]string{"dev+private-standby": privateStandbyOn(t)}
	for _, stack := range stacks {
		if cfg := stackConfig(t, stack, nil); cfg.DisasterRecovery.Enabled && cfg.Network.Private {
			cases[stack] = nil
		}
	}
	require.Contains(t, cases, "prod", "prod runs a private standby")
	return cases
}

// caseStack is the stack file a case runs.
func caseStack(name string) string { stack, _, _ := strings.Cut(name, "+"); return stack }

// zoneGroupOf is the zone group of the endpoint named exactly name, nil
// for none.
func zoneGroupOf(t *testing.T, res *inventory.Result, name string) *inventory.Resource {
	t.Helper()
	found := withName(res, inventory.PrivateDnsZoneGroup, name)
	require.LessOrEqual(t, len(found), 1, name)
	if len(found) == 0 {
		return nil
	}
	return &found[0]
}

// TestStandbyNetwork: the standby's VNet in its region and group (its
// NSGs and diagnostics: the policy rows; its peerings' names:
// TestPhysicalNamesPinned), carved from secondaryVnetAddressSpace; global peering
// both ways; every private DNS zone linked to both VNets; the partner's
// endpoint in the standby's endpoint subnet, registered in the shop's
// privatelink zone; the standby's endpoints to the storage account and
// the vault unregistered, so their names keep resolving to the primary's.
func TestStandbyNetwork(t *testing.T) {
	for name, overrides := range standbyNetworkCases(t) {
		t.Run(name, func(t *testing.T) {
			stack := caseStack(name)
			res, cfg := runStack(t, stack, overrides), stackConfig(t, stack, overrides)
			dr := cfg.DisasterRecovery
			group := one(t, res, inventory.ResourceGroup, "core-standby-rg").Input("resourceGroupName")
			primaryGroup := one(t, res, inventory.ResourceGroup, "core-rg").Input("resourceGroupName")

			vnet, primaryVNet := one(t, res, inventory.VirtualNetwork, "core-standby-vnet"), one(t, res, inventory.VirtualNetwork, "core-vnet")
			hasInputs(t, vnet, map[string]any{"location": dr.SecondaryLocation, "resourceGroupName": group,
				"addressSpace.addressPrefixes": []any{cfg.Network.SecondaryAddressSpace}, "virtualNetworkName": dr.SecondaryNames.Name(naming.VirtualNetwork, "")})

			// Same layout as the primary's, from the standby's space.
			for i, s := range []string{"apps", "worker", "endpoints"} {
				sn := one(t, res, inventory.Subnet, "core-standby-snet-"+s)
				primarySn := one(t, res, inventory.Subnet, "core-snet-"+s)
				hasInputs(t, sn, map[string]any{"resourceGroupName": group, "virtualNetworkName": vnet.Input("virtualNetworkName"), "delegations": primarySn.Input("delegations")})
				prefix := strings.Split(cfg.Network.SecondaryAddressSpace, ".")
				assert.Truef(t, strings.HasPrefix(sn.Input("addressPrefix").(string), prefix[0]+"."+prefix[1]+"."), "%s: %v carved from %s (subnet %d)", s, sn.Input("addressPrefix"), cfg.Network.SecondaryAddressSpace, i)
				nsg := one(t, res, inventory.NetworkSecurityGroup, "core-standby-nsg-"+s)
				assert.Equal(t, nsg.ID, sn.Input("networkSecurityGroup.id"), s)
				hasInputs(t, nsg, map[string]any{"location": dr.SecondaryLocation, "resourceGroupName": group,
					"securityRules": one(t, res, inventory.NetworkSecurityGroup, "core-nsg-"+s).Input("securityRules")})
			}

			// Peered both ways, neither routing for the other.
			for _, p := range []struct {
				name     string
				from, to inventory.Resource
				group    any
			}{
				{"core-vnet-to-standby", primaryVNet, vnet, primaryGroup},
				{"core-standby-vnet-to-primary", vnet, primaryVNet, group},
			} {
				peering := one(t, res, inventory.VirtualNetworkPeering, p.name)
				hasInputs(t, peering, map[string]any{"virtualNetworkName": p.from.Input("virtualNetworkName"), "resourceGroupName": p.group,
					"remoteVirtualNetwork.id": p.to.ID, "allowVirtualNetworkAccess": true,
					"allowForwardedTraffic": false, "allowGatewayTransit": false, "useRemoteGateways": false})
				// Azure's to report; the first side reads Initiated until the
				// second exists.
				assert.Subset(t, peering.IgnoreChanges, []string{"peeringState", "peeringSyncLevel"}, p.name)
				// One change at a time on the two VNets: after every subnet
				// and endpoint (ReferencedResourceNotProvisioned otherwise).
				for _, pe := range res.ByType(inventory.PrivateEndpoint) {
					// The standby worker's own endpoint follows its worker,
					// which integrates after the peerings.
					if strings.HasPrefix(pe.Name, "core-standby-") && pe.Name != "core-standby-worker-pep" {
						assert.Contains(t, peering.Dependencies, pe.URN, "%s waits for %s", p.name, pe.Name)
					}
				}
			}
			assert.Len(t, res.ByType(inventory.VirtualNetworkPeering), 2)
			toStandby, second := one(t, res, inventory.VirtualNetworkPeering, "core-vnet-to-standby"), one(t, res, inventory.VirtualNetworkPeering, "core-standby-vnet-to-primary")
			assert.Contains(t, second.Dependencies, toStandby.URN, "the peerings one after the other")
			// The standby's apps and worker integrate once the peerings stand.
			for _, site := range append(res.ByType(inventory.LinuxWebApp), res.ByType(inventory.LinuxFunctionApp)...) {
				if strings.Contains(site.Name, "standby") {
					assert.Contains(t, site.Dependencies, second.URN, site.Name)
				}
			}

			// Every zone linked to both VNets, once each, registration off.
			zones := res.ByType(inventory.PrivateZone)
			require.Len(t, zones, len(config.PrivateDNSGroups))
			for _, z := range zones {
				linked := map[any]int{}
				for _, l := range res.ByType(inventory.VirtualNetworkLink) {
					if l.Input("privateZoneName") == z.Input("privateZoneName") {
						linked[l.Input("virtualNetwork.id")]++
						assert.Equal(t, false, l.Input("registrationEnabled"), l.Name)
						assert.Equal(t, primaryGroup, l.Input("resourceGroupName"), "%s: a link lives with its zone", l.Name)
					}
				}
				assert.Equal(t, map[any]int{primaryVNet.ID: 1, vnet.ID: 1}, linked, z.Name)
			}

			// The endpoints in the standby's VNet.
			endpoints := one(t, res, inventory.Subnet, "core-standby-snet-endpoints").ID
			partner := one(t, res, inventory.SQLServer, "core-standby-sql")
			pep := one(t, res, inventory.PrivateEndpoint, "core-standby-sql-pep") // an endpoint is in its VNet's region
			hasInputs(t, pep, map[string]any{"subnet.id": endpoints, "location": dr.SecondaryLocation, "resourceGroupName": group})
			assert.Equal(t, partner.ID, dig(first(pep.Input("privateLinkServiceConnections")), "privateLinkServiceId"))
			zg, primaryZG := zoneGroupOf(t, res, "core-standby-sql-pep"), zoneGroupOf(t, res, "core-sql-pep")
			require.NotNil(t, zg, "the partner registers its own name")
			require.NotNil(t, primaryZG)
			assert.Equal(t, dig(first(primaryZG.Input("privateDnsZoneConfigs")), "privateDnsZoneId"), dig(first(zg.Input("privateDnsZoneConfigs")), "privateDnsZoneId"), "both servers in the one privatelink zone")
			assert.Empty(t, res.Find(inventory.PrivateEndpoint, "core-sql-standby-pep"), "the partner's endpoint left the primary's VNet")

			account, vault := one(t, res, inventory.StorageAccount, "core-st").ID, one(t, res, inventory.KeyVault, "core-kv").ID
			for logical, target := range map[string]string{"st-blob": account, "st-queue": account, "st-table": account, "kv": vault} {
				pe := one(t, res, inventory.PrivateEndpoint, "core-standby-"+logical+"-pep")
				hasInputs(t, pe, map[string]any{"subnet.id": endpoints, "location": dr.SecondaryLocation, "resourceGroupName": group})
				assert.Equal(t, target, dig(first(pe.Input("privateLinkServiceConnections")), "privateLinkServiceId"), logical)
				assert.Nil(t, zoneGroupOf(t, res, pe.Name), "%s: no zone group, the name stays on the primary's endpoint", logical)
				assert.NotNil(t, zoneGroupOf(t, res, "core-"+logical+"-pep"), "%s: the primary's endpoint registers", logical)
			}
		})
	}
}

// landingZoneIDs are central zones in another subscription's group, as a
// landing zone's platform team would hand them over.
func landingZoneIDs() (string, map[string]string) {
	byGroup := map[string]string{}
	var ids []string
	for _, g := range config.PrivateDNSGroups {
		id := "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-connectivity-dns/providers/Microsoft.Network/privateDnsZones/" + config.PrivateDNSZones[g]
		byGroup[g] = id
		ids = append(ids, `"`+id+`"`)
	}
	return "[" + strings.Join(ids, ",") + "]", byGroup
}

// TestLandingZoneCentralZones: with privateDnsZoneIds the program creates
// no private DNS zone and no VNet link (the central team links its zones
// to both VNets), and every zone group points at the given zone of its
// group; the standby's storage and vault endpoints still do not register.
func TestLandingZoneCentralZones(t *testing.T) {
	raw, byGroup := landingZoneIDs()
	res := runStack(t, "prod", map[string]string{"privateDnsZoneIds": raw})
	assert.Empty(t, res.ByType(inventory.PrivateZone))
	assert.Empty(t, res.ByType(inventory.VirtualNetworkLink))
	endpoints := res.ByType(inventory.PrivateEndpoint)
	require.NotEmpty(t, endpoints)
	registered := 0
	for _, pe := range endpoints {
		group := first(dig(first(pe.Input("privateLinkServiceConnections")), "groupIds")).(string)
		zg := zoneGroupOf(t, res, pe.Name)
		if zg == nil {
			assert.True(t, strings.HasPrefix(pe.Name, "core-standby-") && pe.Name != "core-standby-sql-pep", "%s has no zone group", pe.Name)
			continue
		}
		registered++
		assert.Equal(t, byGroup[group], dig(first(zg.Input("privateDnsZoneConfigs")), "privateDnsZoneId"), pe.Name)
	}
	assert.Equal(t, len(endpoints)-4, registered)
}

// TestLandingZonePolicyZoneGroups: with privateDnsZoneGroups false, Azure
// Policy creates the zone groups: the program creates the endpoints, and
// no zone group, zone or link (an empty zone of its own, linked to its
// VNets, would hide the central one there).
func TestLandingZonePolicyZoneGroups(t *testing.T) {
	res, want := runStack(t, "prod", map[string]string{"privateDnsZoneGroups": "false"}), stackPlan(t, "prod")
	assert.Len(t, res.ByType(inventory.PrivateEndpoint), len(want.ByType(inventory.PrivateEndpoint)))
	for _, typ := range []string{inventory.PrivateDnsZoneGroup, inventory.PrivateZone, inventory.VirtualNetworkLink} {
		assert.Empty(t, res.ByType(typ), typ)
	}
}

// TestNetworkConfigErrors: the network's keys are refused on a stack file,
// every problem at once, each under its key.
func TestNetworkConfigErrors(t *testing.T) {
	raw, _ := landingZoneIDs()
	_, err := parseStack(t, "prod", map[string]string{
		"secondaryVnetAddressSpace": "10.40.0.0/20",
		"privateDnsZoneIds":         strings.Replace(raw, "privatelink.vaultcore.azure.net", "privatelink.file.core.windows.net", 1),
	})
	require.Error(t, err)
	var keys []string
	for _, p := range err.(*config.Error).Problems {
		keys = append(keys, p.Key)
	}
	assert.Equal(t, []string{"ecommerce:privateDnsZoneIds", "ecommerce:secondaryVnetAddressSpace"}, keys, err.Error())
	assert.Contains(t, err.Error(), "overlaps vnetAddressSpace (10.40.0.0/16)")
	assert.Contains(t, err.Error(), "privatelink.file.core.windows.net is not a zone the program needs")
}
