package cost

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
)

// cfg is a valid config with overrides (short key names).
func cfg(t *testing.T, overrides map[string]string) *config.Config {
	t.Helper()
	v := map[string]config.Value{
		"environment": {Raw: "dev"}, "location": {Raw: "westeurope"}, "owner": {Raw: "t"}, "costCenter": {Raw: "c"},
		"sqlAdminGroupMembers": {Raw: `["2b6f0c1e-4d8a-4f3b-9e27-5c1d8a0f6b34"]`},
	}
	for k, raw := range overrides {
		v[k] = config.Value{Raw: raw}
	}
	c, err := config.Parse("shop", "test", v)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func res(typ, name string, inputs map[string]any) inventory.Resource {
	return inventory.Resource{Type: typ, Name: name, Custom: true, Inputs: resource.NewPropertyMapFromMap(inputs)}
}

func plan(rs ...inventory.Resource) *inventory.Result {
	return &inventory.Result{Stack: "test", Resources: rs}
}

func table(t *testing.T) *Table {
	t.Helper()
	tb, err := LoadTable()
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func servicePlan(sku string, workers int) inventory.Resource {
	return res("azure:appservice/servicePlan:ServicePlan", "plan", map[string]any{"name": "asp-x", "osType": "Linux", "skuName": sku, "workerCount": workers, "location": "westeurope"})
}

func pool(sku string) inventory.Resource {
	return res("azure-native:sql:Database", "pool", map[string]any{"location": "westeurope", "sku": map[string]any{"name": sku, "tier": "DataWarehouse"}})
}

func total(t *testing.T, c *config.Config, rs ...inventory.Resource) *Estimate {
	t.Helper()
	est := New(plan(rs...), c, table(t))
	if len(est.Unpriced) > 0 {
		t.Fatalf("unpriced: %+v", est.Unpriced)
	}
	return est
}

// TestShippedTableParses: the embedded table is well formed and dated.
func TestShippedTableParses(t *testing.T) {
	tb := table(t)
	if tb.Currency != "USD" || tb.PriceDate == "" || len(tb.Rows) == 0 {
		t.Fatalf("table: %s %s %d rows", tb.Currency, tb.PriceDate, len(tb.Rows))
	}
}

// TestParseTableRefusesBadRows: a row without source, with a bad type or a
// duplicate is refused, not priced at zero.
func TestParseTableRefusesBadRows(t *testing.T) {
	good := `{"serviceName":"s","productName":"p","skuName":"k","meterName":"m","unitOfMeasure":"1 Hour","armRegionName":"westeurope","type":"Consumption","unitPrice":1,"source":"u","read":"2026-01-01"}`
	for name, rows := range map[string]string{
		"no source":    strings.Replace(good, `"source":"u"`, `"source":""`, 1),
		"bad type":     strings.Replace(good, `"Consumption"`, `"Spot"`, 1),
		"duplicate":    good + "," + good,
		"negative":     strings.Replace(good, `"unitPrice":1`, `"unitPrice":-1`, 1),
		"after date":   strings.Replace(good, `2026-01-01`, `2026-02-01`, 1),
		"term on PAYG": strings.Replace(good, `"type":"Consumption"`, `"type":"Consumption","reservationTerm":"1 Year"`, 1),
	} {
		if _, err := ParseTable([]byte(`{"currency":"USD","priceDate":"2026-01-01","rows":[` + rows + `]}`)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseTable([]byte(`{"currency":"USD","priceDate":"2026-01-01","rows":[` + good + `]}`)); err != nil {
		t.Errorf("good row refused: %v", err)
	}
}

// TestLargerPlanSkuCostsMore and more instances cost more, by the table's
// own per-instance price.
func TestPlanSkuAndInstances(t *testing.T) {
	c := cfg(t, nil)
	b1 := total(t, c, servicePlan("B1", 1)).Total
	p1 := total(t, c, servicePlan("P1v3", 1)).Total
	p1x3 := total(t, c, servicePlan("P1v3", 3)).Total
	if !(p1 > b1) {
		t.Errorf("P1v3 %v not above B1 %v", p1, b1)
	}
	if p1x3 != round(3*p1, 2) {
		t.Errorf("3 instances %v, want 3 x %v", p1x3, p1)
	}
	row, _ := table(t).Find(Meter{"Azure App Service", "Azure App Service Basic Plan - Linux", "B1", "B1"}, "westeurope", Consumption, "")
	if b1 != round(row.UnitPrice*HoursPerMonth, 2) {
		t.Errorf("B1 %v, want %v x 730", b1, row.UnitPrice)
	}
}

// TestAutoscalePricedAtMinimumWithMaximumAsRange: autoscale bills the
// minimum instance count; the maximum is the line's upper bound.
func TestAutoscalePricedAtMinimumWithMaximumAsRange(t *testing.T) {
	scale := res("azure-native:insights:AutoscaleSetting", "scale", map[string]any{
		"enabled": true, "targetResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverFarms/asp-x",
		"profiles": []any{map[string]any{"capacity": map[string]any{"minimum": "2", "maximum": "6", "default": "2"}}},
	})
	c := cfg(t, nil)
	one := total(t, c, servicePlan("P1v3", 1)).Lines[0].Monthly
	est := total(t, c, servicePlan("P1v3", 2), scale)
	l := est.Lines[0]
	if l.Monthly != round(2*one, 2) || l.MonthlyAtMax != round(6*one, 2) || est.TotalAtMax != l.MonthlyAtMax {
		t.Errorf("autoscale line %+v, want 2 and 6 x %v", l, one)
	}
	if est.FreeResources != 1 {
		t.Errorf("the autoscale setting is free: %d free", est.FreeResources)
	}
}

// TestPoolHours: the pool bills compute for runs x whole hours online: an
// hourly ETL bills more pool hours than a daily one; zero load minutes
// bill storage only; a larger pool costs more.
func TestPoolHours(t *testing.T) {
	hours := func(e *Estimate) float64 { return e.Lines[0].Quantity }
	daily := total(t, cfg(t, map[string]string{"etlFrequency": "Day", "costEtlLoadMinutesPerRun": "20"}), pool("DW100c"))
	hourly := total(t, cfg(t, map[string]string{"etlFrequency": "Hour", "costEtlLoadMinutesPerRun": "20"}), pool("DW100c"))
	if hours(daily) != round(DaysPerMonth, 4) || hours(hourly) != HoursPerMonth {
		t.Errorf("pool hours daily %v, hourly %v", hours(daily), hours(hourly))
	}
	long := total(t, cfg(t, map[string]string{"costEtlLoadMinutesPerRun": "61"}), pool("DW100c"))
	if hours(long) != round(2*DaysPerMonth, 4) {
		t.Errorf("61 minutes bill 2 whole hours a run, got %v", hours(long))
	}
	paused := total(t, cfg(t, map[string]string{"costEtlLoadMinutesPerRun": "0", "costWarehouseStorageGb": "100"}), pool("DW100c"))
	storage := paused.Lines[1]
	if paused.Lines[0].Monthly != 0 || paused.Total != storage.Monthly || storage.Quantity != 100 || storage.Monthly == 0 {
		t.Errorf("paused pool: %+v", paused.Lines)
	}
	big := total(t, cfg(t, nil), pool("DW500c"))
	if big.Lines[0].Monthly != round(5*daily.Lines[0].Monthly, 2) {
		t.Errorf("DW500c %v, want 5 x DW100c %v", big.Lines[0].Monthly, daily.Lines[0].Monthly)
	}
	if len(big.Reserved) == 0 || big.Total != round(big.Lines[0].Monthly+big.Lines[1].Monthly, 2) {
		t.Errorf("reservations shown beside, never in, the total: %+v", big)
	}
}

// TestServerlessBillsMinimumWhileActive: the line bills the minimum vCores
// for the active hours, the maximum is its upper bound, and zero active hours
// bill storage only.
func TestServerlessBillsMinimumWhileActive(t *testing.T) {
	db := res("azure-native:sql:Database", "db", map[string]any{"location": "westeurope", "minCapacity": 0.5, "maxSizeBytes": float64(32 << 30),
		"sku": map[string]any{"name": "GP_S_Gen5", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 2}})
	est := total(t, cfg(t, map[string]string{"costSqlActiveHoursPerDay": "10"}), db)
	compute := est.Lines[0]
	if compute.Quantity != round(0.5*10*DaysPerMonth, 4) || compute.MonthlyAtMax != round(2*10*DaysPerMonth*compute.UnitPrice, 2) {
		t.Errorf("serverless: %+v", compute)
	}
	if est.Lines[1].Quantity != 32 {
		t.Errorf("storage on max size: %+v", est.Lines[1])
	}
	idle := total(t, cfg(t, map[string]string{"costSqlActiveHoursPerDay": "0"}), db)
	if idle.Lines[0].Monthly != 0 || idle.Total != idle.Lines[1].Monthly {
		t.Errorf("paused all month: %+v", idle.Lines)
	}
}

// TestLogFreeAllowance: ingestion beyond the free 5 GB a month is billed,
// and within it nothing.
func TestLogFreeAllowance(t *testing.T) {
	ws := res("azure-native:operationalinsights:Workspace", "log", map[string]any{"location": "westeurope", "retentionInDays": 30})
	small := total(t, cfg(t, map[string]string{"costLogIngestMbPerDay": "100"}), ws)
	if small.Total != 0 {
		t.Errorf("3 GB a month is within the free allowance: %+v", small.Lines)
	}
	big := total(t, cfg(t, map[string]string{"costLogIngestMbPerDay": "1000"}), ws)
	if q := big.Lines[0].Quantity; q != round(DaysPerMonth-LogFreeGBPerMonth, 4) {
		t.Errorf("billed GB %v", q)
	}
	ws90 := res("azure-native:operationalinsights:Workspace", "log", map[string]any{"location": "westeurope", "retentionInDays": 90})
	if est := total(t, cfg(t, nil), ws90); len(est.Lines) != 2 || est.Lines[1].Monthly == 0 {
		t.Errorf("retention beyond 31 days is billed: %+v", est.Lines)
	}
}

// TestUnknownTypeIsUnpricedNotFree: a type in neither list, and a billable
// type without a price row, are reported; components are free.
func TestUnknownTypeIsUnpricedNotFree(t *testing.T) {
	est := New(plan(
		res("azure-native:cdn:Profile", "fd", nil),
		res("azure:appservice/servicePlan:ServicePlan", "plan", map[string]any{"name": "asp-x", "osType": "Linux", "skuName": "P1v3", "location": "eastus"}),
		inventory.Resource{Type: "ecommerce:core:Core", Name: "core"},
	), cfg(t, map[string]string{"location": "eastus"}), table(t))
	if len(est.Unpriced) != 2 || est.Unpriced[0].Type != "azure-native:cdn:Profile" || !strings.Contains(est.Unpriced[1].Reason, "eastus") {
		t.Errorf("unpriced: %+v", est.Unpriced)
	}
	if est.FreeResources != 1 || est.Total != 0 {
		t.Errorf("free %d total %v", est.FreeResources, est.Total)
	}
}

// TestJSONShape: the cost-json field names are a contract.
func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, total(t, cfg(t, nil), pool("DW100c"))); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := "assumptions budget currency freeResources lines overBudget priceDate region reserved resources stack standby total totalAtMax unpriced unverifiedLines"
	if got := keys(doc); got != want {
		t.Errorf("keys %q, want %q", got, want)
	}
	var lines []map[string]json.RawMessage
	_ = json.Unmarshal(doc["lines"], &lines)
	if got := keys(lines[0]); got != "dimension meter monthly monthlyAtMax name note quantity region type unit unitPrice unverified what" {
		t.Errorf("line keys %q", got)
	}
}

func keys[V any](m map[string]V) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sortStrings(ks)
	return strings.Join(ks, " ")
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

// TestTextHasLinesAndTotal: the text table names each line and ends with the
// total and the unverified count.
func TestTextHasLinesAndTotal(t *testing.T) {
	est := total(t, cfg(t, nil), servicePlan("B1", 2))
	var buf bytes.Buffer
	if err := WriteText(&buf, est); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"        $26.28  plan ", "1460 instance-hours x 0.018 per 1 Hour [unverified]", "        $26.28  total a month ($26.28 at the upper bounds)\n", "  1 of 1 lines rest on unverified price rows"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

// TestStandbyIsItsOwnSubtotal: the standby's lines (resources named with a
// "standby" segment) add up to its own figure, inside the total; a name
// that merely contains the word is not the standby's, nor is the analytics
// layer moved to the pair.
func TestStandbyIsItsOwnSubtotal(t *testing.T) {
	c := cfg(t, nil)
	plan := func(name string) inventory.Resource {
		r := servicePlan("P1v3", 2)
		r.Name = name
		return r
	}
	one := total(t, c, plan("apps-plan")).Total
	// analytics-standby-*: the analytics layer itself, moved to the pair.
	est := total(t, c, plan("apps-plan"), plan("apps-standby-plan"), plan("core-worker-plan-standby"), plan("apps-standbyish-plan"), plan("analytics-standby-plan"))
	if want := round(2*one, 2); est.Standby != want {
		t.Errorf("standby %v, want the two standby plans' %v", est.Standby, want)
	}
	if est.Total != round(5*one, 2) {
		t.Errorf("total %v, want every plan's %v", est.Total, 5*one)
	}
	var text strings.Builder
	if err := WriteText(&text, est); err != nil {
		t.Fatal(err)
	}
	if want := money(est.Standby) + "  of it the warm standby's"; !strings.Contains(text.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, text.String())
	}
	if total(t, c, plan("apps-plan")).Standby != 0 {
		t.Error("a stack without a standby has no standby cost")
	}
}
