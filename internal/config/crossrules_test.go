package config

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecommerce-platform/infra/internal/naming"
)

// crossCase sets kv on valid() (prod: validProd()), optionally unsetting
// keys, and expects exactly the problems want ({key, rule} pairs, in the
// order Parse reports them); want == nil means the config is accepted.
type crossCase struct {
	name  string
	prod  bool
	stack string // "" is dev, or prod with prod
	kv    []string
	unset []string
	want  []string
}

// crossCases break each condition of every rule that relates several keys,
// one condition at a time, next to the boundary that passes.
var crossCases = []crossCase{
	// Portal plan.
	{name: "app min above max", kv: []string{"appPlanSku", "S1", "appMinInstances", "3", "appMaxInstances", "2"},
		want: []string{"appMinInstances", "must not exceed appMaxInstances (3 > 2)"}},
	{name: "app min equal to max passes", kv: []string{"appPlanSku", "S1", "appMinInstances", "2", "appMaxInstances", "2"}},
	{name: "app zone redundancy on Standard", kv: []string{"appPlanSku", "S1", "appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"},
		want: []string{"appPlanZoneRedundant", "needs a Premium v3 appPlanSku (P0v3, P1v3, P2v3, P3v3, P1mv3, P2mv3, P3mv3), not S1"}},
	{name: "app zone redundancy on Basic", kv: []string{"appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"},
		want: []string{"appPlanZoneRedundant", "needs a Premium v3 appPlanSku (P0v3, P1v3, P2v3, P3v3, P1mv3, P2mv3, P3mv3), not B1"}},
	{name: "app zone redundancy on one instance", kv: []string{"appPlanSku", "P1v3", "appPlanZoneRedundant", "true"},
		want: []string{"appMinInstances", "must be at least 2 when appPlanZoneRedundant is true (one instance per zone)"}},
	{name: "app zone redundancy on P0v3 with exactly 2 instances passes", kv: []string{"appPlanSku", "P0v3", "appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"}},
	{name: "app zone redundancy on memory-optimized P1mv3 passes", kv: []string{"appPlanSku", "P1mv3", "appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"}},
	{name: "app zone redundancy with an invalid plan names only the plan", kv: []string{"appPlanSku", "Y1", "appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"},
		want: []string{"appPlanSku", `"Y1" is a Consumption/Elastic Premium plan, which needs a storage key for its content share; use a dedicated plan (B1, B2, B3, S1, S2, S3, P0v3, P1v3, P2v3, P3v3, P1mv3, P2mv3, P3mv3)`}},
	{name: "app zone redundancy with an invalid min names only the min", kv: []string{"appPlanSku", "P1v3", "appPlanZoneRedundant", "true", "appMinInstances", "0", "appMaxInstances", "2"},
		want: []string{"appMinInstances", "0 is out of range 1-30"}},
	{name: "app slots on Basic", kv: []string{"appStagingSlots", "true"},
		want: []string{"appStagingSlots", "needs a Standard or Premium v3 appPlanSku; Basic (B1) has no deployment slots"}},
	{name: "app slots on Standard pass", kv: []string{"appPlanSku", "S1", "appStagingSlots", "true"}},
	{name: "app autoscale on Basic", kv: []string{"appPlanSku", "B2", "appMaxInstances", "2"},
		want: []string{"appMaxInstances", "autoscale (appMaxInstances > appMinInstances) needs a Standard or Premium v3 appPlanSku, not B2"}},
	{name: "app autoscale on Standard passes", kv: []string{"appPlanSku", "S1", "appMaxInstances", "2"}},
	{name: "app Basic with 4 instances", kv: []string{"appPlanSku", "B3", "appMinInstances", "4", "appMaxInstances", "4"},
		want: []string{"appMinInstances", "Basic plans run at most 3 instances (appPlanSku B3)"}},
	{name: "app Standard scaling to 11 instances", kv: []string{"appPlanSku", "S1", "appMaxInstances", "11"},
		want: []string{"appMaxInstances", "Standard plans run at most 10 instances (appPlanSku S1)"}},
	{name: "app Standard scaling to 10 instances passes", kv: []string{"appPlanSku", "S1", "appMaxInstances", "10"}},
	{name: "worker Standard on 11 instances", kv: []string{"workerPlanSku", "S1", "workerMinInstances", "11", "workerMaxInstances", "11"},
		want: []string{"workerMaxInstances", "Standard plans run at most 10 instances (workerPlanSku S1)", "workerMinInstances", "Standard plans run at most 10 instances (workerPlanSku S1)"}},
	{name: "app Basic with exactly 3 instances passes", kv: []string{"appPlanSku", "B3", "appMinInstances", "3", "appMaxInstances", "3"}},
	{name: "app Standard with 4 instances passes", kv: []string{"appPlanSku", "S1", "appMinInstances", "4", "appMaxInstances", "4"}},

	// Worker plan.
	{name: "worker min above max", kv: []string{"workerPlanSku", "S1", "workerMinInstances", "3", "workerMaxInstances", "2"},
		want: []string{"workerMinInstances", "must not exceed workerMaxInstances (3 > 2)"}},
	{name: "worker min equal to max passes", kv: []string{"workerPlanSku", "S1", "workerMinInstances", "2", "workerMaxInstances", "2"}},
	{name: "worker zone redundancy on Standard", kv: []string{"workerPlanSku", "S1", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"},
		want: []string{"workerZoneRedundant", "needs a Premium v3 workerPlanSku (P0v3, P1v3, P2v3, P3v3), not S1"}},
	{name: "worker zone redundancy on one instance", kv: []string{"workerPlanSku", "P1v3", "workerZoneRedundant", "true"},
		want: []string{"workerMinInstances", "must be at least 2 when workerZoneRedundant is true (one instance per zone)"}},
	{name: "worker zone redundancy on P0v3 with exactly 2 instances passes", kv: []string{"workerPlanSku", "P0v3", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"}},
	{name: "worker zone redundancy with an invalid plan names only the plan", kv: []string{"workerPlanSku", "EP1", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"},
		want: []string{"workerPlanSku", `"EP1" is a Consumption/Elastic Premium plan, which needs a storage key for its content share; use a dedicated plan (B1, B2, B3, S1, S2, S3, P0v3, P1v3, P2v3, P3v3)`}},
	{name: "worker zone redundancy with an invalid min names only the min", kv: []string{"workerPlanSku", "P1v3", "workerZoneRedundant", "true", "workerMinInstances", "0", "workerMaxInstances", "2"},
		want: []string{"workerMinInstances", "0 is out of range 1-30"}},
	{name: "worker autoscale on Basic", kv: []string{"workerPlanSku", "B2", "workerMaxInstances", "2"},
		want: []string{"workerMaxInstances", "autoscale (workerMaxInstances > workerMinInstances) needs a Standard or Premium v3 workerPlanSku, not B2"}},
	{name: "worker autoscale on Standard passes", kv: []string{"workerPlanSku", "S1", "workerMaxInstances", "2"}},
	{name: "worker Basic with 4 instances", kv: []string{"workerPlanSku", "B3", "workerMinInstances", "4", "workerMaxInstances", "4"},
		want: []string{"workerMinInstances", "Basic plans run at most 3 instances (workerPlanSku B3)"}},
	{name: "worker Basic with exactly 3 instances passes", kv: []string{"workerPlanSku", "B3", "workerMinInstances", "3", "workerMaxInstances", "3"}},
	{name: "worker Standard with 4 instances passes", kv: []string{"workerPlanSku", "S1", "workerMinInstances", "4", "workerMaxInstances", "4"}},

	// Entra ID.
	{name: "customer tenant with a multi-tenant audience", kv: []string{"customerTenantId", guidA},
		want: []string{"customerSignInAudience", "must be AzureADMyOrg when customerTenantId is set: an external tenant's apps sign in that tenant's own customer accounts, not AzureADandPersonalMicrosoftAccount"}},
	{name: "customer tenant with AzureADMyOrg passes", kv: []string{"customerTenantId", guidA, "customerSignInAudience", "AzureADMyOrg"}},
	{name: "customer tenant with an invalid audience names only the audience", kv: []string{"customerTenantId", guidA, "customerSignInAudience", "Everyone"},
		want: []string{"customerSignInAudience", `"Everyone" is not one of AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount, PersonalMicrosoftAccount`}},
	{name: "multi-tenant audience without a customer tenant passes", kv: []string{"customerSignInAudience", "AzureADMultipleOrgs"}},

	// ETL schedule.
	{name: "hourly interval 25", kv: []string{"etlFrequency", "Hour", "etlInterval", "25"},
		want: []string{"etlInterval", "must be at most 24 for etlFrequency Hour"}},
	{name: "hourly interval 24 passes", kv: []string{"etlFrequency", "Hour", "etlInterval", "24"}},
	{name: "weekly interval 5", kv: []string{"etlFrequency", "Week", "etlInterval", "5"},
		want: []string{"etlInterval", "must be at most 4 for etlFrequency Week"}},
	{name: "weekly interval 4 passes", kv: []string{"etlFrequency", "Week", "etlInterval", "4"}},
	{name: "daily interval 31 passes", kv: []string{"etlFrequency", "Day", "etlInterval", "31"}},
	{name: "interval with an invalid frequency names only the frequency", kv: []string{"etlFrequency", "Month", "etlInterval", "30"},
		want: []string{"etlFrequency", `"Month" is not one of Hour, Day, Week`}},

	// Serverless auto-pause.
	{name: "auto-pause on a provisioned SKU", kv: []string{"sqlSkuName", "GP_Gen5_2", "sqlAutoPauseDelayMinutes", "30"},
		want: []string{"sqlAutoPauseDelayMinutes", "applies to serverless SKUs (GP_S_Gen5_N) only, not GP_Gen5_2"}},
	{name: "default auto-pause on a provisioned SKU passes", kv: []string{"sqlSkuName", "BC_Gen5_2", "sqlAutoPauseDelayMinutes", "60"}},
	{name: "auto-pause with an invalid SKU names only the SKU", kv: []string{"sqlSkuName", "GP_Gen5_3", "sqlAutoPauseDelayMinutes", "30"},
		want: []string{"sqlSkuName", `"GP_Gen5_3": 3 vCores is not offered (allowed: [2 4 6 8 10 12 14 16 18 20 24 32 40 80])`}},

	// Edge.
	{name: "portal custom domain without Front Door", kv: []string{"portalCustomDomain", "shop.example.com"},
		want: []string{"portalCustomDomain", "needs frontDoor: true (Front Door serves the custom domains)"}},
	{name: "backoffice custom domain without Front Door", kv: []string{"backofficeCustomDomain", "admin.shop.example.com"},
		want: []string{"backofficeCustomDomain", "needs frontDoor: true (Front Door serves the custom domains)"}},
	{name: "custom domains with Front Door pass", kv: []string{"frontDoor", "true", "portalCustomDomain", "shop.example.com", "backofficeCustomDomain", "admin.shop.example.com"}},
	{name: "backoffice ranges without Front Door", kv: []string{"backofficeAllowedIpRanges", `["203.0.113.0/24"]`},
		want: []string{"backofficeAllowedIpRanges", "needs frontDoor: true (Front Door's WAF enforces the ranges)"}},
	{name: "empty backoffice ranges without Front Door pass", kv: []string{"backofficeAllowedIpRanges", `[]`}},
	{name: "one hostname for both portals", kv: []string{"frontDoor", "true", "portalCustomDomain", "shop.example.com", "backofficeCustomDomain", "shop.example.com"},
		want: []string{"backofficeCustomDomain", "must differ from portalCustomDomain (shop.example.com): each portal has a hostname of its own"}},
	{name: "an invalid custom domain names only its own rule", kv: []string{"portalCustomDomain", "shop"},
		want: []string{"portalCustomDomain", `"shop" is not a DNS hostname such as shop.example.com (lowercase letters, digits and inner hyphens in dot-separated labels, no wildcard)`}},
	{name: "Standard in Detection passes in dev", kv: []string{"frontDoor", "true", "wafMode", "Detection"}},

	// The standby (regions.go): one condition at a time.
	{name: "standby in the pair passes", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS"}},
	{name: "standby without a region", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "storageSku", "Standard_RAGZRS"},
		want: []string{"secondaryLocation", "is required when disasterRecovery is true: the region of the standby (location's Azure region pair)"}},
	{name: "standby region waits unread while off", kv: []string{"secondaryLocation", "swedencentral"}},
	{name: "standby in the primary's region", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "westeurope", "storageSku", "Standard_RAGZRS"},
		want: []string{"secondaryLocation", "must differ from location (westeurope): a standby in the same region does not survive its outage"}},
	{name: "standby outside the pair", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "swedencentral", "storageSku", "Standard_RAGZRS"},
		want: []string{"secondaryLocation", "must be northeurope, the Azure region pair of location westeurope: the storage account's geo-replica and Key Vault's replica live there, and a failover moves them there, not to swedencentral"}},
	{name: "standby from a region without a pair", kv: []string{"location", "polandcentral", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "westeurope", "storageSku", "Standard_RAGZRS"},
		want: []string{"secondaryLocation", "cannot be used: location polandcentral has no Azure region pair, so its storage has no geo-replica and Key Vault no replica for a standby to use"}},
	{name: "standby in a restricted pair", kv: []string{"location", "germanywestcentral", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "germanynorth", "storageSku", "Standard_RAGZRS"},
		want: []string{"secondaryLocation", "germanynorth does not offer every customer Azure SQL Database or App Service (Premium v3), which the standby runs (a restricted-access region)"}},
	{name: "standby with zone-redundant storage only", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_ZRS"},
		want: []string{"storageSku", "must be geo-redundant (Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS) when disasterRecovery is true: a storage account failover promotes the geo-replica, and Standard_ZRS has none"}},
	{name: "standby with a pausing serverless database", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS"},
		want: []string{"sqlAutoPauseDelayMinutes", "must be -1 (never pause) with a standby: a serverless database in geo-replication cannot auto-pause"}},
	{name: "standby with a provisioned database passes with the default delay", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "sqlSkuName", "GP_Gen5_2", "sqlAutoPauseDelayMinutes", "60"}},
	{name: "zone-redundant standby in a region without zones", kv: []string{"location", "uksouth", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "ukwest", "storageSku", "Standard_RAGZRS", "sqlZoneRedundant", "true", "sqlBackupRedundancy", "GeoZone"},
		want: []string{"sqlBackupRedundancy", "must be Local or Geo with a standby in ukwest, which has no availability zones: the geo-secondary keeps its backups like the primary (GeoZone)",
			"sqlZoneRedundant", "must be false with a standby in ukwest, which has no availability zones: the geo-secondary is zone-redundant like the primary"}},
	{name: "standby in a region without zones, geo backups, passes", kv: []string{"location", "uksouth", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "ukwest", "storageSku", "Standard_RAGZRS", "sqlBackupRedundancy", "Geo"}},
	{name: "standby without Front Door", kv: []string{"disasterRecovery", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS"},
		want: []string{"frontDoor", "must be true when disasterRecovery is true: Front Door fails the portals over to the standby (its priority-2 origins)"}},
	{name: "standby with the worker on the portals' plan", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "workerSharesAppPlan", "true"},
		want: []string{"workerSharesAppPlan", "must be false when disasterRecovery is true: the standby's worker runs on a plan of its own"}},
	{name: "zone-redundant standby plans on one instance", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS",
		"appPlanSku", "P1v3", "appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2", "workerPlanSku", "P1v3", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"},
		want: []string{"standbyAppMinInstances", "must be at least 2: the standby's plan is zone-redundant like the primary's (appPlanZoneRedundant), one instance per zone",
			"standbyWorkerMinInstances", "must be at least 2: the standby's plan is zone-redundant like the primary's (workerZoneRedundant), one instance per zone"}},
	{name: "zone-redundant plans with a standby in a pair without zones run one instance there", kv: []string{"location", "uksouth", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "ukwest", "storageSku", "Standard_RAGZRS", "sqlBackupRedundancy", "Geo",
		"appPlanSku", "P1v3", "appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"}},
	{name: "standby starting above the primary's maximum", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "standbyAppMinInstances", "2"},
		want: []string{"standbyAppMinInstances", "must not exceed appMaxInstances (2 > 1): the standby scales up to the primary's maximum"}},
	{name: "standby with an invalid primary maximum names only that", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "appMaxInstances", "0"},
		want: []string{"appMaxInstances", "0 is out of range 1-30"}},
	{name: "standby starting at the primary's maximum passes", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "standbyAppMinInstances", "2", "appPlanSku", "P1v3", "appMaxInstances", "2"}},
	{name: "standby with an unknown region names only the region", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "North Europe", "storageSku", "Standard_RAGZRS"},
		want: []string{"secondaryLocation", `"North Europe" is not a known Azure region name (lowercase, no spaces, e.g. westeurope); known: ` + strings.Join(naming.Regions(), ", ")}},

	// Where analytics runs, and the pool it restores (regions.go).
	{name: "analytics in the standby passes", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS",
		"analyticsLocation", "northeurope", "warehouseRestoreFrom", "westeurope", "warehouseGeoBackup", "true"}},
	{name: "analytics back in location restores from the pair", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS",
		"analyticsLocation", "westeurope", "warehouseRestoreFrom", "northeurope", "warehouseGeoBackup", "true"}},
	{name: "analytics in the pair without a standby", kv: []string{"analyticsLocation", "northeurope"},
		want: []string{"analyticsLocation", "must be westeurope (location): the analytics layer runs in the primary's resource group or, with disasterRecovery, the standby's, not in northeurope"}},
	{name: "analytics outside the stack's regions", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "analyticsLocation", "swedencentral"},
		want: []string{"analyticsLocation", "must be westeurope (location) or northeurope (secondaryLocation): the analytics layer runs in the primary's resource group or, with disasterRecovery, the standby's, not in swedencentral"}},
	{name: "restore from the pool's own region", kv: []string{"warehouseRestoreFrom", "westeurope", "warehouseGeoBackup", "true"},
		want: []string{"warehouseRestoreFrom", "must differ from analyticsLocation (westeurope): a pool is restored from the geo-backup of the stack's pool in the other region"}},
	{name: "restore from outside the stack's regions", kv: []string{"warehouseRestoreFrom", "northeurope", "warehouseGeoBackup", "true"},
		want: []string{"warehouseRestoreFrom", "must be westeurope (location): a pool is restored from the stack's own pool in the other region, not from northeurope"}},
	{name: "a standby for a stack whose name leaves the staging account no room in the pair", stack: "production", kv: []string{"location", "northcentralus", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "southcentralus", "storageSku", "Standard_RAGZRS",
		"nameSuffix", "abcdefgh"},
		want: []string{"secondaryLocation", `cannot take the analytics layer for this stack (analyticsLocation): its staging storage account there needs a name of its own (storage names are global; the primary's keeps its name), but a storage account named in the pair keeps the region code "scus" beside the suffix "abcdefgh", and stack "production" leaves no room for them within 24 characters; use a shorter stack name or nameSuffix`}},
	{name: "the same stack with the stable suffix passes", stack: "production", kv: []string{"location", "northcentralus", "disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "southcentralus", "storageSku", "Standard_RAGZRS",
		"analyticsLocation", "southcentralus"}},
	{name: "restore without geo-backup", kv: []string{"disasterRecovery", "true", "frontDoor", "true", "sqlAutoPauseDelayMinutes", "-1", "secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS",
		"analyticsLocation", "northeurope", "warehouseRestoreFrom", "westeurope"},
		want: []string{"warehouseGeoBackup", "must be true when warehouseRestoreFrom is set: the restore reads the geo-backup of the stack's pool in westeurope, which this key keeps on"}},

	// Unknown keys.
	{name: "unknown key close to a known one", kv: []string{"storgeSku", "Standard_LRS"},
		want: []string{"storgeSku", "unknown key (did you mean ecommerce:storageSku?)"}},
	{name: "unknown key 3 edits away", kv: []string{"storageSkuXYZ", "Standard_LRS"},
		want: []string{"storageSkuXYZ", "unknown key (did you mean ecommerce:storageSku?)"}},
	{name: "unknown key 4 edits away", kv: []string{"storageSkuWXYZ", "Standard_LRS"},
		want: []string{"storageSkuWXYZ", "unknown key"}},
	{name: "unknown key in another case", kv: []string{"ETLHOUR", "3"},
		want: []string{"ETLHOUR", "unknown key (did you mean ecommerce:etlHour?)"}},

	// Prod: each rule alone, on an otherwise valid prod config.
	{name: "prod passes", prod: true},
	{name: "test is not prod", prod: true, kv: []string{"environment", "test", "protectData", "false", "storageSku", "Standard_LRS"}},
	{name: "prod Standard_GRS passes", prod: true, kv: []string{"storageSku", "Standard_GRS"}},
	{name: "prod Standard_RAGRS passes", prod: true, kv: []string{"storageSku", "Standard_RAGRS"}},
	{name: "prod Standard_GZRS passes", prod: true, kv: []string{"storageSku", "Standard_GZRS"}},
	{name: "prod Standard_RAGZRS passes", prod: true, kv: []string{"storageSku", "Standard_RAGZRS"}},
	{name: "prod invalid storage names only the set rule", prod: true, kv: []string{"storageSku", "Premium_LRS"},
		want: []string{"storageSku", `"Premium_LRS" is not one of Standard_LRS, Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS`}},
	{name: "prod blob soft delete 7 days passes", prod: true, kv: []string{"blobSoftDeleteDays", "7"}},
	{name: "prod blob soft delete 0 days names only the range", prod: true, kv: []string{"blobSoftDeleteDays", "0"},
		want: []string{"blobSoftDeleteDays", "0 is out of range 1-365"}},
	{name: "prod container soft delete 7 days passes", prod: true, kv: []string{"containerSoftDeleteDays", "7"}},
	{name: "prod container soft delete 0 days names only the range", prod: true, kv: []string{"containerSoftDeleteDays", "0"},
		want: []string{"containerSoftDeleteDays", "0 is out of range 1-365"}},
	{name: "prod geo backups pass", prod: true, kv: []string{"sqlBackupRedundancy", "Geo"}},
	{name: "prod backup retention 7 days passes", prod: true, kv: []string{"sqlBackupRetentionDays", "7"}},
	{name: "prod backup retention 0 days names only the range", prod: true, kv: []string{"sqlBackupRetentionDays", "0"},
		want: []string{"sqlBackupRetentionDays", "0 is out of range 1-35"}},
	{name: "prod without long-term retention", prod: true, unset: []string{"sqlLtrWeekly"},
		want: []string{"sqlLtrWeekly", "one of sqlLtrWeekly, sqlLtrMonthly or sqlLtrYearly must be set " + inProd}},
	{name: "prod with monthly retention only passes", prod: true, unset: []string{"sqlLtrWeekly"}, kv: []string{"sqlLtrMonthly", "P12M"}},
	{name: "prod with yearly retention only passes", prod: true, unset: []string{"sqlLtrWeekly"}, kv: []string{"sqlLtrYearly", "P5Y"}},
	{name: "prod with a boolean written 1 passes", prod: true, kv: []string{"protectData", "1", "frontDoor", "True"}},
	{name: "an invalid key elsewhere leaves the plan rules on", kv: []string{"etlHour", "24", "appStagingSlots", "true"},
		want: []string{"appStagingSlots", "needs a Standard or Premium v3 appPlanSku; Basic (B1) has no deployment slots", "etlHour", "24 is out of range 0-23"}},
	{name: "prod with alert e-mails an empty list with a space", prod: true, kv: []string{"alertEmails", `[ ]`},
		want: []string{"alertEmails", "must list at least one item " + inProd + ": alerts must reach someone"}},
	{name: "prod with alert e-mails null", prod: true, kv: []string{"alertEmails", `null`},
		want: []string{"alertEmails", "must list at least one item " + inProd + ": alerts must reach someone"}},
	{name: "a worker sharing the portals' plan is not held to its own plan's limits", kv: []string{"workerSharesAppPlan", "true", "workerPlanSku", "S1", "workerMinInstances", "12", "workerMaxInstances", "12"}},
	{name: "prod with alert e-mails unset", prod: true, unset: []string{"alertEmails"},
		want: []string{"alertEmails", "must list at least one item " + inProd + ": alerts must reach someone"}},
	{name: "prod with an invalid alert e-mail names only the address", prod: true, kv: []string{"alertEmails", `["ops"]`},
		want: []string{"alertEmails", `item 0 ("ops") is not an e-mail address (a plain address such as ops@example.com)`}},
	{name: "prod with alert e-mails not a list names only the list", prod: true, kv: []string{"alertEmails", "ops@example.com"},
		want: []string{"alertEmails", `must be a list of e-mail addresses, got "ops@example.com"`}},
	{name: "dev without alert e-mails passes", kv: []string{"alertEmails", `[]`}},
	{name: "dev with Application Insights local auth passes", kv: []string{"appInsightsLocalAuth", "true"}},
	{name: "prod worker on one instance", prod: true, kv: []string{"workerMinInstances", "1"},
		want: []string{
			"workerMinInstances", "must be at least 2 when workerZoneRedundant is true (one instance per zone)",
			"workerMinInstances", "must be at least 2 " + inProd + ": one instance is a single point of failure for every queue",
		}},
	{name: "prod without a budget", prod: true, unset: []string{"monthlyBudget"},
		want: []string{"monthlyBudget", "must be set " + inProd + ": the stack's budget in USD a month, above the plan's cost estimate"}},
	{name: "dev without a budget passes", unset: []string{"monthlyBudget"}},
	{name: "dev worker sharing the portals' plan passes", kv: []string{"workerSharesAppPlan", "true"}},
	{name: "a shared plan leaves no room for the worker's autoscale", kv: []string{"workerSharesAppPlan", "true", "workerPlanSku", "S1", "workerMaxInstances", "3"},
		want: []string{"workerMaxInstances", "must equal workerMinInstances when workerSharesAppPlan is true: the shared plan scales by appMinInstances and appMaxInstances"}},
	{name: "prod invalid Front Door SKU names only the set rule", prod: true, kv: []string{"frontDoorSku", "Classic_AzureFrontDoor"},
		want: []string{"frontDoorSku", `"Classic_AzureFrontDoor" is not one of Standard_AzureFrontDoor, Premium_AzureFrontDoor`}},
	{name: "prod worker on 0 instances names only the range", prod: true, kv: []string{"workerMinInstances", "0"},
		want: []string{"workerMinInstances", "0 is out of range 1-30"}},

	// Private network: the landing zone's options, the standby's VNet.
	{name: "central zones without private networking", kv: []string{"privateDnsZoneIds", zoneIDs()},
		want: []string{"privateDnsZoneIds", "needs privateNetworking: true (only private endpoints register in private DNS zones)"}},
	{name: "central zones with private networking pass", kv: []string{"privateNetworking", "true", "privateDnsZoneIds", zoneIDs()}},
	{name: "policy's zone groups without private networking", kv: []string{"privateDnsZoneGroups", "false"},
		want: []string{"privateDnsZoneGroups", "false needs privateNetworking: true (only private endpoints have DNS zone groups)"}},
	{name: "policy's zone groups with private networking pass", kv: []string{"privateNetworking", "true", "privateDnsZoneGroups", "false"}},
	{name: "central zones with policy's zone groups", kv: []string{"privateNetworking", "true", "privateDnsZoneGroups", "false", "privateDnsZoneIds", zoneIDs()},
		want: []string{"privateDnsZoneIds", "does not apply when privateDnsZoneGroups is false: Azure Policy creates the zone groups, in the zones its assignment names; leave it empty"}},
	{name: "an invalid privateNetworking names only itself", kv: []string{"privateNetworking", "yes", "privateDnsZoneGroups", "false"},
		want: []string{"privateNetworking", `"yes" is not a boolean (true or false)`}},
	{name: "standby VNet overlapping the primary's", prod: true, kv: append(standbyKV(), "secondaryVnetAddressSpace", "10.40.4.0/22"),
		want: []string{"secondaryVnetAddressSpace", "10.40.4.0/22 overlaps vnetAddressSpace (10.40.0.0/16): the standby's VNet is peered with the primary's, and peered VNets need address spaces that do not overlap"}},
	{name: "standby VNet holding the primary's", prod: true, kv: append(standbyKV(), "vnetAddressSpace", "10.40.4.0/22", "secondaryVnetAddressSpace", "10.40.0.0/16"),
		want: []string{"secondaryVnetAddressSpace", "10.40.0.0/16 overlaps vnetAddressSpace (10.40.4.0/22): the standby's VNet is peered with the primary's, and peered VNets need address spaces that do not overlap"}},
	{name: "standby VNet next to the primary's passes", prod: true, kv: append(standbyKV(), "vnetAddressSpace", "10.40.0.0/22", "secondaryVnetAddressSpace", "10.40.4.0/22")},
	{name: "overlapping spaces without a standby pass", prod: true, kv: []string{"secondaryVnetAddressSpace", "10.40.0.0/16"}},
}

