package resilience

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// Objective kinds: a figure in minutes, a source that states none, or no
// recovery in another region at all (the store goes with its region).
const (
	Bounded    = "bounded"
	Unstated   = "unstated"
	NoRecovery = "none"
)

// Objective is one RPO or RTO with where it comes from.
type Objective struct {
	Kind     string   `json:"kind"`
	Minutes  float64  `json:"minutes"` // Bounded only
	Text     string   `json:"text"`
	Estimate bool     `json:"estimate,omitempty"`
	Sources  []string `json:"sources"`
}

// Value is the objective as a number the targets compare with: +Inf when
// nothing recovers (over any target), NaN when no figure is stated (no
// comparison holds, so it is reported and not judged).
func (o Objective) Value() float64 {
	switch o.Kind {
	case NoRecovery:
		return math.Inf(1)
	case Unstated:
		return math.NaN()
	}
	return o.Minutes
}

// Store is a data store, or the compute of the user path, and how it comes
// back after its region is lost.
type Store struct {
	Name         string    `json:"name"`
	Type         string    `json:"type"`
	URN          string    `json:"urn"`
	Role         string    `json:"role"`
	CustomerPath bool      `json:"customerPath"`
	Recovery     string    `json:"recovery"`
	RPO          Objective `json:"rpo"`
	RTO          Objective `json:"rto"`
}

// Link is one service of the customer path in the availability product.
type Link struct {
	Name    string  `json:"name"`
	Setting string  `json:"setting"` // the SKU and zone redundancy read from the plan
	SLA     string  `json:"sla"`     // the table's SLA id; empty: the service has none here
	Percent float64 `json:"percent"`
	Source  string  `json:"source"`
	// Parallel: the link is one of several that stand in for each other
	// (the web apps' plans in two regions behind Front Door's priority
	// origins): down only when all of them are, 1 − Π(1 − A).
	Parallel bool `json:"parallel,omitempty"`
}

// SPOF is a single point of failure the plan leaves.
type SPOF struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Why  string `json:"why"`
}

// Targets are the stack's recovery objectives (ecommerce:rpoMinutes,
// ecommerce:rtoMinutes); 0 sets none.
type Targets struct {
	RPOMinutes int `json:"rpoMinutes"`
	RTOMinutes int `json:"rtoMinutes"`
}

// Report is a stack's resilience to the loss of its region.
type Report struct {
	Stack        string  `json:"stack"`
	Region       string  `json:"region"`
	FiguresRead  string  `json:"figuresRead"`
	Targets      Targets `json:"targets"`
	Stores       []Store `json:"stores"`
	Availability float64 `json:"availability"` // percent; 0 when a link has no SLA
	Links        []Link  `json:"links"`
	SPOFs        []SPOF  `json:"spofs"`
}

// Worst returns the customer-path store with the largest RPO (rpo true)
// or RTO, stated figures only; ok is false when none states one.
func (r *Report) Worst(rpo bool) (Store, bool) {
	var worst Store
	found := false
	for _, s := range r.Stores {
		v := s.RTO.Value()
		if rpo {
			v = s.RPO.Value()
		}
		if !s.CustomerPath || math.IsNaN(v) {
			continue
		}
		w := worst.RTO.Value()
		if rpo {
			w = worst.RPO.Value()
		}
		if !found || v > w {
			worst, found = s, true
		}
	}
	return worst, found
}

// New derives the report from a plan and the figure table.
func New(res *inventory.Result, t *Table, targets Targets) *Report {
	b := &builder{res: res, t: t, rep: &Report{Stack: res.Stack, FiguresRead: t.Read, Targets: targets,
		Stores: []Store{}, Links: []Link{}, SPOFs: []SPOF{}}}
	if rgs := res.ByType(inventory.ResourceGroup); len(rgs) > 0 {
		b.rep.Region = str(rgs[0].Input("location"))
	}
	b.customer = map[string]bool{}
	for _, app := range res.ByType(inventory.LinuxWebApp) {
		for _, dep := range app.Dependencies {
			b.customer[dep] = true
		}
	}
	b.sql()
	b.storage()
	b.keyVault()
	b.compute()
	b.warehouse()
	b.availability()
	b.regionalOnly()
	return b.rep
}

type builder struct {
	res      *inventory.Result
	t        *Table
	rep      *Report
	customer map[string]bool // URNs the web apps depend on: the customer path's stores
	// failover: every origin group fails over to another region, so the
	// web apps' plans stand in for each other.
	failover bool
}

func str(v any) string { s, _ := v.(string); return s }

