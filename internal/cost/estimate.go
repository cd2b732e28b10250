package cost

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
)

// Calendar figures Azure's monthly prices use: 730 hours a month.
const (
	HoursPerMonth = 730.0
	DaysPerMonth  = HoursPerMonth / 24
	WeeksPerMonth = DaysPerMonth / 7
)

// Log Analytics includes the first 5 GB of ingestion a month (per billing
// account) and 31 days of interactive retention; the pricing page still
// gives both (README, "Cost").
const (
	LogFreeGBPerMonth   = 5.0
	LogFreeRetentionDay = 31
)

// copyDIUs is what Data Factory allots a copy between cloud stores when the
// activity sets no dataIntegrationUnits: "Auto", which starts at 4.
const copyDIUs = 4

// Line is one priced meter of one resource.
type Line struct {
	Type      string  `json:"type"` // resource type token
	Name      string  `json:"name"` // logical name in the plan
	What      string  `json:"what"`
	Dimension string  `json:"dimension"` // instance-hours, vCore-hours, DWU-hours, GB-months, activity runs, ...
	Quantity  float64 `json:"quantity"`  // a month's, in Unit
	Unit      string  `json:"unit"`      // the meter's unit of measure
	UnitPrice float64 `json:"unitPrice"`
	Monthly   float64 `json:"monthly"`
	// MonthlyAtMax is the line at its upper bound (autoscale at the maximum
	// instance count, serverless at its maximum vCores); Monthly otherwise.
	MonthlyAtMax float64 `json:"monthlyAtMax"`
	Meter        Meter   `json:"meter"`
	Region       string  `json:"region"`
	Unverified   bool    `json:"unverified"`
	Note         string  `json:"note"`
}

// Commitment is a reserved-instance or savings-plan price of a line, shown
// beside the estimate and never added to its total.
type Commitment struct {
	Type          string  `json:"type"`
	Name          string  `json:"name"`
	Offer         string  `json:"offer"` // e.g. "Reservation 1 Year"
	Monthly       float64 `json:"monthly"`
	PayAsYouGo    float64 `json:"payAsYouGo"` // the line's Monthly, for comparison
	Unverified    bool    `json:"unverified"`
	CoveredAmount string  `json:"covers"`
}

