package config

import (
	"slices"
	"strings"

	"github.com/ecommerce-platform/infra/internal/naming"
)

// Region is what an Azure region offers a warm standby, as data.
type Region struct {
	// Pair is the region's Azure region pair, "" for a region without one:
	// geo-redundant storage replicates there, and Key Vault fails over there
	// (https://learn.microsoft.com/azure/reliability/regions-paired).
	Pair string
	// Missing lists the services the standby needs that the region does not
	// offer to every customer (restricted-access regions open them on
	// request only; https://learn.microsoft.com/azure/reliability/regions-list).
	Missing []string
	// NoZones: the region has no availability zones
	// (https://learn.microsoft.com/azure/reliability/availability-zones-region-support),
	// so nothing there is zone-redundant.
	NoZones bool
}

// StandbyServices are what the standby runs in its region.
const (
	ServiceSQL        = "Azure SQL Database"
	ServiceAppService = "App Service (Premium v3)"
)

// Regions are the facts of the regions naming knows, for the standby's
// rules (pairs: https://learn.microsoft.com/azure/reliability/cross-region-replication-azure;
// a one-way pair such as westus3's or brazilsouth's is its secondary). A
// region absent here has no pair: polandcentral, italynorth, spaincentral,
// mexicocentral, newzealandnorth and others.
var Regions = map[string]Region{
	// Europe
	"westeurope":         {Pair: "northeurope"},
	"northeurope":        {Pair: "westeurope"},
	"swedencentral":      {Pair: "swedensouth"},
	"swedensouth":        {Pair: "swedencentral", Missing: []string{ServiceSQL, ServiceAppService}, NoZones: true},
	"francecentral":      {Pair: "francesouth"},
	"francesouth":        {Pair: "francecentral", Missing: []string{ServiceSQL, ServiceAppService}, NoZones: true},
	"germanywestcentral": {Pair: "germanynorth"},
	"germanynorth":       {Pair: "germanywestcentral", Missing: []string{ServiceSQL, ServiceAppService}, NoZones: true},
	"uksouth":            {Pair: "ukwest"},
	"ukwest":             {Pair: "uksouth", NoZones: true},
	"switzerlandnorth":   {Pair: "switzerlandwest"},
	"switzerlandwest":    {Pair: "switzerlandnorth", Missing: []string{ServiceSQL, ServiceAppService}, NoZones: true},
	"norwayeast":         {Pair: "norwaywest"},
	"norwaywest":         {Pair: "norwayeast", Missing: []string{ServiceSQL, ServiceAppService}, NoZones: true},
	// Americas
	"eastus":         {Pair: "westus"},
	"westus":         {Pair: "eastus", NoZones: true},
	"eastus2":        {Pair: "centralus"},
	"centralus":      {Pair: "eastus2"},
	"westus2":        {Pair: "westcentralus"},
	"westcentralus":  {Pair: "westus2", NoZones: true},
	"westus3":        {Pair: "eastus"},
	"northcentralus": {Pair: "southcentralus", NoZones: true},
	"southcentralus": {Pair: "northcentralus"},
	"canadacentral":  {Pair: "canadaeast"},
	"canadaeast":     {Pair: "canadacentral", NoZones: true},
	"brazilsouth":    {Pair: "southcentralus"},
	// Asia Pacific
	"australiaeast":      {Pair: "australiasoutheast"},
	"australiasoutheast": {Pair: "australiaeast", NoZones: true},
	"southeastasia":      {Pair: "eastasia"},
	"eastasia":           {Pair: "southeastasia"},
	"japaneast":          {Pair: "japanwest"},
	"japanwest":          {Pair: "japaneast"},
}

// geoRedundantStorage are the storage SKUs with a replica in the pair,
// which a storage account failover promotes
// (https://learn.microsoft.com/azure/storage/common/storage-disaster-recovery-guidance).
var geoRedundantStorage = []string{"Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"}