func (b *builder) fig(id string) Objective {
	r := b.t.Figure(id)
	if r.Minutes == nil {
		return Objective{Kind: Unstated, Text: r.Text, Estimate: r.Estimate, Sources: []string{r.Source}}
	}
	return Objective{Kind: Bounded, Minutes: *r.Minutes, Text: r.Text, Estimate: r.Estimate, Sources: []string{r.Source}}
}

// sum is a recovery in steps, each with its source.
func sum(parts ...Objective) Objective {
	out := Objective{Kind: Bounded}
	var texts []string
	for _, p := range parts {
		out.Minutes += p.Minutes
		out.Estimate = out.Estimate || p.Estimate
		texts = append(texts, p.Text)
		for _, s := range p.Sources {
			if !slices.Contains(out.Sources, s) {
				out.Sources = append(out.Sources, s)
			}
		}
	}
	out.Text = fmt.Sprintf("%s (%s)", minutes(out.Minutes), strings.Join(texts, " + "))
	return out
}

func lost(why string) Objective {
	return Objective{Kind: NoRecovery, Text: "no recovery in another region (" + why + ")", Sources: []string{}}
}

func (b *builder) store(r inventory.Resource, role, recovery string, rpo, rto Objective) {
	b.rep.Stores = append(b.rep.Stores, Store{Name: r.Name, Type: r.Type, URN: r.URN, Role: role,
		CustomerPath: b.customer[r.URN], Recovery: recovery, RPO: rpo, RTO: rto})
}

func (b *builder) spof(r inventory.Resource, format string, args ...any) {
	b.rep.SPOFs = append(b.rep.SPOFs, SPOF{Name: r.Name, Type: r.Type, Why: fmt.Sprintf(format, args...)})
}

func isWarehouse(db inventory.Resource) bool { return db.Input("sku.tier") == "DataWarehouse" }

// isGeoSecondary: a database seeded from another (createMode Secondary) is
// that database's replica, reported with it, not a store of its own.
func isGeoSecondary(db inventory.Resource) bool { return db.Input("createMode") == "Secondary" }

// failoverGroup returns the failover group that holds a database, matched
// by the database's id or its server and name at the end of a listed id.
func (b *builder) failoverGroup(db inventory.Resource) (inventory.Resource, bool) {
	suffix := strings.ToLower("/servers/" + str(db.Input("serverName")) + "/databases/" + str(db.Input("databaseName")))
	for _, fg := range b.res.ByType(inventory.SQLFailoverGroup) {
		dbs, _ := fg.Input("databases").([]any)
		for _, d := range dbs {
			id := str(d)
			if (db.ID != "" && id == db.ID) || strings.HasSuffix(strings.ToLower(id), suffix) {
				return fg, true
			}
		}
	}
	return inventory.Resource{}, false
}

func (b *builder) sql() {
	for _, db := range b.res.ByType(inventory.SQLDatabase) {
		if isWarehouse(db) || isGeoSecondary(db) {
			continue
		}
		if fg, ok := b.failoverGroup(db); ok {
			policy := str(fg.Input("readWriteEndpoint.failoverPolicy"))
			rto := sum(b.fig(SQLFailoverDecision), b.fig(SQLFailoverRTO))
			if policy == "Automatic" {
				// Microsoft fails over after the grace period, the decision is not ours.
				grace, _ := fg.Input("readWriteEndpoint.failoverWithDataLossGracePeriodMinutes").(float64)
				rto = sum(Objective{Kind: Bounded, Minutes: grace, Text: minutes(grace) + " grace period", Sources: b.fig(SQLFailoverDecision).Sources},
					b.fig(SQLFailoverRTO))
			}
			b.store(db, "transactional SQL", fmt.Sprintf("failover group %s (failoverPolicy %s)", fg.Name, policy), b.fig(SQLGeoReplicationRPO), rto)
			continue
		}
		// Azure's default backup storage redundancy is Geo.
		redundancy := str(db.Input("requestedBackupStorageRedundancy"))
		if redundancy == "" || redundancy == "Geo" || redundancy == "GeoZone" {
			b.store(db, "transactional SQL", "geo-restore from geo-replicated backups", b.fig(SQLGeoRestoreRPO), b.fig(SQLGeoRestoreRTO))
			b.spof(db, "no live secondary (no failover group): the shop is down until a geo-restore completes (%s)", b.fig(SQLGeoRestoreRTO).Text)
			continue
		}
		why := fmt.Sprintf("backups %s-redundant, no failover group", redundancy)
		b.store(db, "transactional SQL", "none", lost(why), lost(why))
		b.spof(db, "%s: the database is lost with its region", why)
	}
}

var geoSKUs = []string{"Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"}