// standbyKV switches a prod config's standby on.
func standbyKV() []string {
	return []string{"disasterRecovery", "true", "location", "westeurope", "secondaryLocation", "northeurope", "sqlAutoPauseDelayMinutes", "-1"}
}

// zoneIDs lists a landing zone's every zone, as privateDnsZoneIds takes them.
func zoneIDs() string {
	var ids []string
	for _, g := range PrivateDNSGroups {
		ids = append(ids, "/subscriptions/2b6f0c1e-4d8a-4f3b-9e27-5c1d8a0f6b34/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/"+PrivateDNSZones[g])
	}
	return jsonOf(ids)
}

func (cc crossCase) values() map[string]Value {
	base := valid()
	if cc.prod {
		base = validProd()
	}
	for _, k := range cc.unset {
		delete(base, k)
	}
	return with(base, cc.kv...)
}

// problemList is every reported problem as key/rule pairs, keys short.
func problemList(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, p := range err.(*Error).Problems {
		out = append(out, strings.TrimPrefix(p.Key, Namespace+":"), p.Rule)
	}
	return out
}

// TestCrossKeyRulesOneConditionAtATime is what a user relies on when a
// combination of settings is refused: each condition of each rule is
// reported on its own, under the key to change, with nothing else; and the
// boundary next to it is accepted.
func TestCrossKeyRulesOneConditionAtATime(t *testing.T) {
	for _, cc := range crossCases {
		t.Run(cc.name, func(t *testing.T) {
			stack := cc.stack
			switch {
			case stack != "":
			case cc.prod:
				stack = "prod"
			default:
				stack = "dev"
			}
			_, err := Parse("shop", stack, cc.values())
			if got := problemList(err); !slices.Equal(got, cc.want) {
				t.Errorf("problems:\n got  %q\n want %q", got, cc.want)
			}
		})
	}
}

