package config

// Key declares one project config key. The table below is the single source of
// truth for names, types and defaults: Pulumi.yaml's `config:` block and the
// README's config reference are checked against it by tests.
type Key struct {
	Name        string // without the project namespace, e.g. "sqlSkuName"
	Type        string // Pulumi project config type: string, integer, boolean or array
	Default     string // as written in Pulumi.yaml; "" with Required means no default
	Required    bool
	Secret      bool
	Description string

	// Rules on the key alone, as data: the parser reads them instead of
	// repeating bounds inline, and the tests generate, for every bound, a
	// value just outside it (refused, naming the key) and the bound itself
	// (accepted). Rules that relate several keys live in crossChecks.
	Range    *Range   // integer keys: inclusive bounds; FormatCIDR: prefix lengths; FormatDuration: the count
	Allowed  []string // the accepted values, in the order messages list them
	Format   Format   // how a string or array value is checked; "" for none
	Unit     byte     // FormatDuration: the ISO 8601 unit, W, M or Y
	MinItems int      // FormatGUIDList: the fewest items accepted
	// Prod is what a prod stack (environment: prod) demands of the key
	// beyond its own rules; nil for nothing.
	Prod *Demand
	// Plan: a plan SKU key names the keys that size its plan, which the
	// plan rules (PlanTiers) check alike for every plan.
	Plan *Plan
}

// Plan names the keys that size an App Service plan; Slots is "" when the
// plan's sites have no deployment slots, and SharedWhen names the boolean
// key that, true, puts the sites on another plan, so that these keys do not
// apply.
type Plan struct {
	ZoneRedundant, MinInstances, MaxInstances, Slots string
	SharedWhen                                       string
}

// PlanTier is what an App Service plan tier offers
// (https://learn.microsoft.com/azure/app-service/overview-hosting-plans;
// instance limits: https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#app-service-limits;
// zone redundancy: https://learn.microsoft.com/azure/reliability/reliability-app-service).
type PlanTier struct {
	Name          string
	SKUs          []string
	Slots         bool // deployment slots
	Autoscale     bool
	ZoneRedundant bool
	MaxInstances  int
}