func (b *builder) storage() {
	for _, st := range b.res.ByType(inventory.StorageAccount) {
		sku := str(st.Input("sku.name"))
		if slices.Contains(geoSKUs, sku) {
			b.store(st, "storage account", sku+": customer-managed account failover", b.fig(StorageGeoRPO), b.fig(StorageFailoverRTO))
			continue
		}
		why := sku + ", no geo-replica"
		b.store(st, "storage account", "none", lost(why), lost(why))
		b.spof(st, "%s: its blobs and queues are lost with the region", why)
	}
}

func (b *builder) keyVault() {
	for _, kv := range b.res.ByType(inventory.KeyVault) {
		rto := b.fig(KeyVaultFailoverRTO)
		for _, pe := range b.res.ByType(inventory.PrivateEndpoint) {
			if slices.Contains(pe.Dependencies, kv.URN) {
				rto = b.fig(KeyVaultPrivateLinkRTO)
			}
		}
		b.store(kv, "key vault", "Microsoft-managed failover to the paired region, read-only until failback", b.fig(KeyVaultRPO), rto)
	}
}

// compute is the user path's compute: with every origin group holding an
// origin at priority 1 and one at priority 2 in another region, Front Door
// fails over on its health probes; otherwise the apps run in one region
// and come back by a redeploy.
func (b *builder) compute() {
	apps := b.res.ByType(inventory.LinuxWebApp)
	if len(apps) == 0 {
		return
	}
	region := map[string]string{} // origin host name → its web app's region
	var names []string
	for _, app := range apps {
		region[strings.ToLower(str(app.Input("name"))+".azurewebsites.net")] = str(app.Input("location"))
		names = append(names, app.Name)
	}
	origins := map[string][]inventory.Resource{}
	for _, o := range b.res.ByType(inventory.AFDOrigin) {
		if o.Input("enabledState") != "Disabled" {
			g := str(o.Input("originGroupName"))
			origins[g] = append(origins[g], o)
		}
	}
	groups := b.res.ByType(inventory.AFDOriginGroup)
	failover := len(groups) > 0
	window := 0.0
	for _, g := range groups {
		primary, secondary := "", ""
		for _, o := range origins[str(g.Input("originGroupName"))] {
			r := region[strings.ToLower(str(o.Input("hostName")))]
			switch o.Input("priority") {
			case 1.0:
				primary = r
			case 2.0:
				secondary = r
			}
		}
		if primary == "" || secondary == "" || primary == secondary {
			failover = false
		}
		interval, _ := g.Input("healthProbeSettings.probeIntervalInSeconds").(float64)
		samples, _ := g.Input("loadBalancingSettings.sampleSize").(float64)
		window = max(window, interval*samples/60)
	}
	stateless := Objective{Kind: Bounded, Text: "none to lose (stateless)", Sources: []string{}}
	who := apps[0]
	b.customer[who.URN] = true // the web apps are the user path itself
	role := "user path (" + strings.Join(names, ", ") + ")"
	b.failover = failover
	if failover {
		probe := b.fig(FrontDoorProbeFailover)
		rto := Objective{Kind: Bounded, Minutes: window, Text: minutes(window) + " (Front Door health-probe failover: " + probe.Text + ")", Sources: probe.Sources}
		b.store(who, role, "Front Door fails over to the priority-2 origins", stateless, rto)
		return
	}
	b.store(who, role, "redeploy into another region", stateless, b.fig(ComputeRedeployRTO))
	for _, app := range apps {
		b.spof(app, "runs in %s only: no Front Door origin at priority 2 in another region", str(app.Input("location")))
	}
}

func (b *builder) warehouse() {
	for _, db := range b.res.ByType(inventory.SQLDatabase) {
		if !isWarehouse(db) {
			continue
		}
		enabled := false
		for _, p := range b.res.ByType(inventory.GeoBackupPolicy) {
			if p.Input("databaseName") == db.Input("databaseName") && p.Input("serverName") == db.Input("serverName") {
				enabled = p.Input("state") == "Enabled"
			}
		}
		if enabled {
			b.store(db, "warehouse (not on the customer path)", "geo-restore of the daily geo-backup into the paired region (runbook)",
				b.fig(WarehouseGeoBackupRPO), b.fig(WarehouseGeoRestoreRTO))
			b.spof(db, "no live replica: reports wait for a geo-restore, losing up to %s of loads", b.fig(WarehouseGeoBackupRPO).Text)
			continue
		}
		b.store(db, "warehouse (not on the customer path)", "none", lost("geo-backup off"), lost("geo-backup off"))
		b.spof(db, "geo-backup off: the warehouse is lost with its region")
	}
}

