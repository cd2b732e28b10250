package main

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/ecommerce-platform/infra/internal/cost"
)

func row(typ, term, sku, region string) cost.Row {
	product := "Azure App Service Premium v3 Plan - Linux"
	meter := sku + " App"
	if strings.HasPrefix(sku, "B") {
		product, meter = "Azure App Service Basic Plan - Linux", sku
	}
	return cost.Row{ServiceName: "Azure App Service", ProductName: product, SkuName: sku, MeterName: meter,
		UnitOfMeasure: "1 Hour", Region: region, Type: typ, ReservationTerm: term, UnitPrice: 9, Source: "memory", Read: "2026-01-01", Unverified: true}
}

// recorded serves the two recorded pages: the first for any P1 v3 query,
// the second for the first page's NextPageLink; nothing for other meters.
func recorded(t *testing.T) (Fetch, *[]string) {
	var asked []string
	read := func(name string) Page {
		f, err := os.Open("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := ParsePage(f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	first, second := read("page1.json"), read("page2.json")
	return func(u string) (Page, error) {
		asked = append(asked, u)
		switch {
		case u == first.NextPageLink:
			return second, nil
		case strings.Contains(u, url.QueryEscape("skuName eq 'P1 v3'")):
			return first, nil
		}
		return Page{Items: []Item{}}, nil
	}, &asked
}

// TestParsePageReadsTheDocumentedShape: the fields the refresh relies on
// come out of the API's JSON as documented.
func TestParsePageReadsTheDocumentedShape(t *testing.T) {
	f, err := os.Open("testdata/page2.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParsePage(f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count != 1 || len(p.Items) != 1 || p.NextPageLink != "" || p.BillingCurrency != "USD" {
		t.Fatalf("page = %+v", p)
	}
	it := p.Items[0]
	if it.RetailPrice != 0.201 || it.ArmRegionName != "westeurope" || it.Type != "Consumption" || it.UnitOfMeasure != "1 Hour" ||
		it.MeterName != "P1 v3 App" || it.SkuName != "P1 v3" || it.ServiceName != "Azure App Service" || it.EffectiveStartDate == "" ||
		len(it.SavingsPlan) != 2 || it.SavingsPlan[0].Term != "1 Year" || it.SavingsPlan[0].RetailPrice != 0.1608 {
		t.Errorf("item = %+v", it)
	}
	if _, err := ParsePage(strings.NewReader(`{"Items":[{"currencyCode":"EUR","retailPrice":1}]}`)); err == nil {
		t.Error("a page in EUR was accepted")
	}
}

// TestRefreshFollowsPagesAndPicksTheRowsPrice: consumption, reservation and
// savings-plan rows each take their own price, found across pages; a row the
// API lacks stays as it was, unverified, and is reported.
func TestRefreshFollowsPagesAndPicksTheRowsPrice(t *testing.T) {
	table := &cost.Table{Currency: "USD", PriceDate: "2026-01-01", Rows: []cost.Row{
		row(cost.Consumption, "", "P1 v3", "westeurope"),
		row(cost.Reservation, "1 Year", "P1 v3", "westeurope"),
		row(cost.SavingsPlan, "1 Year", "P1 v3", "westeurope"),
		row(cost.Consumption, "", "B1", "northeurope"),
	}}
	fetch, asked := recorded(t)
	missing, err := Refresh(table, fetch, "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0.201, 1111, 0.1608, 9} {
		if got := table.Rows[i].UnitPrice; got != want {
			t.Errorf("row %d: price %v, want %v", i, got, want)
		}
	}
	for i := 0; i < 3; i++ {
		r := table.Rows[i]
		if r.Unverified || r.Read != "2026-12-01" || !strings.HasPrefix(r.Source, API) {
			t.Errorf("row %d after refresh: %+v", i, r)
		}
	}
	if b := table.Rows[3]; !b.Unverified || b.Read != "2026-01-01" || b.Source != "memory" {
		t.Errorf("unfound row changed: %+v", b)
	}
	if len(missing) != 1 || !strings.Contains(missing[0], "B1 / B1 in northeurope") {
		t.Errorf("missing = %q", missing)
	}
	if table.PriceDate != "2026-12-01" {
		t.Errorf("price date %s", table.PriceDate)
	}
	if len(*asked) != 3*2+1 {
		t.Errorf("asked %d pages, want two for each P1 v3 row and one for B1: %q", len(*asked), *asked)
	}
}

// TestQueryFiltersTheRowsMeter: the query names the row's meter, region and
// price type, in the API's OData filter.
func TestQueryFiltersTheRowsMeter(t *testing.T) {
	q, err := url.QueryUnescape(Query(row(cost.Reservation, "3 Years", "P1 v3", "westeurope")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"https://prices.azure.com/api/retail/prices?", "serviceName eq 'Azure App Service'", "skuName eq 'P1 v3'",
		"meterName eq 'P1 v3 App'", "armRegionName eq 'westeurope'", "priceType eq 'Reservation'", "productName eq 'Azure App Service Premium v3 Plan - Linux'"} {
		if !strings.Contains(q, want) {
			t.Errorf("query %s lacks %s", q, want)
		}
	}
}

// apiFilter applies the eq clauses of a Query's $filter to an item, as the
// API does (priceType is the item's type; savings-plan rates come with
// consumption items).
func apiFilter(t *testing.T, query string, it Item) bool {
	t.Helper()
	u, err := url.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	field := map[string]string{"serviceName": it.ServiceName, "productName": it.ProductName, "skuName": it.SkuName,
		"meterName": it.MeterName, "armRegionName": it.ArmRegionName, "priceType": it.Type}
	for _, clause := range strings.Split(u.Query().Get("$filter"), " and ") {
		name, value, ok := strings.Cut(clause, " eq ")
		v, known := field[name]
		if !ok || !known {
			t.Fatalf("clause %q is not a known eq clause", clause)
		}
		if v != strings.Trim(value, "'") {
			return false
		}
	}
	return true
}

// TestPriceOnRecordedItems: the matcher on Retail Prices API items in the
// API's documented shape (fields meterName, skuName, productName,
// serviceName, armRegionName, retailPrice, unitOfMeasure, type,
// tierMinimumUnits, currencyCode:
// https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices).
// testdata/items.json holds one item per meter family the table names
// differently from its first draft; the names are the API's as public
// recordings of it show them (Linux Basic plans "B1", other tiers "S1 App";
// Log Analytics "Analytics Logs Data Ingestion", free below 5 GB; Azure
// Monitor "Alerts Metric Monitored", free below 10 series, and "Alerts System
// Log Monitored at 5 Minute Frequency", as
// https://learn.microsoft.com/azure/azure-monitor/cost-meters lists them;
// Front Door's base fee under billing zone "Zone 1"); the prices are the
// table's, not read from the API here.
func TestPriceOnRecordedItems(t *testing.T) {
	f, err := os.Open("testdata/items.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, err := ParsePage(f)
	if err != nil {
		t.Fatal(err)
	}
	table, err := cost.LoadTable()
	if err != nil {
		t.Fatal(err)
	}
	find := func(product, sku, meter, region string) cost.Row {
		for _, r := range table.Rows {
			if r.ProductName == product && r.SkuName == sku && r.MeterName == meter && r.Region == region && r.Type == cost.Consumption {
				return r
			}
		}
		t.Fatalf("prices.json has no row %s / %s / %s in %s", product, sku, meter, region)
		return cost.Row{}
	}
	for _, c := range []struct {
		product, sku, meter, region string
		want                        float64
	}{
		{"Azure App Service Basic Plan - Linux", "B1", "B1", "westeurope", 0.018},
		{"Azure App Service Standard Plan - Linux", "S1", "S1 App", "westeurope", 0.1},
		{"Log Analytics", "Analytics Logs", "Analytics Logs Data Ingestion", "westeurope", 2.99},
		{"Azure Monitor", "Alerts", "Alerts Metric Monitored", cost.GlobalRegion, 0.1},
		{"Azure Monitor", "Alerts", "Alerts System Log Monitored at 5 Minute Frequency", cost.GlobalRegion, 1.5},
		{"Azure Front Door", "Standard", "Standard Base Fees", cost.GlobalRegion, 35},
	} {
		r := find(c.product, c.sku, c.meter, c.region)
		var selected []Item
		for _, it := range page.Items {
			if apiFilter(t, Query(r), it) {
				selected = append(selected, it)
			}
		}
		price, unit, ok := Price(r, selected)
		if !ok || price != c.want || unit != r.UnitOfMeasure {
			t.Errorf("%s / %s: price %v %q found %v, want %v %q (the paid tier)", c.product, c.meter, price, unit, ok, c.want, r.UnitOfMeasure)
		}
	}
	// The first draft's names find nothing.
	stale := find("Azure App Service Basic Plan - Linux", "B1", "B1", "westeurope")
	stale.MeterName = "B1 App"
	if _, _, ok := Price(stale, page.Items); ok {
		t.Error(`"B1 App" matched a Linux Basic item`)
	}
}

// TestEveryTableRowIsMatchable: for every row of prices.json, an item with
// the row's names, region (a non-regional row's under a billing zone), type
// and tier passes the row's $filter and is the row's price; an item of
// another tier or region is not.
func TestEveryTableRowIsMatchable(t *testing.T) {
	table, err := cost.LoadTable()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range table.Rows {
		it := Item{CurrencyCode: "USD", ServiceName: r.ServiceName, ProductName: r.ProductName, SkuName: r.SkuName, MeterName: r.MeterName,
			ArmRegionName: r.Region, UnitOfMeasure: r.UnitOfMeasure, Type: r.Type, TierMinimumUnits: r.TierMinimumUnits, RetailPrice: 42}
		if r.Region == cost.GlobalRegion {
			it.ArmRegionName = "Zone 1"
		}
		switch r.Type {
		case cost.SavingsPlan:
			it.Type, it.RetailPrice = cost.Consumption, 1
			it.SavingsPlan = []SavingsPlan{{RetailPrice: 42, Term: r.ReservationTerm}}
		case cost.Reservation:
			it.ReservationTerm = r.ReservationTerm
		}
		where := r.ProductName + " / " + r.SkuName + " / " + r.MeterName + " in " + r.Region + " (" + r.Type + " " + r.ReservationTerm + ")"
		if !apiFilter(t, Query(r), it) {
			t.Errorf("%s: its own item fails its $filter %s", where, Query(r))
			continue
		}
		if price, _, ok := Price(r, []Item{it}); !ok || price != 42 {
			t.Errorf("%s: price %v found %v", where, price, ok)
		}
		other := it
		other.TierMinimumUnits++
		if _, _, ok := Price(r, []Item{other}); ok {
			t.Errorf("%s: another tier's item was taken", where)
		}
		if r.Region != cost.GlobalRegion {
			other = it
			other.ArmRegionName = "eastus"
			if apiFilter(t, Query(r), other) {
				t.Errorf("%s: the $filter admits another region", where)
			}
		}
	}
}