// PlanTiers are the tiers of the plan SKUs the keys allow.
var PlanTiers = []PlanTier{
	{Name: "Basic", SKUs: []string{"B1", "B2", "B3"}, MaxInstances: 3},
	{Name: "Standard", SKUs: []string{"S1", "S2", "S3"}, Slots: true, Autoscale: true, MaxInstances: 10},
	{Name: "Premium v3", SKUs: []string{"P0v3", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3", "P3mv3"}, Slots: true, Autoscale: true, ZoneRedundant: true, MaxInstances: 30},
}

// Demand is a prod rule on one key, as data: the parser checks the value
// (or the default) once the key's own rules pass, and words the message
// from it. Exactly one of OneOf, AtLeast and Set is given.
type Demand struct {
	OneOf   []string // the accepted values as written ("true", "Prevention")
	AtLeast int      // integer keys: the smallest accepted value
	Set     bool     // not empty: an integer other than 0, an array with an item
	Why     string   // what the rule protects, for the message
}

// Range is an inclusive integer range.
type Range struct{ Min, Max int }

// Format names how a key's text is checked; each has one parser method.
type Format string

// The formats keys use.
const (
	FormatRegion     Format = "region"       // a name naming.RegionCode knows
	FormatSuffix     Format = "suffix"       // empty, or naming.New's override suffix
	FormatTagValue   Format = "tag value"    // 1-256 characters
	FormatCIDR       Format = "cidr"         // private IPv4 network address, prefix within Range
	FormatGUID       Format = "guid"         // empty or one GUID
	FormatGUIDList   Format = "guid list"    // JSON array of at least MinItems GUIDs
	FormatSQLSku     Format = "sql sku"      // vCore SKU name with an offered capacity
	FormatPauseDelay Format = "pause delay"  // -1, or minutes within Range
	FormatDuration   Format = "duration"     // empty, or P<n><Unit> with n within Range
	FormatPlanSKU    Format = "plan sku"     // one of Allowed; Consumption/Elastic Premium named as such
	FormatURLPath    Format = "url path"     // starts with /, no spaces, query or fragment
	FormatMonth      Format = "month"        // YYYY-MM, 2017-06 or later
	FormatHostname   Format = "hostname"     // empty, or a DNS hostname of at least two labels
	FormatCIDRList   Format = "cidr list"    // JSON array of public IPv4/IPv6 network addresses
	FormatEmailList  Format = "email list"   // JSON array of distinct plain e-mail addresses
	FormatHTTPSURL   Format = "https url"    // empty, or an https URL with a host
	FormatDNSZoneIDs Format = "dns zone ids" // JSON array of ARM ids of private DNS zones the program needs
)

// Namespace is the Pulumi project name, and so the config namespace of every key.
const Namespace = "ecommerce"

// Keys lists every project config key the program reads. Allowed values
// follow Azure's documented SKU and option lists.
var Keys = []Key{
	// Stack identity and placement.
	{Name: "environment", Type: "string", Required: true, Description: "Environment class: dev, test or prod. prod turns on the data-protection rules.", Allowed: []string{"dev", "test", "prod"}},
	{Name: "location", Type: "string", Required: true, Description: "Azure region for every regional resource, e.g. westeurope.", Format: FormatRegion},
	{Name: "nameSuffix", Type: "string", Default: "", Description: "Override of the stable name suffix of globally unique names (3-8 lowercase letters/digits); empty derives it from project and stack.", Format: FormatSuffix},
	{Name: "owner", Type: "string", Required: true, Description: "Team or person owning the stack (tag owner).", Format: FormatTagValue},
	{Name: "costCenter", Type: "string", Required: true, Description: "Cost center charged for the stack (tag cost-center).", Format: FormatTagValue},

	// Data protection and networking switches.
	{Name: "protectData", Type: "boolean", Default: "false", Description: "Mark stateful resources (SQL, storage, Key Vault, warehouse) protected so Pulumi refuses to delete them. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "stateful resources must be protected from deletion"}},
	{Name: "lockResourceGroup", Type: "boolean", Default: "false", Description: "Put a CanNotDelete lock on the resource group. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "the resource group carries a delete lock"}},
	{Name: "privateNetworking", Type: "boolean", Default: "false", Description: "Create the VNet, subnets with NSGs, private endpoints and private DNS zones, and close public access to PaaS services. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "PaaS endpoints are private"}},
	{Name: "vnetAddressSpace", Type: "string", Default: "10.40.0.0/16", Description: "VNet address space (IPv4 CIDR, /16 to /22); the subnets are carved from it.", Format: FormatCIDR, Range: &Range{16, 22}},
	{Name: "secondaryVnetAddressSpace", Type: "string", Default: "10.41.0.0/16", Description: "Address space of the standby's VNet in secondaryLocation (IPv4 CIDR, /16 to /22), peered with the primary's: it must not overlap vnetAddressSpace. Read only when privateNetworking and disasterRecovery are true.", Format: FormatCIDR, Range: &Range{16, 22}},
	{Name: "privateDnsZoneIds", Type: "array", Default: "[]", Description: "Landing zone: ARM ids of the existing central private DNS zones to register the private endpoints in (/subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.Network/privateDnsZones/ZONE), one for each zone the program needs: privatelink.blob.core.windows.net, privatelink.queue.core.windows.net, privatelink.table.core.windows.net, privatelink.database.windows.net, privatelink.vaultcore.azure.net and privatelink.azurewebsites.net. Set, the program creates no private DNS zones and no VNet links: the central team links its zones to both VNets. Empty: the program creates the zones in the stack's resource group. Needs privateNetworking.", Format: FormatDNSZoneIDs},
	{Name: "privateDnsZoneGroups", Type: "boolean", Default: "true", Description: "Give each private endpoint a DNS zone group, which registers its address in the zone. false, in a landing zone where Azure Policy (DeployIfNotExists) creates the zone groups in the central zones: the program then creates no zone groups, no private DNS zones and no VNet links, and privateDnsZoneIds does not apply. Needs privateNetworking when false."},

	// Monitoring and Key Vault.
	{Name: "logRetentionDays", Type: "integer", Default: "30", Description: "Log Analytics retention in days (30-730).", Range: &Range{30, 730}},
	{Name: "keyVaultSoftDeleteDays", Type: "integer", Default: "90", Description: "Key Vault soft-delete retention in days (7-90).", Range: &Range{7, 90}},
	{Name: "keyVaultPurgeProtection", Type: "boolean", Default: "false", Description: "Key Vault purge protection. Cannot be turned off once on. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "a deleted vault must not be purgeable"}},
	{Name: "emailApiKey", Type: "string", Default: "", Secret: true, Description: "API key of the e-mail provider the worker sends notifications through; stored in Key Vault, read by the worker through a Key Vault reference. Set with `pulumi config set --secret`."},

	// Alerts and telemetry.
	{Name: "alertEmails", Type: "array", Default: "[]", Description: "E-mail addresses the action group notifies when an alert fires (plain addresses, e.g. ops@example.com). Required in prod; empty in dev means alerts fire and show in the portal, and nobody is notified.", Format: FormatEmailList, Prod: &Demand{Set: true, Why: "alerts must reach someone"}},
	{Name: "alertWebhookUrl", Type: "string", Default: "", Secret: true, Description: "Optional https URL of a chat or paging tool the action group also calls (common alert schema). It carries its credential: set with `pulumi config set --secret`.", Format: FormatHTTPSURL},
	{Name: "alertResponseTimeSeconds", Type: "integer", Default: "5", Description: "A portal's average response time, in seconds over 30 minutes, above which an alert fires (1-60; AMBA: 5).", Range: &Range{1, 60}},
	{Name: "alertHttp5xxCount", Type: "integer", Default: "10", Description: "Server errors (HTTP 5xx) per portal in 15 minutes above which an alert fires (1-1000; AMBA: 10).", Range: &Range{1, 1000}},
	{Name: "alertPoolOnlineMinutes", Type: "integer", Default: "30", Description: "Minutes the warehouse may stay online after the ETL pipeline ended before an alert fires: a pause that did not happen costs money every hour (10-720).", Range: &Range{10, 720}},
	{Name: "appInsightsLocalAuth", Type: "boolean", Default: "false", Description: "Let Application Insights accept telemetry authenticated by the connection string's key alone. false makes every app send with its managed identity (Monitoring Metrics Publisher). Must be false in prod.", Prod: &Demand{OneOf: []string{"false"}, Why: "telemetry is sent with managed identities, not the connection string's key"}},
	{Name: "availabilityTests", Type: "boolean", Default: "true", Description: "Run the two standard availability tests (5 locations, every 5 minutes; billed per execution). false keeps them deployed and wired to their alerts, but paused: no probes, no charge. Must be true in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "the portals are probed from outside"}},
	{Name: "sqlDefender", Type: "boolean", Default: "false", Description: "Microsoft Defender for SQL (threat detection) on both SQL servers, its alerts e-mailed to alertEmails; billed per server per month. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "Microsoft Defender for SQL watches both SQL servers"}},

	// Storage.
	{Name: "storageSku", Type: "string", Default: "Standard_ZRS", Description: "Storage account redundancy: Standard_LRS, Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS or Standard_RAGZRS. prod needs a geo-redundant one.", Allowed: []string{"Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"}, Prod: &Demand{OneOf: []string{"Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"}, Why: "the data must survive a regional outage"}},
	{Name: "blobSoftDeleteDays", Type: "integer", Default: "7", Description: "Blob soft-delete retention in days (1-365; at least 7 in prod).", Range: &Range{1, 365}, Prod: &Demand{AtLeast: 7, Why: "a deleted blob stays recoverable for a week"}},
	{Name: "containerSoftDeleteDays", Type: "integer", Default: "7", Description: "Container soft-delete retention in days (1-365; at least 7 in prod).", Range: &Range{1, 365}, Prod: &Demand{AtLeast: 7, Why: "a deleted container stays recoverable for a week"}},

	// Transactional SQL.
	{Name: "sqlAdminGroupMembers", Type: "array", Required: true, Description: "Object ids (GUIDs) of the Entra users or groups put in the SQL administrators group, which is the Entra admin of every SQL server.", Format: FormatGUIDList, MinItems: 1},
	{Name: "sqlSkuName", Type: "string", Default: "GP_S_Gen5_1", Description: "Transactional database SKU: vCore General Purpose (GP_Gen5_N), serverless (GP_S_Gen5_N) or Business Critical (BC_Gen5_N).", Format: FormatSQLSku},
	{Name: "sqlMaxSizeGb", Type: "integer", Default: "32", Description: "Maximum database size in GB (1-4096).", Range: &Range{1, 4096}},
	{Name: "sqlAutoPauseDelayMinutes", Type: "integer", Default: "60", Description: "Serverless only: minutes idle before auto-pause (15-10080), or -1 to never pause.", Format: FormatPauseDelay, Range: &Range{15, 10080}},
	{Name: "sqlZoneRedundant", Type: "boolean", Default: "false", Description: "Spread the database's replicas over availability zones."},
	{Name: "sqlBackupRedundancy", Type: "string", Default: "Local", Description: "Backup storage redundancy: Local, Zone, Geo or GeoZone. prod needs Geo or GeoZone.", Allowed: []string{"Local", "Zone", "Geo", "GeoZone"}, Prod: &Demand{OneOf: []string{"Geo", "GeoZone"}, Why: "backups must survive a regional outage"}},
	{Name: "sqlBackupRetentionDays", Type: "integer", Default: "7", Description: "Point-in-time restore window in days (1-35; at least 7 in prod).", Range: &Range{1, 35}, Prod: &Demand{AtLeast: 7, Why: "a week of point-in-time restore"}},
	{Name: "sqlLtrWeekly", Type: "string", Default: "", Description: "Long-term retention of weekly backups as an ISO 8601 duration (e.g. P4W), empty for none.", Format: FormatDuration, Unit: 'W', Range: &Range{1, 520}},
	{Name: "sqlLtrMonthly", Type: "string", Default: "", Description: "Long-term retention of monthly backups (e.g. P12M), empty for none.", Format: FormatDuration, Unit: 'M', Range: &Range{1, 120}},
	{Name: "sqlLtrYearly", Type: "string", Default: "", Description: "Long-term retention of yearly backups (e.g. P5Y), empty for none.", Format: FormatDuration, Unit: 'Y', Range: &Range{1, 10}},

	// Background worker. Plan SKUs: dedicated plans only, as the worker's
	// identity-based AzureWebJobsStorage needs one, as do always-on portals.
	{Name: "workerPlanSku", Type: "string", Default: "B1", Description: "Dedicated App Service plan SKU of the queue worker (B1-B3, S1-S3, P0v3-P3v3). Consumption (Y1) and Elastic Premium (EP*) are refused: they need a storage key.", Format: FormatPlanSKU, Allowed: []string{"B1", "B2", "B3", "S1", "S2", "S3", "P0v3", "P1v3", "P2v3", "P3v3"},
		Plan: &Plan{ZoneRedundant: "workerZoneRedundant", MinInstances: "workerMinInstances", MaxInstances: "workerMaxInstances", SharedWhen: "workerSharesAppPlan"}},
	{Name: "workerZoneRedundant", Type: "boolean", Default: "false", Description: "Zone-redundant worker plan (Premium v3 only, at least 2 instances). Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "the queue worker's instances are spread over availability zones"}},
	{Name: "workerMinInstances", Type: "integer", Default: "1", Description: "Instances the worker plan never scales below (1-30; at least 2 in prod).", Range: &Range{1, 30}, Prod: &Demand{AtLeast: 2, Why: "one instance is a single point of failure for every queue"}},
	{Name: "workerMaxInstances", Type: "integer", Default: "1", Description: "Instances the worker plan never scales above (1-30; a Standard plan runs at most 10, Basic 3); above workerMinInstances turns autoscale on queue depth and CPU on.", Range: &Range{1, 30}},
	{Name: "workerSharesAppPlan", Type: "boolean", Default: "false", Description: "Run the worker on the portals' App Service plan (appPlanSku, appMinInstances) instead of a plan of its own, to save a plan's price in dev; workerPlanSku, workerZoneRedundant and the worker's instance counts then do not apply. Must be false in prod, where the worker scales on its own.", Prod: &Demand{OneOf: []string{"false"}, Why: "the worker runs on a plan of its own, zone-redundant and scaled on its queues"}},
	{Name: "queueMaxDequeueCount", Type: "integer", Default: "5", Description: "Attempts before a queue message moves to its poison queue (1-100).", Range: &Range{1, 100}},

	// Entra ID.
	{Name: "customerSignInAudience", Type: "string", Default: "AzureADandPersonalMicrosoftAccount", Description: "Who may sign in to the customer portal: AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount or PersonalMicrosoftAccount.", Allowed: []string{"AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"}},
	{Name: "customerTenantId", Type: "string", Default: "", Description: "Tenant id (GUID) of a separate customer (external) tenant that holds the customer portal's registration; empty uses the deployment tenant.", Format: FormatGUID},
	{Name: "backofficeAdminGroups", Type: "array", Default: "[]", Description: "Object ids of Entra groups granted the backoffice Admin role.", Format: FormatGUIDList},
	{Name: "backofficeCatalogManagerGroups", Type: "array", Default: "[]", Description: "Object ids of Entra groups granted the backoffice CatalogManager role.", Format: FormatGUIDList},
	{Name: "backofficeOrderManagerGroups", Type: "array", Default: "[]", Description: "Object ids of Entra groups granted the backoffice OrderManager role.", Format: FormatGUIDList},

	// Web apps.
	{Name: "appPlanSku", Type: "string", Default: "B1", Description: "App Service plan SKU of the portals (B1-B3, S1-S3, P0v3-P3v3, P1mv3-P3mv3).", Format: FormatPlanSKU, Allowed: []string{"B1", "B2", "B3", "S1", "S2", "S3", "P0v3", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3", "P3mv3"},
		Plan: &Plan{ZoneRedundant: "appPlanZoneRedundant", MinInstances: "appMinInstances", MaxInstances: "appMaxInstances", Slots: "appStagingSlots"}},
	{Name: "appPlanZoneRedundant", Type: "boolean", Default: "false", Description: "Zone-redundant portal plan (Premium v3 only, at least 2 instances)."},
	{Name: "appMinInstances", Type: "integer", Default: "1", Description: "Instances the portal plan never scales below (1-30).", Range: &Range{1, 30}},
	{Name: "appMaxInstances", Type: "integer", Default: "1", Description: "Instances the portal plan never scales above (1-30; a Standard plan runs at most 10, Basic 3); above appMinInstances turns autoscale on.", Range: &Range{1, 30}},
	{Name: "appStagingSlots", Type: "boolean", Default: "false", Description: "Give each portal a staging deployment slot (Standard or Premium plans)."},
	{Name: "appHealthCheckPath", Type: "string", Default: "/healthz", Description: "Health check path probed by App Service on every portal instance.", Format: FormatURLPath},

	// Edge: Azure Front Door and its web application firewall. SKU names and
	// WAF modes as Microsoft.Cdn/profiles and
	// Microsoft.Network/FrontDoorWebApplicationFirewallPolicies spell them.
	{Name: "frontDoor", Type: "boolean", Default: "false", Description: "Put the portals behind Azure Front Door with a web application firewall; the web apps then accept only this Front Door's traffic. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "the portals sit behind Front Door's web application firewall"}},
	{Name: "frontDoorSku", Type: "string", Default: "Standard_AzureFrontDoor", Description: "Front Door tier: Standard_AzureFrontDoor or Premium_AzureFrontDoor. Only Premium runs the managed WAF rule sets (Microsoft default rules, bot protection); prod needs Premium.", Allowed: []string{"Standard_AzureFrontDoor", "Premium_AzureFrontDoor"}, Prod: &Demand{OneOf: []string{"Premium_AzureFrontDoor"}, Why: "only Premium runs the managed WAF rule sets"}},
	{Name: "wafMode", Type: "string", Default: "Prevention", Description: "WAF mode: Prevention blocks matching requests, Detection only logs them. prod needs Prevention.", Allowed: []string{"Prevention", "Detection"}, Prod: &Demand{OneOf: []string{"Prevention"}, Why: "Detection logs attacks without blocking them"}},
	{Name: "portalCustomDomain", Type: "string", Default: "", Description: "Custom hostname of the customer portal on Front Door (e.g. shop.example.com), with a certificate Front Door manages; empty for none. Needs frontDoor.", Format: FormatHostname},
	{Name: "backofficeCustomDomain", Type: "string", Default: "", Description: "Custom hostname of the backoffice on Front Door (e.g. admin.shop.example.com), with a certificate Front Door manages; empty for none. Needs frontDoor.", Format: FormatHostname},
	{Name: "backofficeAllowedIpRanges", Type: "array", Default: "[]", Description: "Public IP ranges (CIDR) the backoffice admits, checked by the WAF on the connecting address; empty admits any address (sign-in still applies). Needs frontDoor.", Format: FormatCIDRList},
	{Name: "wafSignInRateLimit", Type: "integer", Default: "100", Description: "Requests per minute one client IP may send to the sign-in paths (/.auth/login) before the WAF blocks it for the rest of the minute (10-10000).", Range: &Range{10, 10000}},
	{Name: "wafCheckoutRateLimit", Type: "integer", Default: "60", Description: "Requests per minute one client IP may send to the checkout paths before the WAF blocks it for the rest of the minute (10-10000); limits card testing.", Range: &Range{10, 10000}},

	// Analytics.
	{Name: "warehouseSku", Type: "string", Default: "DW100c", Description: "Dedicated SQL pool performance level (DW100c-DW30000c).", Allowed: []string{"DW100c", "DW200c", "DW300c", "DW400c", "DW500c", "DW1000c", "DW1500c", "DW2000c", "DW2500c", "DW3000c", "DW5000c", "DW6000c", "DW7500c", "DW10000c", "DW15000c", "DW30000c"}},
	{Name: "warehouseGeoBackup", Type: "boolean", Default: "false", Description: "Geo-backup of the dedicated SQL pool. Required in prod.", Prod: &Demand{OneOf: []string{"true"}, Why: "the warehouse must survive a regional outage"}},
	{Name: "analyticsLocation", Type: "string", Default: "", Description: "Region of the analytics layer (the warehouse, its staging account and Data Factory): location (empty means location) or, with disasterRecovery, secondaryLocation, where the layer moves, into the standby's resource group, after a regional outage (README, \"Moving analytics to the pair\").", Format: FormatRegion},
	{Name: "warehouseRestoreFrom", Type: "string", Default: "", Description: "Region whose warehouse pool a new pool is restored from (that pool's latest geo-backup) instead of starting empty: location or, with disasterRecovery, secondaryLocation, and not where the pool is created (analyticsLocation). Read when the pool is created, ignored afterwards. Needs warehouseGeoBackup.", Format: FormatRegion},
	{Name: "etlFrequency", Type: "string", Default: "Day", Description: "ETL schedule unit: Hour, Day or Week.", Allowed: []string{"Hour", "Day", "Week"}},
	{Name: "etlInterval", Type: "integer", Default: "1", Description: "ETL schedule interval in etlFrequency units (1-24 for Hour, 1-31 for Day, 1-4 for Week).", Range: &Range{1, 31}},
	{Name: "etlHour", Type: "integer", Default: "2", Description: "Hour of day (0-23, UTC) the daily/weekly load runs.", Range: &Range{0, 23}},
	{Name: "etlMinute", Type: "integer", Default: "0", Description: "Minute (0-59) the load runs.", Range: &Range{0, 59}},
	{Name: "etlTimeZone", Type: "string", Default: "UTC", Description: "Time zone of the ETL schedule. Only UTC for now: the classic Data Factory provider sends the start time in UTC, which makes Data Factory ignore any other zone, so give etlHour in UTC.", Allowed: []string{"UTC"}},

	// Regional resilience: a warm standby in a second region, and the
	// recovery targets the plan's resilience report is held to.
	{Name: "disasterRecovery", Type: "boolean", Default: "false", Description: "Run a warm standby in secondaryLocation, in a resource group of its own: a partner SQL server joined to the primary by an auto-failover group whose listeners every client connects through, and the portals and the worker at their standby instance counts behind Front Door's priority-2 origins. Needs secondaryLocation, a geo-redundant storageSku, frontDoor and a worker plan of its own."},
	{Name: "secondaryLocation", Type: "string", Default: "", Description: "Region of the standby: location's Azure region pair, where the storage account's geo-replica and Key Vault's replica already live. Read only when disasterRecovery is true.", Format: FormatRegion},
	{Name: "standbyAppMinInstances", Type: "integer", Default: "1", Description: "Instances the standby's portal plan runs at until it takes traffic (1-30); autoscale takes it up to appMaxInstances. At least 2 when the plans are zone-redundant and the pair has zones.", Range: &Range{1, 30}},
	{Name: "standbyWorkerMinInstances", Type: "integer", Default: "1", Description: "Instances the standby's worker plan runs at (1-30); autoscale takes it up to workerMaxInstances. At least 2 when the plans are zone-redundant and the pair has zones.", Range: &Range{1, 30}},
	{Name: "rpoMinutes", Type: "integer", Default: "0", Description: "Recovery point objective in minutes (0-10080): the most data, in minutes of writes, a regional outage may lose from a store on the customer path; the policy fails when the plan's resilience report exceeds it. 0 sets no target; required in prod.", Range: &Range{0, 10080}, Prod: &Demand{Set: true, Why: "prod states how much data a regional outage may lose"}},
	{Name: "rtoMinutes", Type: "integer", Default: "0", Description: "Recovery time objective in minutes (0-10080): how long the customer path may be down after a regional outage; the policy fails when the plan's resilience report exceeds it. 0 sets no target; required in prod.", Range: &Range{0, 10080}, Prod: &Demand{Set: true, Why: "prod states how long a regional outage may take the shop offline"}},

	// Usage assumptions of the offline cost estimate (internal/cost). They
	// change no resource: they say how much the stack is used, which the
	// plan cannot know, so each stack can state its own.
	{Name: "costSqlActiveHoursPerDay", Type: "integer", Default: "8", Description: "Cost estimate: hours per day the serverless transactional database is active (0-24); paused, it bills storage only. Ignored for provisioned SKUs, which bill every hour.", Range: &Range{0, 24}},
	{Name: "costLogIngestMbPerDay", Type: "integer", Default: "200", Description: "Cost estimate: log and telemetry ingested into the Log Analytics workspace, MB per day (0-1048576).", Range: &Range{0, 1048576}},
	{Name: "costEtlLoadMinutesPerRun", Type: "integer", Default: "20", Description: "Cost estimate: minutes the dedicated SQL pool is online per ETL run, resume to pause (0-1440); with the ETL schedule it gives the pool's online hours.", Range: &Range{0, 1440}},
	{Name: "costStorageGb", Type: "integer", Default: "10", Description: "Cost estimate: blob data stored in each storage account, GB (0-1048576).", Range: &Range{0, 1048576}},
	{Name: "costWarehouseStorageGb", Type: "integer", Default: "10", Description: "Cost estimate: data stored in the dedicated SQL pool, GB (0-245760); billed whether the pool is online or paused.", Range: &Range{0, 245760}},
	{Name: "costEtlCopyMinutes", Type: "integer", Default: "2", Description: "Cost estimate: minutes each copy activity of an ETL run takes (1-1440); Data Factory bills each copy's DIUs per started minute, at least one.", Range: &Range{1, 1440}},
	{Name: "costSqlDataGb", Type: "integer", Default: "5", Description: "Cost estimate: data in the transactional database, GB (0-4096); sizes each long-term retention backup.", Range: &Range{0, 4096}},

	// The stack's budget (core/budget.go).
	{Name: "budgetStartMonth", Type: "string", Default: "", Description: "First month the stack's budget counts, YYYY-MM (2017-06 or later); empty: the current month (UTC) of the deployment that creates the budget. Azure takes it only when the budget is created (a month not before the current one, at most twelve ahead) and refuses to change it, so later changes are ignored.", Format: FormatMonth},
	{Name: "monthlyBudget", Type: "integer", Default: "0", Description: "Monthly budget of the stack's resource group in USD (0-1000000): Azure e-mails alertEmails at 80 % and 100 % of actual and 100 % of forecast cost, and the policy fails in prod when the plan's estimate exceeds it. Required in prod; 0 (not set) elsewhere means a budget of $100.", Range: &Range{0, 1000000}, Prod: &Demand{Set: true, Why: "the stack's budget in USD a month, above the plan's cost estimate"}},
}

// keyByName indexes Keys.
var keyByName = func() map[string]Key {
	m := make(map[string]Key, len(Keys))
	for _, k := range Keys {
		m[k.Name] = k
	}
	return m
}()

// FullName returns the namespaced key, e.g. "ecommerce:location".
func FullName(name string) string { return Namespace + ":" + name }