// standbyChecks are the rules of disasterRecovery and secondaryLocation.
func (p *parser) standbyChecks(c *Config) {
	dr := c.DisasterRecovery
	secondary := p.str("secondaryLocation") // as written, even when not a known region
	if !dr.Enabled {
		return // secondaryLocation waits, unread, for the switch
	}
	if secondary == "" {
		p.problem("secondaryLocation", "is required when disasterRecovery is true: the region of the standby (location's Azure region pair)")
	}
	// The portals' standby is Front Door's priority-2 origin; the worker's
	// is a plan of its own, as the portals' standby plan is the apps
	// layer's and core's worker cannot share it.
	if !c.Edge.Enabled {
		p.problem("frontDoor", "must be true when disasterRecovery is true: Front Door fails the portals over to the standby (its priority-2 origins)")
	}
	if c.Worker.SharesAppPlan {
		p.problem("workerSharesAppPlan", "must be false when disasterRecovery is true: the standby's worker runs on a plan of its own")
	}
	if c.Storage.SKU != "" && !slices.Contains(geoRedundantStorage, c.Storage.SKU) {
		p.problem("storageSku", "must be geo-redundant (%s) when disasterRecovery is true: a storage account failover promotes the geo-replica, and %s has none", strings.Join(geoRedundantStorage, ", "), c.Storage.SKU)
	}
	if dr.SecondaryLocation == "" || c.Location == "" {
		return // reported above, or by the key's own rule
	}
	if dr.SecondaryLocation == c.Location {
		p.problem("secondaryLocation", "must differ from location (%s): a standby in the same region does not survive its outage", c.Location)
		return
	}
	if pair := Regions[c.Location].Pair; pair == "" {
		p.problem("secondaryLocation", "cannot be used: location %s has no Azure region pair, so its storage has no geo-replica and Key Vault no replica for a standby to use", c.Location)
	} else if dr.SecondaryLocation != pair {
		p.problem("secondaryLocation", "must be %s, the Azure region pair of location %s: the storage account's geo-replica and Key Vault's replica live there, and a failover moves them there, not to %s", pair, c.Location, dr.SecondaryLocation)
	}
	there := Regions[dr.SecondaryLocation]
	c.DisasterRecovery.Zones = !there.NoZones
	if len(there.Missing) > 0 {
		p.problem("secondaryLocation", "%s does not offer every customer %s, which the standby runs (a restricted-access region)", dr.SecondaryLocation, strings.Join(there.Missing, " or "))
	}
	if there.NoZones && c.SQL.ZoneRedundant {
		p.problem("sqlZoneRedundant", "must be false with a standby in %s, which has no availability zones: the geo-secondary is zone-redundant like the primary", dr.SecondaryLocation)
	}
	if there.NoZones && strings.Contains(c.SQL.BackupRedundancy, "Zone") {
		p.problem("sqlBackupRedundancy", "must be Local or Geo with a standby in %s, which has no availability zones: the geo-secondary keeps its backups like the primary (%s)", dr.SecondaryLocation, c.SQL.BackupRedundancy)
	}
	// A zone-redundant plan runs at least two instances, one per zone
	// (planChecks holds the primary's to the same); the standby scales up
	// to the primary's maximum, so it starts at most there.
	for _, sb := range []struct {
		key, zoneKey, maxKey string
		zoneRedundant        bool
		min, max             int
	}{
		{"standbyAppMinInstances", "appPlanZoneRedundant", "appMaxInstances", c.Apps.ZoneRedundant, dr.AppMinInstances, c.Apps.MaxInstances},
		{"standbyWorkerMinInstances", "workerZoneRedundant", "workerMaxInstances", c.Worker.ZoneRedundant, dr.WorkerMinInstances, c.Worker.MaxInstances},
	} {
		if sb.zoneRedundant && !there.NoZones && sb.min < 2 {
			p.problem(sb.key, "must be at least 2: the standby's plan is zone-redundant like the primary's (%s), one instance per zone", sb.zoneKey)
		}
		if sb.max > 0 && sb.min > sb.max {
			p.problem(sb.key, "must not exceed %s (%d > %d): the standby scales up to the primary's maximum", sb.maxKey, sb.min, sb.max)
		}
	}
	// https://learn.microsoft.com/azure/azure-sql/database/serverless-tier-overview#auto-pause:
	// auto-pausing must be disabled for a database in geo-replication.
	if c.SQL.SKU.Serverless && c.SQL.AutoPauseDelayMinutes != -1 {
		p.problem("sqlAutoPauseDelayMinutes", "must be -1 (never pause) with a standby: a serverless database in geo-replication cannot auto-pause")
	}
}

// analyticsChecks are the rules of analyticsLocation and
// warehouseRestoreFrom: the layer runs in one of the stack's two regions,
// and a pool is restored from the other's.
func (p *parser) analyticsChecks(c *Config) {
	dr := c.DisasterRecovery
	regions := c.Location + " (location)"
	if dr.Enabled && dr.SecondaryLocation != "" {
		regions += " or " + dr.SecondaryLocation + " (secondaryLocation)"
	}
	at := c.Analytics.Location
	if at != "" && at != c.Location && !c.AnalyticsInStandby() {
		p.problem("analyticsLocation", "must be %s: the analytics layer runs in the primary's resource group or, with disasterRecovery, the standby's, not in %s", regions, at)
	}
	// Checked with the standby, not when the move comes: a stack that
	// could not move its analytics would learn it during the outage.
	if names := dr.SecondaryNames; dr.Enabled && names.Stack() != "" {
		if err := names.PairRoom(naming.StorageAccount); err != nil {
			p.problem("secondaryLocation", "cannot take the analytics layer for this stack (analyticsLocation): its staging storage account there needs a name of its own (storage names are global; the primary's keeps its name), but %v; use a shorter stack name or nameSuffix", err)
		}
	}
	from := c.Analytics.RestoreFrom
	if from == "" {
		return
	}
	switch {
	case from != c.Location && !(dr.Enabled && from == dr.SecondaryLocation):
		p.problem("warehouseRestoreFrom", "must be %s: a pool is restored from the stack's own pool in the other region, not from %s", regions, from)
	case from == at:
		p.problem("warehouseRestoreFrom", "must differ from analyticsLocation (%s): a pool is restored from the geo-backup of the stack's pool in the other region", at)
	}
	if !c.Analytics.GeoBackup {
		p.problem("warehouseGeoBackup", "must be true when warehouseRestoreFrom is set: the restore reads the geo-backup of the stack's pool in %s, which this key keeps on", from)
	}
}
