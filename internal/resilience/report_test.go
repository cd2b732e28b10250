package resilience

import (
	"math"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// TestFiguresContract pins Microsoft's figures, as the sources state them,
// against the shipped table: a changed row must be a deliberate re-read.
func TestFiguresContract(t *testing.T) {
	tb, err := LoadTable()
	require.NoError(t, err)
	minutes := map[string]float64{
		SQLGeoReplicationRPO:   0.0833, // 5 s
		SQLFailoverRTO:         0.5,    // 30 s
		SQLGeoRestoreRPO:       60,     // 1 h
		SQLGeoRestoreRTO:       720,    // 12 h
		StorageGeoRPO:          15,     // typically < 15 min
		StorageFailoverRTO:     60,     // typically < 1 h
		KeyVaultPrivateLinkRTO: 20,     // up to 20 min
		WarehouseGeoBackupRPO:  1440,   // 24 h
	}
	for id, want := range minutes {
		r := tb.Figure(id)
		require.NotNil(t, r.Minutes, id)
		assert.Equal(t, want, *r.Minutes, id)
		assert.False(t, r.Estimate, "%s is Microsoft's figure, not an estimate", id)
	}
	for _, id := range []string{KeyVaultRPO, WarehouseGeoRestoreRTO, FrontDoorProbeFailover} {
		assert.Nil(t, tb.Figure(id).Minutes, "%s: the source states no figure", id)
	}
	for _, id := range []string{SQLFailoverDecision, ComputeRedeployRTO, KeyVaultFailoverRTO} {
		assert.True(t, tb.Figure(id).Estimate, "%s is this project's estimate and says so", id)
	}
	for id, want := range map[string]float64{SLAFrontDoor: 99.99, SLAAppService: 99.95, SLASQLDatabase: 99.99, SLASQLDatabaseZoneRedundant: 99.995} {
		assert.Equal(t, want, tb.SLA(id).Percent, id)
	}
	for _, r := range tb.Figures {
		assert.True(t, strings.HasPrefix(r.Source, "https://learn.microsoft.com/azure/"), r.ID)
	}
	for _, s := range tb.SLAs {
		assert.True(t, strings.HasPrefix(s.Source, "https://learn.microsoft.com/azure/"), s.ID)
	}
}

// TestParseTableRefusesGaps: a table without a figure the report reads, or
// with a row without its source, is refused.
func TestParseTableRefusesGaps(t *testing.T) {
	_, err := ParseTable([]byte(`{"read":"2026-01-01","figures":[],"slas":[]}`))
	assert.ErrorContains(t, err, "no row "+SQLGeoReplicationRPO)
	_, err = ParseTable([]byte(`{"read":"2026-01-01","figures":[{"id":"x","text":"1 h","read":"2026-01-01"}]}`))
	assert.ErrorContains(t, err, "names its source")
	_, err = ParseTable([]byte(`{"read":"2026-01-01","figures":[{"id":"x","text":"1 h","source":"s","read":"2026-02-01"}]}`))
	assert.ErrorContains(t, err, "after the table's date")
}

// plan builds a hand-made inventory; each resource is (type, name, inputs)
// and the web apps depend on every other resource but the warehouse ("dw…"),
// as the layers wire them.
type res struct {
	typ, name string
	in        map[string]any
}

func plan(t *testing.T, rs ...res) *inventory.Result {
	t.Helper()
	out := &inventory.Result{Stack: "test"}
	var stores []string
	for _, r := range rs {
		urn := "urn:pulumi:test::ecommerce::" + r.typ + "::" + r.name
		out.Resources = append(out.Resources, inventory.Resource{URN: urn, Type: r.typ, Name: r.name, Custom: true,
			ID: "/id/" + r.name, Inputs: resource.NewPropertyMapFromMap(r.in)})
		if r.typ != inventory.LinuxWebApp && !strings.HasPrefix(r.name, "dw") {
			stores = append(stores, urn)
		}
	}
	for i := range out.Resources {
		if out.Resources[i].Type == inventory.LinuxWebApp {
			out.Resources[i].Dependencies = stores
		}
	}
	return out
}

func report(t *testing.T, rs ...res) *Report {
	t.Helper()
	tb, err := LoadTable()
	require.NoError(t, err)
	return New(plan(t, rs...), tb, Targets{RPOMinutes: 15, RTOMinutes: 60})
}

func store(t *testing.T, r *Report, name string) Store {
	t.Helper()
	for _, s := range r.Stores {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no store %s in %+v", name, r.Stores)
	return Store{}
}

func spofs(r *Report) []string {
	var out []string
	for _, s := range r.SPOFs {
		out = append(out, s.Name)
	}
	return out
}

var (
	rg       = res{inventory.ResourceGroup, "rg", map[string]any{"location": "westeurope"}}
	portal   = res{inventory.LinuxWebApp, "portal", map[string]any{"name": "app-portal", "location": "westeurope", "servicePlanId": "/s/x/providers/Microsoft.Web/serverFarms/asp-main"}}
	standby  = res{inventory.LinuxWebApp, "portal-standby", map[string]any{"name": "app-portal-ne", "location": "northeurope", "servicePlanId": "/s/x/providers/Microsoft.Web/serverFarms/asp-main"}}
	appPlan  = res{inventory.ServicePlan, "plan", map[string]any{"name": "asp-main", "skuName": "P1v3", "zoneBalancingEnabled": true}}
	afd      = res{inventory.FrontDoorProfile, "afd", map[string]any{"sku": map[string]any{"name": "Premium_AzureFrontDoor"}}}
	group    = res{inventory.AFDOriginGroup, "og", map[string]any{"originGroupName": "portal", "healthProbeSettings": map[string]any{"probeIntervalInSeconds": 120}, "loadBalancingSettings": map[string]any{"sampleSize": 4}}}
	primary  = res{inventory.AFDOrigin, "origin", map[string]any{"originGroupName": "portal", "priority": 1, "hostName": "app-portal.azurewebsites.net"}}
	shopDB   = res{inventory.SQLDatabase, "shopdb", map[string]any{"serverName": "sql-a", "databaseName": "shop", "requestedBackupStorageRedundancy": "GeoZone", "zoneRedundant": true, "sku": map[string]any{"tier": "GeneralPurpose"}}}
	localDB  = res{inventory.SQLDatabase, "shopdb", map[string]any{"serverName": "sql-a", "databaseName": "shop", "requestedBackupStorageRedundancy": "Local", "sku": map[string]any{"tier": "GeneralPurpose"}}}
	geoStore = res{inventory.StorageAccount, "st", map[string]any{"sku": map[string]any{"name": "Standard_RAGZRS"}}}
)

func failoverGroup(policy string, grace float64, db string) res {
	return res{inventory.SQLFailoverGroup, "fog", map[string]any{
		"databases":         []any{"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-a/databases/" + db},
		"readWriteEndpoint": map[string]any{"failoverPolicy": policy, "failoverWithDataLossGracePeriodMinutes": grace}}}
}

// TestSQLFigures: the shop database's RPO and RTO follow what the plan
// deploys: a Manual failover group (geo-replication's 5 s, decision plus
// failover), an Automatic one (its grace period bounds the RTO), geo
// backups only (geo-restore, 1 h / 12 h), local backups (nothing).
func TestSQLFigures(t *testing.T) {
	manual := store(t, report(t, rg, portal, shopDB, failoverGroup("Manual", 0, "shop")), "shopdb")
	assert.Equal(t, 0.0833, manual.RPO.Minutes)
	assert.Equal(t, 30.5, manual.RTO.Minutes, "30 min to decide + 30 s failover")
	assert.True(t, manual.RTO.Estimate, "the decision time is an estimate")
	assert.True(t, manual.CustomerPath)

	automatic := store(t, report(t, rg, portal, shopDB, failoverGroup("Automatic", 120, "shop")), "shopdb")
	assert.Equal(t, 0.0833, automatic.RPO.Minutes)
	assert.Equal(t, 120.5, automatic.RTO.Minutes, "the grace period + 30 s failover")

	other := store(t, report(t, rg, portal, shopDB, failoverGroup("Manual", 0, "other")), "shopdb")
	assert.Equal(t, 60.0, other.RPO.Minutes, "a group without the shop database does not protect it")
	assert.Equal(t, 720.0, other.RTO.Minutes)

	// The group's declared geo-secondary is the shop database's replica,
	// not a store of its own (nor a single point of failure).
	secondary := res{inventory.SQLDatabase, "shopdb-standby", map[string]any{"serverName": "sql-b", "databaseName": "shop", "createMode": "Secondary", "sku": map[string]any{"tier": "GeneralPurpose"}}}
	withSecondary := report(t, rg, portal, shopDB, secondary, failoverGroup("Manual", 0, "shop"))
	for _, st := range withSecondary.Stores {
		assert.NotEqual(t, "shopdb-standby", st.Name)
	}
	assert.NotContains(t, spofs(withSecondary), "shopdb-standby")

	local := report(t, rg, portal, localDB)
	assert.Equal(t, NoRecovery, store(t, local, "shopdb").RPO.Kind)
	assert.True(t, math.IsInf(store(t, local, "shopdb").RTO.Value(), 1))
	assert.Contains(t, spofs(local), "shopdb")
}

// TestStorageFigures: a geo-redundant SKU recovers by account failover
// (< 15 min RPO, < 1 h RTO); a local one is a single point of failure.
func TestStorageFigures(t *testing.T) {
	geo := report(t, rg, portal, geoStore)
	assert.Equal(t, 15.0, store(t, geo, "st").RPO.Minutes)
	assert.Equal(t, 60.0, store(t, geo, "st").RTO.Minutes)
	assert.NotContains(t, spofs(geo), "st")

	lrs := report(t, rg, portal, res{inventory.StorageAccount, "st", map[string]any{"sku": map[string]any{"name": "Standard_ZRS"}}})
	assert.Equal(t, NoRecovery, store(t, lrs, "st").RPO.Kind)
	assert.Contains(t, spofs(lrs), "st")
}

// TestUserPath: with an origin at priority 2 in another region the compute
// RTO is Front Door's probe window (120 s x 4 samples = 8 min); one origin,
// or a second in the same region, leaves a redeploy (the 2 h estimate).
func TestUserPath(t *testing.T) {
	secondary := res{inventory.AFDOrigin, "origin-ne", map[string]any{"originGroupName": "portal", "priority": 2, "hostName": "app-portal-ne.azurewebsites.net"}}
	two := report(t, rg, portal, standby, afd, group, primary, secondary)
	assert.Equal(t, 8.0, store(t, two, "portal").RTO.Minutes)
	assert.True(t, store(t, two, "portal").CustomerPath)
	assert.NotContains(t, spofs(two), "portal")

	one := report(t, rg, portal, standby, afd, group, primary)
	assert.Equal(t, 120.0, store(t, one, "portal").RTO.Minutes)
	assert.True(t, store(t, one, "portal").RTO.Estimate)
	assert.Contains(t, spofs(one), "portal")

	sameRegion := res{inventory.AFDOrigin, "origin-2", map[string]any{"originGroupName": "portal", "priority": 2, "hostName": "app-portal.azurewebsites.net"}}
	assert.Equal(t, 120.0, store(t, report(t, rg, portal, afd, group, primary, sameRegion), "portal").RTO.Minutes)
}

// TestAvailability: the customer path's SLAs multiplied, each chosen by
// the SKU and zone redundancy in the plan.
func TestAvailability(t *testing.T) {
	r := report(t, rg, portal, appPlan, afd, group, primary, shopDB)
	assert.InDelta(t, 99.99*99.95*99.99/10000, r.Availability, 1e-9)
	require.Len(t, r.Links, 3)
	assert.Equal(t, []string{SLAFrontDoor, SLAAppService, SLASQLDatabase}, []string{r.Links[0].SLA, r.Links[1].SLA, r.Links[2].SLA})
	assert.Equal(t, "GeneralPurpose, zone-redundant", r.Links[2].Setting)

	bc := res{inventory.SQLDatabase, "shopdb", map[string]any{"zoneRedundant": true, "sku": map[string]any{"tier": "BusinessCritical"}}}
	assert.InDelta(t, 99.95*99.995/100, report(t, rg, portal, appPlan, bc).Availability, 1e-9, "zone-redundant Business Critical: 99.995 %, no Front Door")
	bcLocal := res{inventory.SQLDatabase, "shopdb", map[string]any{"zoneRedundant": false, "sku": map[string]any{"tier": "BusinessCritical"}}}
	assert.InDelta(t, 99.95*99.99/100, report(t, rg, portal, appPlan, bcLocal).Availability, 1e-9)

	// A standby region behind priority-2 origins: its plan stands in for
	// the primary's, so the two are down together only: 1 − (1 − A)².
	standbyPlan := res{inventory.ServicePlan, "plan-ne", map[string]any{"name": "asp-ne", "skuName": "P1v3", "zoneBalancingEnabled": true}}
	standbyApp := res{inventory.LinuxWebApp, "portal-standby", map[string]any{"name": "app-portal-ne", "location": "northeurope", "servicePlanId": "/s/x/providers/Microsoft.Web/serverFarms/asp-ne"}}
	secondary := res{inventory.AFDOrigin, "origin-ne", map[string]any{"originGroupName": "portal", "priority": 2, "hostName": "app-portal-ne.azurewebsites.net"}}
	two := report(t, rg, portal, standbyApp, appPlan, standbyPlan, afd, group, primary, secondary, shopDB)
	assert.InDelta(t, 99.99*(100-0.05*0.05/100)*99.99/10000, two.Availability, 1e-9)
	for _, l := range two.Links {
		assert.Equal(t, l.SLA == SLAAppService, l.Parallel, l.Name)
	}
	// The same two plans without the failover origin are both on the path.
	assert.InDelta(t, 99.99*99.95*99.95*99.99/1e6, report(t, rg, portal, standbyApp, appPlan, standbyPlan, afd, group, primary, shopDB).Availability, 1e-9)

	free := res{inventory.ServicePlan, "plan", map[string]any{"name": "asp-main", "skuName": "F1"}}
	assert.Zero(t, report(t, rg, portal, free, shopDB).Availability, "a Free plan has no SLA: no composite figure")
}

// TestSPOFs: what stays in one region is listed, and only that.
func TestSPOFs(t *testing.T) {
	r := report(t, rg, portal, geoStore, shopDB, failoverGroup("Manual", 0, "shop"),
		res{inventory.LogAnalyticsWorkspace, "log", map[string]any{"location": "westeurope"}},
		res{inventory.LogAnalyticsWorkspace, "log-replicated", map[string]any{"location": "westeurope", "replication": map[string]any{"enabled": true}}},
		res{inventory.DataFactory, "adf", map[string]any{"location": "westeurope"}},
		res{inventory.KeyVault, "kv", map[string]any{"location": "westeurope"}},
		res{inventory.SQLDatabase, "dw", map[string]any{"serverName": "sql-dw", "databaseName": "dw", "sku": map[string]any{"tier": "DataWarehouse"}}},
		res{inventory.GeoBackupPolicy, "dw-geo", map[string]any{"serverName": "sql-dw", "databaseName": "dw", "state": "Enabled"}})
	assert.Equal(t, []string{"adf", "dw", "kv", "log", "portal"}, spofs(r))
	assert.Equal(t, 1440.0, store(t, r, "dw").RPO.Minutes)
	assert.False(t, store(t, r, "dw").CustomerPath)

	twoVaults := report(t, rg, portal, res{inventory.KeyVault, "kv", map[string]any{"location": "westeurope"}},
		res{inventory.KeyVault, "kv-ne", map[string]any{"location": "northeurope"}})
	assert.Equal(t, []string{"portal"}, spofs(twoVaults), "vaults in two regions are no single point")
}

// TestWorst: the worst customer-path figure ignores stores off the path
// and figures the source does not state.
func TestWorst(t *testing.T) {
	r := report(t, rg, portal, geoStore, shopDB, res{inventory.KeyVault, "kv", map[string]any{"location": "westeurope"}})
	rpo, ok := r.Worst(true)
	require.True(t, ok)
	assert.Equal(t, "shopdb", rpo.Name, "1 h geo-restore beats 15 min; Key Vault's unstated RPO is not judged")
	rto, _ := r.Worst(false)
	assert.Equal(t, "shopdb", rto.Name)
}