// problemSite is one p.problem call in the parser: the key it names when
// that is a literal, and its message pattern.
type problemSite struct {
	pos     string
	key     string // "" when the key is a parameter
	pattern *regexp.Regexp
}

// problemSites finds every p.problem call in Parse's files.
func problemSites(t *testing.T) []problemSite {
	t.Helper()
	fset := token.NewFileSet()
	var sites []problemSite
	for _, file := range []string{"config.go", "parse.go"} {
		f, err := goparser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "problem" || len(call.Args) < 2 {
				return true
			}
			site := problemSite{pos: fset.Position(call.Pos()).String()}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok {
				site.key, _ = strconv.Unquote(lit.Value)
			}
			format := ""
			switch a := call.Args[1].(type) {
			case *ast.BasicLit:
				format, _ = strconv.Unquote(a.Value)
			case *ast.BinaryExpr: // "must be true %s: ..." built with +
				format = `%v`
			}
			site.pattern = formatPattern(format)
			sites = append(sites, site)
			return true
		})
	}
	return sites
}

// formatPattern turns a Printf format into an anchored regexp.
func formatPattern(format string) *regexp.Regexp {
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	var b strings.Builder
	last := 0
	for _, m := range verb.FindAllStringIndex(format, -1) {
		b.WriteString(regexp.QuoteMeta(format[last:m[0]]))
		b.WriteString(`.*`)
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(format[last:]))
	return regexp.MustCompile(`^` + b.String() + `$`)
}

// TestEveryProblemSiteHasARefusingCase makes the tables complete by
// construction: each p.problem call in the parser must be produced by at
// least one generated or table case, so a new rule cannot go untested.
func TestEveryProblemSiteHasARefusingCase(t *testing.T) {
	type produced struct{ key, rule string }
	var all []produced
	collect := func(err error) {
		l := problemList(err)
		for i := 0; i < len(l); i += 2 {
			all = append(all, produced{l[i], l[i+1]})
		}
	}
	for _, rc := range ruleCases(t) {
		_, err := Parse("shop", "dev", rc.values())
		collect(err)
	}
	for _, cc := range crossCases {
		_, err := Parse("shop", "prod", cc.values())
		collect(err)
	}
	sites := problemSites(t)
	if len(sites) < 40 {
		t.Fatalf("found only %d p.problem calls; is the AST walk broken?", len(sites))
	}
	for _, s := range sites {
		hit := false
		for _, p := range all {
			if (s.key == "" || s.key == p.key) && s.pattern.MatchString(p.rule) {
				hit = true
				break
			}
		}
		if !hit {
			t.Errorf("%s: no case produces problem %q (key %q); add one to crossCases or ruleCases", s.pos, s.pattern, s.key)
		}
	}
}