// regionalOnly lists the services that have no copy outside one region.
func (b *builder) regionalOnly() {
	for _, w := range b.res.ByType(inventory.LogAnalyticsWorkspace) {
		if w.Input("replication.enabled") != true {
			b.spof(w, "in %s only (workspace replication off): logs, alerts' queries and the SQL audit trail stop with the region", str(w.Input("location")))
		}
	}
	for _, f := range b.res.ByType(inventory.DataFactory) {
		b.spof(f, "in %s only: the ETL stops with the region", str(f.Input("location")))
	}
	vaults := b.res.ByType(inventory.KeyVault)
	regions := map[string]bool{}
	for _, kv := range vaults {
		regions[str(kv.Input("location"))] = true
	}
	if len(regions) == 1 {
		for _, kv := range vaults {
			b.spof(kv, "the only vault: relies on Microsoft-managed failover, which the team cannot start, read-only until failback")
		}
	}
	sort.SliceStable(b.rep.SPOFs, func(i, j int) bool { return b.rep.SPOFs[i].Name < b.rep.SPOFs[j].Name })
}

// availability multiplies the SLAs of the customer path: Front Door (when
// the web apps sit behind it), the web apps' App Service plans, and the
// transactional databases.
func (b *builder) availability() {
	if len(b.res.ByType(inventory.AFDOriginGroup)) > 0 {
		for _, p := range b.res.ByType(inventory.FrontDoorProfile) {
			sku := str(p.Input("sku.name"))
			b.link(p, sku, b.match(SLAFrontDoor, sku, "", nil))
		}
	}
	seen := map[string]bool{}
	for _, app := range b.res.ByType(inventory.LinuxWebApp) {
		planID := strings.ToLower(str(app.Input("servicePlanId")))
		for _, plan := range b.res.ByType(inventory.ServicePlan) {
			if seen[plan.URN] || !strings.HasSuffix(planID, strings.ToLower("/serverfarms/"+str(plan.Input("name")))) {
				continue
			}
			seen[plan.URN] = true
			sku, zr := str(plan.Input("skuName")), plan.Input("zoneBalancingEnabled") == true
			b.link(plan, setting(sku, zr), b.match(SLAAppService, sku, "", &zr))
			b.rep.Links[len(b.rep.Links)-1].Parallel = b.failover
		}
	}
	for _, db := range b.res.ByType(inventory.SQLDatabase) {
		if isWarehouse(db) || !b.customer[db.URN] {
			continue
		}
		tier, zr := str(db.Input("sku.tier")), db.Input("zoneRedundant") == true
		sla := b.match(SLASQLDatabaseZoneRedundant, "", tier, &zr)
		if sla == nil {
			sla = b.match(SLASQLDatabase, "", tier, &zr)
		}
		b.link(db, setting(tier, zr), sla)
	}
	series, allDown, parallel := 1.0, 1.0, false
	for _, l := range b.rep.Links {
		if l.Parallel {
			allDown *= 1 - l.Percent/100
			parallel = true
			continue
		}
		series *= l.Percent / 100
	}
	if parallel {
		series *= 1 - allDown
	}
	b.rep.Availability = 100 * series
}

func setting(sku string, zoneRedundant bool) string {
	if zoneRedundant {
		return sku + ", zone-redundant"
	}
	return sku + ", not zone-redundant"
}

// match returns the SLA of an id when it covers the SKU (by prefix) or
// tier and, if it names one, the zone redundancy.
func (b *builder) match(id, sku, tier string, zoneRedundant *bool) *SLA {
	s := b.t.SLA(id)
	covered := slices.Contains(s.Tiers, tier) && tier != ""
	for _, prefix := range s.SKUs {
		covered = covered || (sku != "" && strings.HasPrefix(sku, prefix))
	}
	if s.ZoneRedundant != nil && (zoneRedundant == nil || *s.ZoneRedundant != *zoneRedundant) {
		covered = false
	}
	if !covered {
		return nil
	}
	return &s
}

func (b *builder) link(r inventory.Resource, setting string, sla *SLA) {
	l := Link{Name: r.Name, Setting: setting}
	if sla != nil {
		l.SLA, l.Percent, l.Source = sla.ID, sla.Percent, sla.Source
	}
	b.rep.Links = append(b.rep.Links, l)
}

// minutes prints a duration the way the sources do: seconds, minutes, hours.
func minutes(m float64) string {
	switch {
	case m < 1:
		return fmt.Sprintf("%.0f s", m*60)
	case m < 60 || math.Mod(m, 60) != 0:
		return fmt.Sprintf("%.4g min", m)
	}
	return fmt.Sprintf("%.0f h", m/60)
}
