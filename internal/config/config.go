// Package config is the program's one typed configuration: it reads every
// project key once, validates all of them together and reports every problem
// at once, naming the key and the rule, before any resource is registered.
package config

import (
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Config is the validated configuration of one stack.
type Config struct {
	Project     string
	Stack       string
	Environment string
	Location    string
	Owner       string
	CostCenter  string
	Names       naming.Namer

	ProtectData       bool
	LockResourceGroup bool

	Network    Network
	Monitoring Monitoring
	Alerts     Alerts
	KeyVault   KeyVault
	Storage    Storage
	SQL        SQL
	Worker     Worker
	Auth       Auth
	Apps       Apps
	Edge       Edge
	Analytics  Analytics
	Cost       CostAssumptions

	DisasterRecovery DisasterRecovery
	Targets          RecoveryTargets

	EmailAPIKey Secret
}

// Network configures private networking.
type Network struct {
	Private      bool
	AddressSpace string // IPv4 CIDR
	// SecondaryAddressSpace is the standby's VNet's (IPv4 CIDR), read only
	// with private networking and a standby.
	SecondaryAddressSpace string
	// DNSZoneIDs are a landing zone's central private DNS zones by private
	// endpoint group id ("blob": its ARM id); nil: the program creates its
	// own zones.
	DNSZoneIDs map[string]string
	// ZoneGroups false leaves the private endpoints' DNS zone groups to
	// Azure Policy (DeployIfNotExists), in the landing zone's zones.
	ZoneGroups bool
}

// OwnZones reports whether the program creates the private DNS zones and
// links them to its VNets: with private networking, outside a landing zone
// (no central zones given, zone groups its own).
func (n Network) OwnZones() bool { return n.Private && n.ZoneGroups && len(n.DNSZoneIDs) == 0 }

// PrivateDNSGroups are the private endpoint group ids the program uses, in
// order, and PrivateDNSZones their zones, per Azure's private endpoint DNS
// configuration table
// (https://learn.microsoft.com/azure/private-link/private-endpoint-dns).
var (
	PrivateDNSGroups = []string{"blob", "queue", "table", "sqlServer", "vault", "sites"}
	PrivateDNSZones  = map[string]string{
		"blob":      "privatelink.blob.core.windows.net",
		"queue":     "privatelink.queue.core.windows.net",
		"table":     "privatelink.table.core.windows.net",
		"sqlServer": "privatelink.database.windows.net",
		"vault":     "privatelink.vaultcore.azure.net",
		// The worker's inbound endpoint: its app and its deployment (SCM)
		// site, the only way in once public access is off.
		"sites": "privatelink.azurewebsites.net",
	}
)

// Monitoring configures the Log Analytics workspace and Application Insights.
type Monitoring struct {
	LogRetentionDays int
	// AppInsightsLocalAuth keeps Application Insights accepting the
	// connection string's key; false requires Entra (managed identity) auth.
	AppInsightsLocalAuth bool
}

// Alerts configures who is told when an alert fires, and the thresholds
// an operator may tune.
type Alerts struct {
	Emails  []string
	Webhook Secret // empty: no webhook receiver
	Tuning  alerts.Tuning
	// AvailabilityTests false pauses the portals' availability tests.
	AvailabilityTests bool
}

// KeyVault configures the vault's deletion safety nets.
type KeyVault struct {
	SoftDeleteDays  int
	PurgeProtection bool
}

// Storage configures the storage account.
type Storage struct {
	SKU                     string
	BlobSoftDeleteDays      int
	ContainerSoftDeleteDays int
}

// SQL configures the transactional database.
type SQL struct {
	AdminGroupMembers     []string
	SKU                   SQLSku
	MaxSizeGB             int
	AutoPauseDelayMinutes int
	ZoneRedundant         bool
	BackupRedundancy      string
	BackupRetentionDays   int
	LongTermRetention     LongTermRetention
	// Defender turns Microsoft Defender for SQL on for both servers.
	Defender bool
}

// SQLSku is a parsed vCore SKU name such as GP_S_Gen5_1.
type SQLSku struct {
	Name       string
	Tier       string // GeneralPurpose or BusinessCritical
	Family     string // Gen5
	Capacity   int    // vCores
	Serverless bool
}

// LongTermRetention holds ISO 8601 durations; empty means none.
type LongTermRetention struct {
	Weekly, Monthly, Yearly string
}

// Any reports whether any long-term retention is configured.
func (l LongTermRetention) Any() bool { return l.Weekly != "" || l.Monthly != "" || l.Yearly != "" }

// Worker configures the queue-triggered Function App and its plan.
type Worker struct {
	PlanSKU         string
	ZoneRedundant   bool
	MinInstances    int
	MaxInstances    int
	MaxDequeueCount int
	// SharesAppPlan runs the worker on the portals' plan (core creates it,
	// the apps layer takes it); PlanSKU, ZoneRedundant and the instance
	// counts then do not apply.
	SharesAppPlan bool
}

// Autoscale reports whether the worker plan scales between MinInstances and MaxInstances.
func (w Worker) Autoscale() bool { return w.MaxInstances > w.MinInstances }

// Auth configures Entra ID sign-in.
type Auth struct {
	CustomerSignInAudience string
	CustomerTenantID       string // empty: the deployment tenant
	// BackofficeRoleGroups maps a backoffice app role value to the Entra group
	// object ids granted it.
	BackofficeRoleGroups map[string][]string
}

// Backoffice app role values, in the order they are declared.
const (
	RoleAdmin          = "Admin"
	RoleCatalogManager = "CatalogManager"
	RoleOrderManager   = "OrderManager"
)

// BackofficeRoles lists the backoffice app role values.
var BackofficeRoles = []string{RoleAdmin, RoleCatalogManager, RoleOrderManager}

// BackofficeRoleKeys maps each backoffice role to the key listing its groups.
var BackofficeRoleKeys = map[string]string{
	RoleAdmin:          "backofficeAdminGroups",
	RoleCatalogManager: "backofficeCatalogManagerGroups",
	RoleOrderManager:   "backofficeOrderManagerGroups",
}

// Apps configures the portals' App Service plan and slots.
type Apps struct {
	PlanSKU         string
	ZoneRedundant   bool
	MinInstances    int
	MaxInstances    int
	StagingSlots    bool
	HealthCheckPath string
}

// Autoscale reports whether the plan scales between MinInstances and MaxInstances.
func (a Apps) Autoscale() bool { return a.MaxInstances > a.MinInstances }

// Front Door SKU names (Microsoft.Cdn/profiles sku.name).
const (
	FrontDoorStandard = "Standard_AzureFrontDoor"
	FrontDoorPremium  = "Premium_AzureFrontDoor"
)

// Edge configures Azure Front Door and its web application firewall in front
// of the portals.
type Edge struct {
	Enabled bool
	SKU     string // FrontDoorStandard or FrontDoorPremium
	WAFMode string // Prevention or Detection
	// PortalDomain and BackofficeDomain are custom hostnames; "" for none.
	PortalDomain     string
	BackofficeDomain string
	// BackofficeAllowedRanges are the CIDRs the backoffice admits; empty
	// admits every address.
	BackofficeAllowedRanges []string
	// Requests per minute and client IP before the WAF blocks.
	SignInRateLimit   int
	CheckoutRateLimit int
}

// Premium reports whether the profile is Premium, the tier that runs managed
// WAF rule sets.
func (e Edge) Premium() bool { return e.SKU == FrontDoorPremium }

// Analytics configures the warehouse and its load schedule.
type Analytics struct {
	WarehouseSKU string
	GeoBackup    bool
	Schedule     Schedule
	// Location is the layer's region: location, or secondaryLocation when
	// it has moved to the standby's resource group after a regional outage.
	Location string
	// RestoreFrom is the region whose pool a new pool is restored from
	// (warehouseRestoreFrom); empty, a new pool starts empty.
	RestoreFrom string
}

// AnalyticsInStandby reports whether the analytics layer runs in the standby's
// region and resource group.
func (c *Config) AnalyticsInStandby() bool {
	return c.DisasterRecovery.Enabled && c.Analytics.Location == c.DisasterRecovery.SecondaryLocation
}

// NamesIn returns the stack's names in region: location's or the standby's.
func (c *Config) NamesIn(region string) naming.Namer {
	if region == c.Location {
		return c.Names
	}
	return c.DisasterRecovery.SecondaryNames
}

// DisasterRecovery configures the warm standby in a second region.
type DisasterRecovery struct {
	Enabled bool
	// SecondaryLocation is the standby's region, location's pair; read
	// only when Enabled.
	SecondaryLocation string
	// SecondaryNames names the standby's resources: the stack's names in
	// SecondaryLocation (zero unless Enabled).
	SecondaryNames naming.Namer
	// AppMinInstances and WorkerMinInstances are the standby plans'
	// instances until they take traffic; autoscale goes up to the primary's
	// maximum.
	AppMinInstances, WorkerMinInstances int
	// Zones: the pair has availability zones, so the standby's plans are
	// zone-redundant where the primary's are.
	Zones bool
}

// RecoveryTargets are the stack's recovery objectives; 0 sets none.
type RecoveryTargets struct {
	RPOMinutes int
	RTOMinutes int
}

// Schedule is the ETL trigger's recurrence.
type Schedule struct {
	Frequency string // Hour, Day or Week
	Interval  int
	Hour      int
	Minute    int
	TimeZone  string
}

// CostAssumptions are the usage figures the offline cost estimate needs and
// the plan cannot know. They are config, not constants, so that each stack
// states its own and a reviewer sees them next to the sizes they multiply.
type CostAssumptions struct {
	SQLActiveHoursPerDay int // serverless database active (not paused) hours a day
	LogIngestMBPerDay    int // Log Analytics ingestion
	ETLLoadMinutesPerRun int // dedicated SQL pool online minutes per ETL run
	StorageGB            int // blob data per storage account
	WarehouseStorageGB   int // data in the dedicated SQL pool
	SQLDataGB            int // data in the transactional database (LTR backup size)
	ETLCopyMinutes       int // each ETL copy activity's duration
	// MonthlyBudget is the stack's budget in USD (monthlyBudget); 0 is not
	// set, refused in prod (Budget gives the amount the stack deploys).
	MonthlyBudget int
	// BudgetStartMonth is the budget's first month, YYYY-MM; empty when
	// not set (BudgetStart gives the month the stack deploys).
	BudgetStartMonth string
}

// BudgetStart is the budget's first month, YYYY-MM: budgetStartMonth, or
// the month (UTC) of now. Azure refuses a monthly budget that starts
// before the current month, so a fixed default would fail every new stack
// once its month has passed; the budget ignores later changes of its start
// date, so the month of the run that creates it is kept.
func (c CostAssumptions) BudgetStart(now time.Time) string {
	if c.BudgetStartMonth != "" {
		return c.BudgetStartMonth
	}
	return now.UTC().Format("2006-01")
}

// DefaultBudget is the budget in USD of a non-prod stack that sets no
// monthlyBudget: Azure needs an amount, and a dev stack plans well below it.
const DefaultBudget = 100

// Budget is the monthly budget the stack deploys, in USD.
func (c CostAssumptions) Budget() int {
	if c.MonthlyBudget == 0 {
		return DefaultBudget
	}
	return c.MonthlyBudget
}

// IsProd reports whether the stack is a production stack.
func (c *Config) IsProd() bool { return c.Environment == "prod" }

// Tags returns the tags every taggable resource carries.
func (c *Config) Tags() map[string]string {
	return map[string]string{
		"project":     c.Project,
		"environment": c.Environment,
		"stack":       c.Stack,
		"owner":       c.Owner,
		"cost-center": c.CostCenter,
		"managed-by":  "pulumi",
	}
}

// Secret is a config value that must stay secret: it prints as [secret] and
// enters the program only as a Pulumi secret output.
type Secret struct{ value string }

// IsSet reports whether a value was configured.
func (s Secret) IsSet() bool { return s.value != "" }

// Reveal returns the value itself, for the step that turns it into a
// Pulumi secret (core's secretOf); never log or export it.
func (s Secret) Reveal() string { return s.value }

// String keeps the value out of logs and error messages.
func (s Secret) String() string { return "[secret]" }

// Value is one raw config value as Pulumi hands it over: arrays arrive as JSON.
type Value struct {
	Raw    string
	Secret bool // set with --secret (secure: in the stack file)
}

// Parse validates raw values keyed by short key name. Keys it does not know
// are refused too, so a typo in a stack file does not silently fall back to a
// default.
func Parse(project, stack string, values map[string]Value) (*Config, error) {
	p := &parser{values: values}
	for name := range values {
		if _, ok := keyByName[name]; !ok {
			p.problem(name, "unknown key%s", suggest(name))
		}
	}

	c := &Config{
		Project:           project,
		Stack:             stack,
		Environment:       p.oneOf("environment"),
		Location:          p.location("location"),
		Owner:             p.text("owner"),
		CostCenter:        p.text("costCenter"),
		ProtectData:       p.boolean("protectData"),
		LockResourceGroup: p.boolean("lockResourceGroup"),
		Network: Network{
			Private:               p.boolean("privateNetworking"),
			AddressSpace:          p.cidr("vnetAddressSpace"),
			SecondaryAddressSpace: p.cidr("secondaryVnetAddressSpace"),
			DNSZoneIDs:            p.dnsZoneIDs("privateDnsZoneIds"),
			ZoneGroups:            p.boolean("privateDnsZoneGroups"),
		},
		Monitoring: Monitoring{
			LogRetentionDays:     p.intRange("logRetentionDays"),
			AppInsightsLocalAuth: p.boolean("appInsightsLocalAuth"),
		},
		Alerts: Alerts{
			Emails:  p.emails("alertEmails"),
			Webhook: p.httpsURL("alertWebhookUrl"),
			Tuning: alerts.Tuning{
				ResponseTimeSeconds: p.intRange("alertResponseTimeSeconds"),
				HTTP5xxCount:        p.intRange("alertHttp5xxCount"),
				PoolOnlineMinutes:   p.intRange("alertPoolOnlineMinutes"),
			},
			AvailabilityTests: p.boolean("availabilityTests"),
		},
		KeyVault: KeyVault{
			SoftDeleteDays:  p.intRange("keyVaultSoftDeleteDays"),
			PurgeProtection: p.boolean("keyVaultPurgeProtection"),
		},
		Storage: Storage{
			SKU:                     p.oneOf("storageSku"),
			BlobSoftDeleteDays:      p.intRange("blobSoftDeleteDays"),
			ContainerSoftDeleteDays: p.intRange("containerSoftDeleteDays"),
		},
		SQL: SQL{
			AdminGroupMembers: p.guids("sqlAdminGroupMembers"),
			SKU:               p.sqlSku("sqlSkuName"),
			MaxSizeGB:         p.intRange("sqlMaxSizeGb"),
			ZoneRedundant:     p.boolean("sqlZoneRedundant"),
			BackupRedundancy:  p.oneOf("sqlBackupRedundancy"),
			// Azure's point-in-time restore window is 1 to 35 days.
			BackupRetentionDays: p.intRange("sqlBackupRetentionDays"),
			LongTermRetention: LongTermRetention{
				Weekly:  p.duration("sqlLtrWeekly"),
				Monthly: p.duration("sqlLtrMonthly"),
				Yearly:  p.duration("sqlLtrYearly"),
			},
			Defender: p.boolean("sqlDefender"),
		},
		Worker: Worker{
			PlanSKU:         p.planSku("workerPlanSku"),
			ZoneRedundant:   p.boolean("workerZoneRedundant"),
			MinInstances:    p.intRange("workerMinInstances"),
			MaxInstances:    p.intRange("workerMaxInstances"),
			MaxDequeueCount: p.intRange("queueMaxDequeueCount"),
			SharesAppPlan:   p.boolean("workerSharesAppPlan"),
		},
		Auth: Auth{
			CustomerSignInAudience: p.oneOf("customerSignInAudience"),
			CustomerTenantID:       p.optionalGUID("customerTenantId"),
			BackofficeRoleGroups: map[string][]string{
				RoleAdmin:          p.guids(BackofficeRoleKeys[RoleAdmin]),
				RoleCatalogManager: p.guids(BackofficeRoleKeys[RoleCatalogManager]),
				RoleOrderManager:   p.guids(BackofficeRoleKeys[RoleOrderManager]),
			},
		},
		Apps: Apps{
			PlanSKU:         p.planSku("appPlanSku"),
			ZoneRedundant:   p.boolean("appPlanZoneRedundant"),
			MinInstances:    p.intRange("appMinInstances"),
			MaxInstances:    p.intRange("appMaxInstances"),
			StagingSlots:    p.boolean("appStagingSlots"),
			HealthCheckPath: p.text("appHealthCheckPath"),
		},
		Edge: Edge{
			Enabled:                 p.boolean("frontDoor"),
			SKU:                     p.oneOf("frontDoorSku"),
			WAFMode:                 p.oneOf("wafMode"),
			PortalDomain:            p.hostname("portalCustomDomain"),
			BackofficeDomain:        p.hostname("backofficeCustomDomain"),
			BackofficeAllowedRanges: p.cidrList("backofficeAllowedIpRanges"),
			SignInRateLimit:         p.intRange("wafSignInRateLimit"),
			CheckoutRateLimit:       p.intRange("wafCheckoutRateLimit"),
		},
		Analytics: Analytics{
			WarehouseSKU: p.oneOf("warehouseSku"),
			GeoBackup:    p.boolean("warehouseGeoBackup"),
			Schedule: Schedule{
				Frequency: p.oneOf("etlFrequency"),
				Interval:  p.intRange("etlInterval"),
				Hour:      p.intRange("etlHour"),
				Minute:    p.intRange("etlMinute"),
				// UTC only: azurerm (4.61.0 included) sends the trigger's
				// start time with a Z, and Data Factory then ignores
				// timeZone; analytics.scheduleStart says more.
				TimeZone: p.oneOf("etlTimeZone"),
			},
		},
		Cost: CostAssumptions{
			SQLActiveHoursPerDay: p.intRange("costSqlActiveHoursPerDay"),
			LogIngestMBPerDay:    p.intRange("costLogIngestMbPerDay"),
			ETLLoadMinutesPerRun: p.intRange("costEtlLoadMinutesPerRun"),
			StorageGB:            p.intRange("costStorageGb"),
			WarehouseStorageGB:   p.intRange("costWarehouseStorageGb"),
			SQLDataGB:            p.intRange("costSqlDataGb"),
			ETLCopyMinutes:       p.intRange("costEtlCopyMinutes"),
			MonthlyBudget:        p.intRange("monthlyBudget"),
			BudgetStartMonth:     p.text("budgetStartMonth"),
		},
		DisasterRecovery: DisasterRecovery{
			Enabled:            p.boolean("disasterRecovery"),
			SecondaryLocation:  p.location("secondaryLocation"),
			AppMinInstances:    p.intRange("standbyAppMinInstances"),
			WorkerMinInstances: p.intRange("standbyWorkerMinInstances"),
		},
		Targets: RecoveryTargets{
			RPOMinutes: p.intRange("rpoMinutes"),
			RTOMinutes: p.intRange("rtoMinutes"),
		},
		EmailAPIKey: p.secret("emailApiKey"),
	}
	c.SQL.AutoPauseDelayMinutes = p.autoPause("sqlAutoPauseDelayMinutes", c.SQL.SKU)

	if c.Location != "" {
		names, err := naming.New(project, stack, c.Location, p.str("nameSuffix"))
		if err != nil {
			p.problem("nameSuffix", "%v", err)
		}
		c.Names = names
		if dr := &c.DisasterRecovery; dr.Enabled && dr.SecondaryLocation != "" {
			secondary, err := naming.New(project, stack, dr.SecondaryLocation, p.str("nameSuffix"))
			if err != nil {
				p.problem("secondaryLocation", "%v", err)
			}
			dr.SecondaryNames = secondary
		}
	}
	c.Analytics.Location, c.Analytics.RestoreFrom = p.location("analyticsLocation"), p.location("warehouseRestoreFrom")
	if c.Analytics.Location == "" {
		c.Analytics.Location = c.Location
	}

	p.crossChecks(c)
	if len(p.problems) > 0 {
		return nil, &Error{Stack: stack, Problems: p.sorted()}
	}
	return c, nil
}

// crossChecks holds the rules that relate several keys, above all the prod
// rules that keep data from being lost.
func (p *parser) crossChecks(c *Config) {
	own := slices.Clone(p.problems) // the keys' own problems, before these rules
	p.planChecks()
	if c.Worker.SharesAppPlan && c.Worker.Autoscale() {
		p.problem("workerMaxInstances", "must equal workerMinInstances when workerSharesAppPlan is true: the shared plan scales by appMinInstances and appMaxInstances")
	}
	if c.Auth.CustomerTenantID != "" && c.Auth.CustomerSignInAudience != "" && c.Auth.CustomerSignInAudience != "AzureADMyOrg" {
		p.problem("customerSignInAudience", "must be AzureADMyOrg when customerTenantId is set: an external tenant's apps sign in that tenant's own customer accounts, not %s", c.Auth.CustomerSignInAudience)
	}
	p.edgeChecks(c.Edge)
	p.standbyChecks(c)
	p.analyticsChecks(c)
	p.networkChecks(c)
	s := c.Analytics.Schedule
	maxInterval := map[string]int{"Hour": 24, "Day": 31, "Week": 4}[s.Frequency]
	if maxInterval > 0 && s.Interval > maxInterval {
		p.problem("etlInterval", "must be at most %d for etlFrequency %s", maxInterval, s.Frequency)
	}

	if !c.IsProd() {
		return
	}
	p.prodDemands(own)
	// The one prod rule over several keys.
	if !c.SQL.LongTermRetention.Any() {
		p.problem("sqlLtrWeekly", "one of sqlLtrWeekly, sqlLtrMonthly or sqlLtrYearly must be set %s", inProd)
	}
}

// inProd ends every prod rule's message.
const inProd = "in prod (environment: prod)"

// prodDemands checks every key's Prod demand on its value, or its default,
// when the key's own rules passed (own holds their problems).
func (p *parser) prodDemands(own []Problem) {
	for _, k := range Keys {
		d := k.Prod
		if d == nil || slices.ContainsFunc(own, func(pr Problem) bool { return pr.Key == FullName(k.Name) }) {
			continue
		}
		v := p.value(k)
		var rule string
		switch {
		case d.OneOf != nil && !slices.Contains(d.OneOf, v):
			rule = "must be " + orList(d.OneOf) + " " + inProd
			if k.Type != "boolean" {
				rule += ", not " + v
			}
		case d.AtLeast != 0 && atoi(v) < d.AtLeast:
			rule = fmt.Sprintf("must be at least %d %s", d.AtLeast, inProd)
		case d.Set && k.Type == "array" && emptyList(v):
			rule = "must list at least one item " + inProd
		case d.Set && k.Type == "integer" && atoi(v) == 0:
			rule = "must be set " + inProd
		default:
			continue
		}
		p.problem(k.Name, "%s: %s", rule, d.Why)
	}
}

// emptyList reports whether an array value lists nothing ("[]", "[ ]",
// "null"), as the key's own parser reads it.
func emptyList(v string) bool {
	var items []json.RawMessage
	return json.Unmarshal([]byte(v), &items) != nil || len(items) == 0
}

// orList joins values as a message lists them: "A", "A or B", "A, B or C".
func orList(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// networkChecks holds the private network's rules: the landing zone's
// options need private endpoints, and the standby's VNet must not overlap
// the primary's.
func (p *parser) networkChecks(c *Config) {
	n := c.Network
	if !p.valid("privateNetworking") {
		return
	}
	if !n.Private {
		if len(n.DNSZoneIDs) > 0 {
			p.problem("privateDnsZoneIds", "needs privateNetworking: true (only private endpoints register in private DNS zones)")
		}
		if !n.ZoneGroups && p.valid("privateDnsZoneGroups") {
			p.problem("privateDnsZoneGroups", "false needs privateNetworking: true (only private endpoints have DNS zone groups)")
		}
		return
	}
	if !n.ZoneGroups && len(n.DNSZoneIDs) > 0 {
		p.problem("privateDnsZoneIds", "does not apply when privateDnsZoneGroups is false: Azure Policy creates the zone groups, in the zones its assignment names; leave it empty")
	}
	// Peered VNets need address spaces that do not overlap
	// (https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview),
	// as does a failover group's private link setup
	// (https://learn.microsoft.com/azure/azure-sql/database/failover-group-configure-sql-db#use-private-link).
	if c.DisasterRecovery.Enabled && n.AddressSpace != "" && n.SecondaryAddressSpace != "" && overlaps(n.AddressSpace, n.SecondaryAddressSpace) {
		p.problem("secondaryVnetAddressSpace", "%s overlaps vnetAddressSpace (%s): the standby's VNet is peered with the primary's, and peered VNets need address spaces that do not overlap", n.SecondaryAddressSpace, n.AddressSpace)
	}
}

// overlaps reports whether two valid IPv4 CIDRs share an address: one
// holds the other's network address.
func overlaps(a, b string) bool {
	_, na, errA := net.ParseCIDR(a)
	_, nb, errB := net.ParseCIDR(b)
	return errA == nil && errB == nil && (na.Contains(nb.IP) || nb.Contains(na.IP))
}

// edgeChecks holds the edge's rules: what only Front Door serves needs it,
// and the two portals cannot share a hostname.
func (p *parser) edgeChecks(e Edge) {
	if !e.Enabled {
		for key, v := range map[string]string{"portalCustomDomain": e.PortalDomain, "backofficeCustomDomain": e.BackofficeDomain} {
			if v != "" {
				p.problem(key, "needs frontDoor: true (Front Door serves the custom domains)")
			}
		}
		if len(e.BackofficeAllowedRanges) > 0 {
			p.problem("backofficeAllowedIpRanges", "needs frontDoor: true (Front Door's WAF enforces the ranges)")
		}
	}
	if e.PortalDomain != "" && e.PortalDomain == e.BackofficeDomain {
		p.problem("backofficeCustomDomain", "must differ from portalCustomDomain (%s): each portal has a hostname of its own", e.PortalDomain)
	}
}

// planChecks holds the plan rules, for every plan SKU key alike, from the
// tiers' data: bounds in order, an instance count the tier can run, zone
// redundancy on a tier that offers it with an instance per zone, slots and
// autoscale on a tier that has them. A rule is skipped when a key it reads
// is invalid already.
func (p *parser) planChecks() {
	for _, k := range Keys {
		pk := k.Plan
		if pk == nil || !p.valid(k.Name) || !p.valid(pk.MinInstances) || !p.valid(pk.MaxInstances) {
			continue
		}
		if pk.SharedWhen != "" && p.value(keyByName[pk.SharedWhen]) == "true" {
			continue // the keys do not apply: the plan is another's
		}
		sku := p.value(k)
		tier := tierOf(sku)
		minimum, maximum := atoi(p.value(keyByName[pk.MinInstances])), atoi(p.value(keyByName[pk.MaxInstances]))
		if minimum > maximum {
			p.problem(pk.MinInstances, "must not exceed %s (%d > %d)", pk.MaxInstances, minimum, maximum)
		}
		if minimum > tier.MaxInstances {
			p.problem(pk.MinInstances, "%s plans run at most %d instances (%s %s)", tier.Name, tier.MaxInstances, k.Name, sku)
		}
		if tier.Autoscale && maximum > tier.MaxInstances {
			p.problem(pk.MaxInstances, "%s plans run at most %d instances (%s %s)", tier.Name, tier.MaxInstances, k.Name, sku)
		}
		if p.valid(pk.ZoneRedundant) && p.value(keyByName[pk.ZoneRedundant]) == "true" {
			if !tier.ZoneRedundant {
				p.problem(pk.ZoneRedundant, "needs a %s %s (%s), not %s", tierNames(func(t PlanTier) bool { return t.ZoneRedundant }), k.Name, strings.Join(skusWhere(k, func(t PlanTier) bool { return t.ZoneRedundant }), ", "), sku)
			}
			if minimum < 2 {
				p.problem(pk.MinInstances, "must be at least 2 when %s is true (one instance per zone)", pk.ZoneRedundant)
			}
		}
		if pk.Slots != "" && p.valid(pk.Slots) && p.value(keyByName[pk.Slots]) == "true" && !tier.Slots {
			p.problem(pk.Slots, "needs a %s %s; %s (%s) has no deployment slots", tierNames(func(t PlanTier) bool { return t.Slots }), k.Name, tier.Name, sku)
		}
		if maximum > minimum && !tier.Autoscale {
			p.problem(pk.MaxInstances, "autoscale (%s > %s) needs a %s %s, not %s", pk.MaxInstances, pk.MinInstances, tierNames(func(t PlanTier) bool { return t.Autoscale }), k.Name, sku)
		}
	}
}

// tierOf is the tier of an allowed plan SKU.
func tierOf(sku string) PlanTier {
	for _, t := range PlanTiers {
		if slices.Contains(t.SKUs, sku) {
			return t
		}
	}
	panic("config: plan SKU " + sku + " has no tier in PlanTiers") // caught by every test
}

// tierNames lists the tiers that offer something, as a message does.
func tierNames(offers func(PlanTier) bool) string {
	var names []string
	for _, t := range PlanTiers {
		if offers(t) {
			names = append(names, t.Name)
		}
	}
	return orList(names)
}

// skusWhere are the key's allowed SKUs whose tier offers something.
func skusWhere(k Key, offers func(PlanTier) bool) []string {
	var out []string
	for _, sku := range k.Allowed {
		if offers(tierOf(sku)) {
			out = append(out, sku)
		}
	}
	return out
}

// Problem is one invalid key and the rule it breaks.
type Problem struct {
	Key  string // namespaced, e.g. ecommerce:sqlSkuName
	Rule string
}

// Error lists every config problem of a stack.
type Error struct {
	Stack    string
	Problems []Problem
	// NotDeployable: the config plans, but must change before `pulumi up`.
	NotDeployable bool
}

func (e *Error) Error() string {
	var b strings.Builder
	what := "invalid configuration"
	if e.NotDeployable {
		what = "configuration not ready to deploy"
	}
	fmt.Fprintf(&b, "%s for stack %q (%d problem", what, e.Stack, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, pr := range e.Problems {
		fmt.Fprintf(&b, "\n  - %s: %s", pr.Key, pr.Rule)
	}
	return b.String()
}

func suggest(name string) string {
	best, bestDist := "", 4
	for _, k := range Keys {
		if d := distance(strings.ToLower(name), strings.ToLower(k.Name)); d < bestDist {
			best, bestDist = k.Name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", FullName(best))
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func (p *parser) sorted() []Problem {
	out := append([]Problem(nil), p.problems...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