// Unpriced is a resource the estimate could not price: a billable type with
// no price row, or a type the estimator does not know at all.
type Unpriced struct {
	Type   string `json:"type"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Assumptions are the usage figures the estimate used, by config key.
type Assumptions struct {
	SQLActiveHoursPerDay int     `json:"costSqlActiveHoursPerDay"`
	LogIngestMBPerDay    int     `json:"costLogIngestMbPerDay"`
	ETLLoadMinutesPerRun int     `json:"costEtlLoadMinutesPerRun"`
	StorageGB            int     `json:"costStorageGb"`
	WarehouseStorageGB   int     `json:"costWarehouseStorageGb"`
	SQLDataGB            int     `json:"costSqlDataGb"`
	ETLCopyMinutes       int     `json:"costEtlCopyMinutes"`
	ETLRunsPerMonth      float64 `json:"etlRunsPerMonth"` // from etlFrequency and etlInterval
	HoursPerMonth        float64 `json:"hoursPerMonth"`
}

// Estimate is a stack's monthly estimate. Its JSON form is `plan --format
// cost-json`, a documented contract (README, "Cost").
type Estimate struct {
	Stack     string  `json:"stack"`
	Currency  string  `json:"currency"`
	Region    string  `json:"region"`
	PriceDate string  `json:"priceDate"`
	Lines     []Line  `json:"lines"`
	Total     float64 `json:"total"`
	// TotalAtMax is the total with every range at its upper bound.
	TotalAtMax float64 `json:"totalAtMax"`
	// Standby is the part of Total the warm standby costs (disasterRecovery):
	// the lines of resources named for it (IsStandby); what it adds to shared
	// lines (log ingestion, traffic) is not in it.
	Standby         float64      `json:"standby"`
	Assumptions     Assumptions  `json:"assumptions"`
	UnverifiedLines int          `json:"unverifiedLines"`
	Reserved        []Commitment `json:"reserved"`
	Unpriced        []Unpriced   `json:"unpriced"`
	FreeResources   int          `json:"freeResources"`
	// Budget is the amount of the stack's budget resource in the plan
	// (monthlyBudget), 0 when the plan has none; OverBudget says whether
	// Total exceeds it, which the plan warns about and prod's policy refuses.
	Budget     float64 `json:"budget"`
	OverBudget bool    `json:"overBudget"`
	// Resources are every Azure and Entra resource of the plan, priced or
	// not, so two estimates tell what a change adds and removes (Diff).
	Resources []Item `json:"resources"`
}

// IsStandby reports whether a resource, by its logical name, is the warm
// standby's: the layers name everything they add for it with a "standby"
// segment (core-standby-sql, apps-standby-plan, core-sqldb-standby-alert-cpu,
// analytics-adf-mpe-shop-sql-standby). The analytics layer moved to the
// pair (analyticsLocation: analytics-standby-*) is the layer itself, which
// runs in one region at a time, not a standby beside it.
func IsStandby(name string) bool {
	return strings.Contains("-"+name+"-", "-standby-") && !strings.HasPrefix(name, "analytics-standby-")
}

// Item is one resource of the plan.
type Item struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// BudgetType is the type of the stack's budget (core/budget.go).
const BudgetType = inventory.Budget

// PlannedBudget returns the monthly amount of the plan's budget, and
// whether it has one.
func PlannedBudget(res *inventory.Result) (float64, bool) {
	for _, r := range res.ByType(BudgetType) {
		return num(inputs(r), "amount"), true
	}
	return 0, false
}

// FreeTypes are the resource types (by Kind) that cost nothing by
// themselves, each with the reason; a type neither here nor in billable is
// reported unpriced, never assumed free.
var FreeTypes = map[string]string{
	inventory.RoleAssignment:                         "RBAC is free",
	inventory.ResourceGroupLock:                      "locks are free",
	inventory.DiagnosticSetting:                      "its logs are priced on the workspace's ingestion line",
	inventory.AppInsights:                            "workspace-based: its telemetry is priced on the workspace's ingestion line",
	inventory.AutoscaleSetting:                       "free; the instances it adds are priced on the plan's line (range)",
	inventory.KeyVaultSecret:                         "secrets are priced by operations on the vault's line",
	inventory.ResourceGroup:                          "resource groups are free",
	BudgetType:                                       "Cost Management budgets are free",
	inventory.SQLServer:                              "a logical SQL server is free; its databases are billed",
	inventory.SQLFailoverGroup:                       "a failover group is free; its geo-secondary is billed as a database",
	inventory.VirtualNetworkPeering:                  "no charge of its own: global peering bills per GB crossing it each way, for which the stack has no usage assumption (not priced)",
	inventory.FirewallRule:                           "free",
	inventory.TransparentDataEncryption:              "service-managed TDE is free",
	inventory.ExtendedServerBlobAuditingPolicy:       "audit records go to the workspace: priced on its ingestion line",
	inventory.BackupShortTermRetentionPolicy:         "point-in-time backup storage up to the database's max size is included",
	inventory.BlobContainer:                          "its data is priced on the account's line",
	inventory.BlobServiceProperties:                  "settings of the account",
	inventory.ManagementPolicy:                       "lifecycle rules are free",
	inventory.StorageQueue:                           "queue transactions are not priced (a few cents at this scale)",
	inventory.VirtualNetwork:                         "VNets are free",
	inventory.Subnet:                                 "subnets are free",
	inventory.NetworkSecurityGroup:                   "NSGs are free",
	inventory.PrivateDnsZoneGroup:                    "free; the zones are priced",
	inventory.VirtualNetworkLink:                     "links without auto-registration are not billed separately",
	inventory.LinuxWebApp:                            "runs on its plan's instances",
	inventory.LinuxWebAppSlot:                        "runs on its plan's instances",
	inventory.LinuxFunctionApp:                       "runs on its dedicated plan's instances",
	inventory.DataFactory:                            "a factory is free; its pipeline runs are billed",
	"Microsoft.DataFactory/factories/linkedservices": "definitions are free",
	"Microsoft.DataFactory/factories/datasets":       "definitions are free (entity operations are fractions of a cent)",
	inventory.TriggerSchedule:                        "its trigger runs are priced on the pipeline's activity-run line",
	inventory.IntegrationRuntimeRule:                 "its copies are priced on the pipeline's DIU-hour line",
	inventory.ApplicationRegistration:                "Entra ID Free",
	inventory.ApplicationAppRole:                     "Entra ID Free",
	inventory.ApplicationRedirectUris:                "Entra ID Free",
	inventory.AFDEndpoint:                            "included in the Front Door profile's base fee",
	inventory.AFDOriginGroup:                         "included in the Front Door profile's base fee",
	inventory.AFDOrigin:                              "included in the Front Door profile's base fee",
	inventory.FrontDoorRoute:                         "included in the Front Door profile's base fee",
	inventory.AFDCustomDomain:                        "custom domains and their managed certificates are free",
	inventory.SecurityPolicy:                         "links the WAF policy to the domains; free",
	inventory.WAFPolicy:                              "Front Door WAF: included in Premium; on Standard, its policy and rule fees are priced on the profile's lines",
	inventory.ServicePrincipal:                       "Entra ID Free",
	inventory.EntraGroup:                             "Entra ID Free",
	inventory.AppRoleAssignment:                      "group-to-role assignment needs Entra ID P1/P2 per user, licensed outside the stack",
}

// FreeTypePrefixes cover families of free types: Pulumi providers.
var FreeTypePrefixes = map[string]string{
	"pulumi:providers:": "a Pulumi provider is not an Azure resource",
}

type pricer func(e *estimator, r inventory.Resource, in map[string]any)

// billable maps every type (by Kind) the estimator prices to its pricer.
var billable = map[string]pricer{
	inventory.ServicePlan:                       (*estimator).servicePlan,
	inventory.SQLDatabase:                       (*estimator).sqlDatabase,
	inventory.LongTermRetentionPolicy:           (*estimator).sqlLTR,
	inventory.GeoBackupPolicy:                   (*estimator).poolGeoBackup,
	inventory.StorageAccount:                    (*estimator).storageAccount,
	inventory.LogAnalyticsWorkspace:             (*estimator).workspace,
	inventory.KeyVault:                          (*estimator).keyVault,
	inventory.PrivateEndpoint:                   (*estimator).privateEndpoint,
	inventory.ManagedPrivateEndpoint:            (*estimator).privateEndpoint,
	inventory.PrivateZone:                       (*estimator).privateZone,
	"Microsoft.DataFactory/factories/pipelines": (*estimator).pipeline,
	inventory.FrontDoorProfile:                  (*estimator).frontDoor,
}

// GenericType is azure-native's generic ARM resource, which stands for
// whatever ARM type its inputs name.
const GenericType = inventory.GenericResource

// Kind is what the estimator prices a resource as, the key of billable and
// FreeTypes: its type, or for a generic ARM resource the ARM type it
// registers ("Microsoft.DataFactory/factories/pipelines").
func Kind(r inventory.Resource) string {
	if r.Type != GenericType {
		return r.Type
	}
	kind, _ := r.Input("resourceProviderNamespace").(string)
	parent, _ := r.Input("parentResourcePath").(string)
	// parentResourcePath alternates types and names: keep the types.
	for i, part := range strings.Split(parent, "/") {
		if i%2 == 0 && part != "" {
			kind += "/" + part
		}
	}
	typ, _ := r.Input("resourceType").(string)
	return kind + "/" + typ
}

// Billable reports whether the estimator prices a resource.
func Billable(r inventory.Resource) bool { _, ok := billable[Kind(r)]; return ok }

// Free reports whether a resource costs nothing by itself, and why.
// ComponentResources are free: they only group others.
func Free(r inventory.Resource) (string, bool) {
	if !r.Custom {
		return "a component groups other resources and is not deployed", true
	}
	if why, ok := FreeTypes[Kind(r)]; ok {
		return why, true
	}
	if r.Type == webTestType && r.Input("enabled") == false {
		return "a paused availability test runs, and bills, no probes", true
	}
	for prefix, why := range FreeTypePrefixes {
		if strings.HasPrefix(r.Type, prefix) {
			return why, true
		}
	}
	return "", false
}

type estimator struct {
	table *Table
	cfg   *config.Config
	res   *inventory.Result
	est   *Estimate
}

// New estimates a planned stack's monthly cost. Resources it cannot price
// are listed in Unpriced, not dropped: the plan shows them, and a test fails.
func New(res *inventory.Result, cfg *config.Config, table *Table) *Estimate {
	a := cfg.Cost
	e := &estimator{table: table, cfg: cfg, res: res, est: &Estimate{
		Stack: res.Stack, Currency: table.Currency, Region: cfg.Location, PriceDate: table.PriceDate,
		Lines: []Line{}, Reserved: []Commitment{}, Unpriced: []Unpriced{}, Resources: []Item{},
		Assumptions: Assumptions{
			SQLActiveHoursPerDay: a.SQLActiveHoursPerDay, LogIngestMBPerDay: a.LogIngestMBPerDay,
			ETLLoadMinutesPerRun: a.ETLLoadMinutesPerRun, StorageGB: a.StorageGB,
			WarehouseStorageGB: a.WarehouseStorageGB, SQLDataGB: a.SQLDataGB, ETLCopyMinutes: a.ETLCopyMinutes,
			ETLRunsPerMonth: round(RunsPerMonth(cfg.Analytics.Schedule), 2), HoursPerMonth: HoursPerMonth,
		},
	}}
	for _, r := range res.Resources {
		if r.Custom {
			e.est.Resources = append(e.est.Resources, Item{Type: r.Type, Name: r.Name})
		}
		if price, ok := billable[Kind(r)]; ok {
			price(e, r, inputs(r))
			continue
		}
		if _, ok := Free(r); ok {
			e.est.FreeResources++
			continue
		}
		e.unpriced(r, "unknown resource type: price it in internal/cost or list it in FreeTypes")
	}
	for _, l := range e.est.Lines {
		e.est.Total += l.Monthly
		e.est.TotalAtMax += l.MonthlyAtMax
		if l.Unverified {
			e.est.UnverifiedLines++
		}
		if IsStandby(l.Name) {
			e.est.Standby += l.Monthly
		}
	}
	e.est.Total, e.est.TotalAtMax, e.est.Standby = round(e.est.Total, 2), round(e.est.TotalAtMax, 2), round(e.est.Standby, 2)
	if amount, ok := PlannedBudget(res); ok {
		e.est.Budget, e.est.OverBudget = amount, e.est.Total > amount
	}
	return e.est
}

// RunsPerMonth is how often the ETL schedule fires in a month.
func RunsPerMonth(s config.Schedule) float64 {
	if s.Interval <= 0 {
		return 0
	}
	per := map[string]float64{"Hour": HoursPerMonth, "Day": DaysPerMonth, "Week": WeeksPerMonth}[s.Frequency]
	return per / float64(s.Interval)
}

func inputs(r inventory.Resource) map[string]any {
	m, _ := inventory.Redacted(resource.NewObjectProperty(r.Inputs)).(map[string]any)
	return m
}

func (e *estimator) unpriced(r inventory.Resource, why string) {
	e.est.Unpriced = append(e.est.Unpriced, Unpriced{Type: r.Type, Name: r.Name, Reason: why})
}

func (e *estimator) region(in map[string]any) string {
	if loc, ok := in["location"].(string); ok && loc != "" {
		return loc
	}
	return e.cfg.Location
}

// charge is one line to price: quantity in the meter's unit, and the upper
// bound where the line is a range (0: no range).
type charge struct {
	what, dimension, note string
	meter                 Meter
	quantity, atMax       float64
	// units the commitments cover: instances, vCores, 100-cDWU blocks; 0 for none
	committed  float64
	commitUnit string
}

func (e *estimator) add(r inventory.Resource, region string, c charge) {
	row, ok := e.table.Find(c.meter, region, Consumption, "")
	if !ok {
		e.unpriced(r, fmt.Sprintf("no price row for %s / %s / %s in %s", c.meter.Product, c.meter.Sku, c.meter.Name, region))
		return
	}
	if c.atMax < c.quantity {
		c.atMax = c.quantity
	}
	l := Line{
		Type: r.Type, Name: r.Name, What: c.what, Dimension: c.dimension,
		Quantity: round(c.quantity, 4), Unit: row.UnitOfMeasure, UnitPrice: row.UnitPrice,
		Monthly: round(c.quantity*row.UnitPrice, 2), MonthlyAtMax: round(c.atMax*row.UnitPrice, 2),
		Meter: c.meter, Region: row.Region, Unverified: row.Unverified, Note: c.note,
	}
	e.est.Lines = append(e.est.Lines, l)
	if c.committed <= 0 {
		return
	}
	for _, cr := range e.table.Commitments(c.meter, region) {
		months := termMonths(cr.ReservationTerm)
		monthly := cr.UnitPrice * HoursPerMonth * c.committed // savings plan: an hourly rate
		if cr.Type == Reservation {
			monthly = cr.UnitPrice / months * c.committed // reservation: the term's total
		}
		e.est.Reserved = append(e.est.Reserved, Commitment{
			Type: r.Type, Name: r.Name, Offer: cr.Type + " " + cr.ReservationTerm,
			Monthly: round(monthly, 2), PayAsYouGo: l.Monthly, Unverified: cr.Unverified,
			CoveredAmount: fmt.Sprintf("%g %s around the clock", c.committed, c.commitUnit),
		})
	}
}

func termMonths(term string) float64 {
	if n, err := strconv.Atoi(strings.Fields(term + " 1")[0]); err == nil && n > 0 {
		return float64(12 * n)
	}
	return 12
}

// servicePlan: App Service bills each instance of a plan every hour. With
// autoscale the estimate takes the minimum instance count and shows the
// maximum as the line's upper bound.
func (e *estimator) servicePlan(r inventory.Resource, in map[string]any) {
	sku := str(in, "skuName")
	instances := num(in, "workerCount")
	if instances == 0 {
		instances = 1 // Azure's default worker count
	}
	minimum, maximum := instances, instances
	if lo, hi, ok := e.autoscale(str(in, "name")); ok {
		minimum, maximum = lo, hi
	}
	if str(in, "osType") != "Linux" {
		e.unpriced(r, "only Linux plans are in the price table")
		return
	}
	tier := map[byte]string{'B': "Basic", 'S': "Standard", 'P': "Premium v3"}[sku[0]]
	meterSku := sku
	if strings.HasSuffix(sku, "mv3") {
		meterSku = strings.TrimSuffix(sku, "mv3") + " mv3"
	} else if strings.HasSuffix(sku, "v3") {
		meterSku = strings.TrimSuffix(sku, "v3") + " v3"
	}
	// The API names Linux Basic meters by size alone ("B1"), the other
	// tiers' by size and "App" ("P1 v3 App").
	meterName := meterSku + " App"
	if tier == "Basic" {
		meterName = meterSku
	}
	what := fmt.Sprintf("App Service plan %s (Linux), %g instance(s)", sku, minimum)
	if maximum > minimum {
		what = fmt.Sprintf("App Service plan %s (Linux), autoscale %g-%g instances, priced at %g", sku, minimum, maximum, minimum)
	}
	e.add(r, e.region(in), charge{
		what: what, dimension: "instance-hours",
		meter:    Meter{Service: "Azure App Service", Product: "Azure App Service " + tier + " Plan - Linux", Sku: meterSku, Name: meterName},
		quantity: minimum * HoursPerMonth, atMax: maximum * HoursPerMonth, committed: minimum, commitUnit: "instance(s)",
	})
}

// autoscale finds the autoscale setting that targets the plan named name and
// returns its default profile's bounds.
func (e *estimator) autoscale(plan string) (lo, hi float64, ok bool) {
	for _, r := range e.res.Resources {
		if r.Type != inventory.AutoscaleSetting {
			continue
		}
		in := inputs(r)
		if !strings.HasSuffix(strings.ToLower(str(in, "targetResourceUri")), "/serverfarms/"+strings.ToLower(plan)) {
			continue
		}
		profiles, _ := in["profiles"].([]any)
		for _, p := range profiles {
			capacity, _ := p.(map[string]any)["capacity"].(map[string]any)
			lo, _ = strconv.ParseFloat(fmt.Sprint(capacity["minimum"]), 64)
			hi, _ = strconv.ParseFloat(fmt.Sprint(capacity["maximum"]), 64)
			if enabled, set := in["enabled"].(bool); hi > 0 && (!set || enabled) {
				return lo, hi, true
			}
		}
	}
	return 0, 0, false
}

var dwuPattern = regexp.MustCompile(`^DW([0-9]+)c$`)

func (e *estimator) sqlDatabase(r inventory.Resource, in map[string]any) {
	sku, _ := in["sku"].(map[string]any)
	region := e.region(in)
	if str(sku, "tier") == "DataWarehouse" {
		e.dedicatedPool(r, region, str(sku, "name"))
		return
	}
	if str(sku, "tier") != "GeneralPurpose" || str(sku, "family") != "Gen5" {
		e.unpriced(r, fmt.Sprintf("only General Purpose Gen5 databases are in the price table, not %s %s", str(sku, "tier"), str(sku, "name")))
		return
	}
	vcores := num(sku, "capacity")
	if strings.Contains(str(sku, "name"), "_S_") {
		// Serverless bills per second the vCores used, but never fewer than
		// its minimum while active, and nothing but storage while paused.
		// The estimate bills the minimum (the line) up to the maximum (its
		// upper bound) for the configured active hours.
		minimum := num(in, "minCapacity")
		if minimum == 0 {
			minimum = vcores
		}
		hours := float64(e.cfg.Cost.SQLActiveHoursPerDay) * DaysPerMonth
		e.add(r, region, charge{
			what:      fmt.Sprintf("serverless database %s, %g-%g vCores, active %d h/day", str(sku, "name"), minimum, vcores, e.cfg.Cost.SQLActiveHoursPerDay),
			dimension: "vCore-hours (billed per vCore-second)", note: "billed at least the minimum vCores while active; paused: storage only",
			meter:    Meter{Service: "SQL Database", Product: "SQL Database General Purpose - Serverless - Compute Gen5", Sku: "1 vCore", Name: "vCore"},
			quantity: minimum * hours, atMax: vcores * hours,
		})
	} else {
		compute := Meter{Service: "SQL Database", Product: "SQL Database Single/Elastic Pool General Purpose - Compute Gen5", Sku: "1 vCore", Name: "vCore"}
		e.add(r, region, charge{
			what: fmt.Sprintf("provisioned database %s_%g, %g vCores", str(sku, "name"), vcores, vcores), dimension: "vCore-hours",
			meter: compute, quantity: vcores * HoursPerMonth, committed: vcores, commitUnit: "vCore(s)", note: "license included",
		})
		if zr, _ := in["zoneRedundant"].(bool); zr {
			e.add(r, region, charge{
				what: "zone redundancy of the database", dimension: "vCore-hours",
				meter:    Meter{Service: "SQL Database", Product: compute.Product, Sku: "1 vCore Zone Redundancy", Name: "Zone Redundancy vCore"},
				quantity: vcores * HoursPerMonth,
			})
		}
	}
	gb := num(in, "maxSizeBytes") / (1 << 30)
	e.add(r, region, charge{
		what: fmt.Sprintf("database storage, %g GB max size", gb), dimension: "GB-months", note: "billed on the configured max size",
		meter:    Meter{Service: "SQL Database", Product: "SQL Database Single/Elastic Pool General Purpose - Storage", Sku: "General Purpose", Name: "Data Stored"},
		quantity: gb,
	})
}

// dedicatedPool: a dedicated SQL pool bills compute only while online, which
// is ETL runs a month times each run's online time, counted in whole hours
// (conservative: the estimate does not assume Azure prorates a started
// hour), and its storage always.
func (e *estimator) dedicatedPool(r inventory.Resource, region, sku string) {
	m := dwuPattern.FindStringSubmatch(sku)
	if m == nil {
		e.unpriced(r, fmt.Sprintf("performance level %q is not DW<n>c", sku))
		return
	}
	dwu, _ := strconv.Atoi(m[1])
	blocks := float64(dwu) / 100
	runs := RunsPerMonth(e.cfg.Analytics.Schedule)
	minutes := e.cfg.Cost.ETLLoadMinutesPerRun
	hours := runs * math.Ceil(float64(minutes)/60)
	e.add(r, region, charge{
		what:      fmt.Sprintf("dedicated SQL pool %s online %.1f h/month (%.1f runs x %d min, whole hours)", sku, hours, runs, minutes),
		dimension: "DWU-hours (per 100 cDWU)", note: "paused between loads: compute billed only while online",
		meter:    Meter{Service: "SQL Data Warehouse", Product: "SQL Data Warehouse Gen2", Sku: "Compute Optimized Gen2", Name: "cDWU"},
		quantity: blocks * hours, committed: blocks, commitUnit: "x 100 cDWU",
	})
	e.add(r, region, charge{
		what: fmt.Sprintf("dedicated SQL pool storage, %d GB", e.cfg.Cost.WarehouseStorageGB), dimension: "GB-months", note: "billed online or paused",
		meter:    Meter{Service: "SQL Data Warehouse", Product: "SQL Data Warehouse - Storage", Sku: "Standard", Name: "Standard Data Stored"},
		quantity: float64(e.cfg.Cost.WarehouseStorageGB),
	})
}

func (e *estimator) poolGeoBackup(r inventory.Resource, in map[string]any) {
	if str(in, "state") != "Enabled" {
		e.est.FreeResources++
		return
	}
	e.add(r, e.region(in), charge{
		what: fmt.Sprintf("geo-backup of the dedicated SQL pool, %d GB", e.cfg.Cost.WarehouseStorageGB), dimension: "GB-months",
		meter:    Meter{Service: "SQL Data Warehouse", Product: "SQL Data Warehouse - Storage", Sku: "Standard", Name: "Disaster Recovery Data Stored"},
		quantity: float64(e.cfg.Cost.WarehouseStorageGB),
	})
}

var isoCount = regexp.MustCompile(`^P([0-9]+)[WMY]$`)

// sqlLTR: long-term retention keeps full backups, each the size of the data
// (costSqlDataGb): one per week, month and year of each retention.
func (e *estimator) sqlLTR(r inventory.Resource, in map[string]any) {
	backups := 0.0
	for _, k := range []string{"weeklyRetention", "monthlyRetention", "yearlyRetention"} {
		if m := isoCount.FindStringSubmatch(str(in, k)); m != nil {
			n, _ := strconv.Atoi(m[1])
			backups += float64(n)
		}
	}
	redundancy := "Geo"
	for _, db := range e.res.Resources {
		dbIn := inputs(db)
		if db.Type == inventory.SQLDatabase && str(dbIn, "databaseName") == str(in, "databaseName") && str(dbIn, "serverName") == str(in, "serverName") {
			if v := str(dbIn, "requestedBackupStorageRedundancy"); v != "" {
				redundancy = v
			}
		}
	}
	red := map[string]string{"Local": "LRS", "Zone": "ZRS", "Geo": "RA-GRS", "GeoZone": "RA-GZRS"}[redundancy]
	e.add(r, e.region(in), charge{
		what:      fmt.Sprintf("long-term retention: %g full backups of %d GB (%s)", backups, e.cfg.Cost.SQLDataGB, red),
		dimension: "GB-months", note: "steady state, once every retention is full",
		meter:    Meter{Service: "SQL Database", Product: "SQL Database - LTR Backup Storage", Sku: "Backup " + red, Name: red + " Data Stored"},
		quantity: backups * float64(e.cfg.Cost.SQLDataGB),
	})
}

func (e *estimator) storageAccount(r inventory.Resource, in map[string]any) {
	sku, _ := in["sku"].(map[string]any)
	name := str(sku, "name")
	red := strings.NewReplacer("RAGZRS", "RA-GZRS", "RAGRS", "RA-GRS").Replace(strings.TrimPrefix(name, "Standard_"))
	e.add(r, e.region(in), charge{
		what: fmt.Sprintf("blob storage %s, hot tier, %d GB", name, e.cfg.Cost.StorageGB), dimension: "GB-months",
		meter:    Meter{Service: "Storage", Product: "General Block Blob v2", Sku: "Hot " + red, Name: "Hot " + red + " Data Stored"},
		quantity: float64(e.cfg.Cost.StorageGB), note: "transactions not priced",
	})
}

// workspace: Log Analytics bills ingestion beyond the monthly free
// allowance, and interactive retention beyond the included 31 days.
func (e *estimator) workspace(r inventory.Resource, in map[string]any) {
	region := e.region(in)
	gb := float64(e.cfg.Cost.LogIngestMBPerDay) / 1000 * DaysPerMonth
	billed := math.Max(0, gb-LogFreeGBPerMonth)
	e.add(r, region, charge{
		what:      fmt.Sprintf("log and telemetry ingestion, %.1f GB/month less %g GB free", gb, LogFreeGBPerMonth),
		dimension: "GB ingested", note: "the free 5 GB is per billing account, not per workspace",
		meter:    Meter{Service: "Log Analytics", Product: "Log Analytics", Sku: "Analytics Logs", Name: "Analytics Logs Data Ingestion"},
		quantity: billed,
	})
	if days := num(in, "retentionInDays"); days > LogFreeRetentionDay {
		e.add(r, region, charge{
			what:      fmt.Sprintf("retention %g days, %d beyond the included %d", days, int(days)-LogFreeRetentionDay, LogFreeRetentionDay),
			dimension: "GB-months retained",
			meter:     Meter{Service: "Log Analytics", Product: "Log Analytics", Sku: "Analytics Logs", Name: "Analytics Logs Data Retention"},
			quantity:  gb * (days - LogFreeRetentionDay) / DaysPerMonth,
		})
	}
}

// keyVault: operations are billed per 10,000. App Service caches Key Vault
// references and refreshes them daily, so a month stays within the first
// block; the line is that block.
func (e *estimator) keyVault(r inventory.Resource, in map[string]any) {
	e.add(r, e.region(in), charge{
		what: "Key Vault secret operations", dimension: "10K operations", note: "one block: references are cached and refreshed daily",
		meter:    Meter{Service: "Key Vault", Product: "Key Vault", Sku: "Standard", Name: "Operations"},
		quantity: 1,
	})
}

func (e *estimator) privateEndpoint(r inventory.Resource, in map[string]any) {
	what := "private endpoint"
	if strings.HasPrefix(r.Type, "azure:datafactory/") {
		what = "Data Factory managed private endpoint (priced as a private endpoint)"
	}
	e.add(r, e.region(in), charge{
		what: what, dimension: "endpoint-hours", note: "data processed not priced",
		meter:    Meter{Service: "Virtual Network", Product: "Virtual Network Private Link", Sku: "Standard", Name: "Standard Private Endpoint"},
		quantity: HoursPerMonth,
	})
}

// frontDoor: a Front Door profile bills a monthly base fee by tier, and on
// Standard each WAF policy and each of its custom rules a monthly fee
// (Premium includes the WAF). Requests and data transfer to clients depend
// on traffic, for which the stack has no usage assumption: not priced.
func (e *estimator) frontDoor(r inventory.Resource, in map[string]any) {
	sku, _ := in["sku"].(map[string]any)
	tier := strings.TrimSuffix(str(sku, "name"), "_AzureFrontDoor")
	if tier != "Standard" && tier != "Premium" {
		e.unpriced(r, fmt.Sprintf("Front Door tier %q is not in the price table", str(sku, "name")))
		return
	}
	e.add(r, GlobalRegion, charge{
		what: "Front Door " + tier + " profile", dimension: "profile-months", note: "requests and data transfer not priced",
		meter:    Meter{Service: "Azure Front Door Service", Product: "Azure Front Door", Sku: tier, Name: tier + " Base Fees"},
		quantity: 1,
	})
	if tier != "Standard" {
		return
	}
	for _, p := range e.res.ByType(inventory.WAFPolicy) {
		pin := inputs(p)
		if s, _ := pin["sku"].(map[string]any); str(s, "name") != str(sku, "name") {
			continue
		}
		waf := Meter{Service: "Azure Front Door Service", Product: "Azure Front Door WAF", Sku: "Standard"}
		waf.Name = "Policy"
		e.add(r, GlobalRegion, charge{what: "WAF policy " + p.Name + " (Standard)", dimension: "policy-months", meter: waf, quantity: 1})
		list, _ := pin["customRules"].(map[string]any)
		rules, _ := list["rules"].([]any)
		if len(rules) > 0 {
			waf.Name = "Rules"
			e.add(r, GlobalRegion, charge{what: fmt.Sprintf("WAF custom rules of %s (Standard)", p.Name), dimension: "rule-months", meter: waf, quantity: float64(len(rules))})
		}
	}
}

func (e *estimator) privateZone(r inventory.Resource, _ map[string]any) {
	e.add(r, GlobalRegion, charge{
		what: "private DNS zone", dimension: "zone-months", note: "queries not priced",
		meter:    Meter{Service: "Azure DNS", Product: "Azure DNS", Sku: "Private", Name: "Private Zone"},
		quantity: 1,
	})
}

// pipeline: Data Factory bills every activity run (and trigger run) of the
// pipeline, and each copy's DIU-hours. The estimate counts each activity
// once a run (a polling loop runs more). Each copy is billed its own
// duration, costEtlCopyMinutes, in started minutes with a minimum of one
// (integration runtime charges are prorated by the minute and rounded up,
// per copy, even when copies run in parallel), at the copy's
// dataIntegrationUnits or, unset, Auto's 4 DIUs.
func (e *estimator) pipeline(r inventory.Resource, in map[string]any) {
	props, _ := in["properties"].(map[string]any)
	activities, _ := props["activities"].([]any)
	total, copies, dius := countActivities(activities)
	runs := RunsPerMonth(e.cfg.Analytics.Schedule)
	region := e.cfg.Location
	e.add(r, region, charge{
		what:      fmt.Sprintf("pipeline orchestration: %.1f runs x (%d activities + 1 trigger run)", runs, total),
		dimension: "activity runs (per 1,000)",
		meter:     Meter{Service: "Azure Data Factory v2", Product: "Azure Data Factory v2", Sku: "Cloud", Name: "Cloud Orchestration Activity Run"},
		quantity:  runs * float64(total+1) / 1000,
	})
	minutes := math.Max(1, float64(e.cfg.Cost.ETLCopyMinutes))
	e.add(r, region, charge{
		what:      fmt.Sprintf("copy data movement: %.1f runs x %d copies (%d DIUs in all) x %g min each", runs, copies, dius, minutes),
		dimension: "DIU-hours", note: "each copy billed per started minute, at least one",
		meter:    Meter{Service: "Azure Data Factory v2", Product: "Azure Data Factory v2", Sku: "Cloud", Name: "Cloud Data Movement"},
		quantity: runs * float64(dius) * minutes / 60,
	})
}

// countActivities counts activities, nested ones (in Until, IfCondition,
// ForEach) included, the copies among them and the copies' DIUs.
func countActivities(list []any) (total, copies, dius int) {
	for _, a := range list {
		act, _ := a.(map[string]any)
		if act == nil {
			continue
		}
		total++
		props, _ := act["typeProperties"].(map[string]any)
		if act["type"] == "Copy" {
			copies++
			n := int(num(props, "dataIntegrationUnits"))
			if n <= 0 {
				n = copyDIUs
			}
			dius += n
		}
		for _, k := range []string{"activities", "ifTrueActivities", "ifFalseActivities"} {
			nested, _ := props[k].([]any)
			t, c, d := countActivities(nested)
			total, copies, dius = total+t, copies+c, dius+d
		}
	}
	return total, copies, dius
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func num(m map[string]any, k string) float64 {
	switch v := m[k].(type) {
	case float64:
		return v
	case int:
		return float64(v)
	case string:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return 0
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// Largest returns the n most expensive lines, largest first.
func (est *Estimate) Largest(n int) []Line {
	lines := append([]Line(nil), est.Lines...)
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Monthly > lines[j].Monthly })
	return lines[:min(n, len(lines))]
}
