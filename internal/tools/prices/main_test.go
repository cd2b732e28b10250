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
	if strings.HasPrefix(sku, "B") {
		product = "Azure App Service Basic Plan - Linux"
	}
	return cost.Row{ServiceName: "Azure App Service", ProductName: product, SkuName: sku, MeterName: sku + " App",
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
	if len(missing) != 1 || !strings.Contains(missing[0], "B1 App in northeurope") {
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
