// Command prices refreshes the cost estimate's price table
// (internal/cost/prices.json) from the Azure Retail Prices API, the
// canonical source of Azure list prices. Maintainers run it online with
// `make prices`; it re-reads every row's meter in its region, writes the
// API's price, the query as the row's source and today's date, and clears
// the row's unverified mark. Rows the API does not answer are left as they
// were and listed, so a reviewer sees what still rests on an unchecked
// figure. It adds no rows: what the estimator prices is a code review.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ecommerce-platform/infra/internal/cost"
)

// API is the Retail Prices API endpoint. The preview version is the one
// that returns savings-plan rates with each consumption item.
const API = "https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview"

// Page is one page of the API's answer.
type Page struct {
	BillingCurrency string `json:"BillingCurrency"`
	Items           []Item `json:"Items"`
	NextPageLink    string `json:"NextPageLink"`
	Count           int    `json:"Count"`
}

// Item is one price of the API.
type Item struct {
	CurrencyCode       string        `json:"currencyCode"`
	TierMinimumUnits   float64       `json:"tierMinimumUnits"`
	RetailPrice        float64       `json:"retailPrice"`
	UnitPrice          float64       `json:"unitPrice"`
	ArmRegionName      string        `json:"armRegionName"`
	Location           string        `json:"location"`
	EffectiveStartDate string        `json:"effectiveStartDate"`
	MeterID            string        `json:"meterId"`
	MeterName          string        `json:"meterName"`
	ProductID          string        `json:"productId"`
	SkuID              string        `json:"skuId"`
	ProductName        string        `json:"productName"`
	SkuName            string        `json:"skuName"`
	ServiceName        string        `json:"serviceName"`
	ServiceFamily      string        `json:"serviceFamily"`
	UnitOfMeasure      string        `json:"unitOfMeasure"`
	Type               string        `json:"type"` // Consumption, Reservation, DevTestConsumption
	IsPrimaryMeter     bool          `json:"isPrimaryMeterRegion"`
	ArmSkuName         string        `json:"armSkuName"`
	ReservationTerm    string        `json:"reservationTerm"`
	SavingsPlan        []SavingsPlan `json:"savingsPlan"`
}

// SavingsPlan is a savings-plan rate listed with a consumption item.
type SavingsPlan struct {
	UnitPrice   float64 `json:"unitPrice"`
	RetailPrice float64 `json:"retailPrice"`
	Term        string  `json:"term"`
}

// ParsePage reads one page of the API's JSON.
func ParsePage(r io.Reader) (Page, error) {
	var p Page
	dec := json.NewDecoder(r)
	if err := dec.Decode(&p); err != nil {
		return Page{}, fmt.Errorf("retail prices: %w", err)
	}
	for i, it := range p.Items {
		if it.CurrencyCode != "" && it.CurrencyCode != "USD" {
			return Page{}, fmt.Errorf("retail prices: item %d is in %s; ask for USD list prices", i, it.CurrencyCode)
		}
	}
	return p, nil
}

// Fetch returns one page of a URL.
type Fetch func(url string) (Page, error)

// Query is the URL asking for a row's meter in its region.
func Query(r cost.Row) string {
	clauses := []string{
		"serviceName eq '" + r.ServiceName + "'",
		"productName eq '" + r.ProductName + "'",
		"skuName eq '" + r.SkuName + "'",
		"meterName eq '" + r.MeterName + "'",
	}
	// A non-regional meter (cost.GlobalRegion) has one price in every region
	// or zone the API lists it under: any of them will do.
	if r.Region != cost.GlobalRegion {
		clauses = append(clauses, "armRegionName eq '"+r.Region+"'")
	}
	if r.Type == cost.Reservation {
		clauses = append(clauses, "priceType eq 'Reservation'")
	} else {
		clauses = append(clauses, "priceType eq 'Consumption'")
	}
	return API + "&currencyCode='USD'&$filter=" + url.QueryEscape(strings.Join(clauses, " and "))
}

// Price finds a row's price among items: the row's tier of the matching
// consumption item, its savings-plan rate of the row's term, or the
// reservation of the row's term.
func Price(r cost.Row, items []Item) (float64, string, bool) {
	for _, it := range items {
		if it.ServiceName != r.ServiceName || it.ProductName != r.ProductName || it.SkuName != r.SkuName || it.MeterName != r.MeterName ||
			it.TierMinimumUnits != r.TierMinimumUnits || (r.Region != cost.GlobalRegion && it.ArmRegionName != r.Region) {
			continue
		}
		switch r.Type {
		case cost.Consumption:
			if it.Type == "Consumption" {
				return it.RetailPrice, it.UnitOfMeasure, true
			}
		case cost.SavingsPlan:
			if it.Type == "Consumption" {
				for _, sp := range it.SavingsPlan {
					if sp.Term == r.ReservationTerm {
						return sp.RetailPrice, it.UnitOfMeasure, true
					}
				}
			}
		case cost.Reservation:
			if it.Type == "Reservation" && it.ReservationTerm == r.ReservationTerm {
				return it.RetailPrice, it.UnitOfMeasure, true
			}
		}
	}
	return 0, "", false
}

// Refresh re-reads every row, following NextPageLink to the last page, and
// returns the rows it could not find.
func Refresh(t *cost.Table, fetch Fetch, today string) (missing []string, err error) {
	for i := range t.Rows {
		r := &t.Rows[i]
		var items []Item
		for next := Query(*r); next != ""; {
			page, err := fetch(next)
			if err != nil {
				return nil, err
			}
			items = append(items, page.Items...)
			next = page.NextPageLink
		}
		price, unit, ok := Price(*r, items)
		if !ok {
			missing = append(missing, fmt.Sprintf("%s / %s / %s / %s in %s (%s %s)", r.ServiceName, r.ProductName, r.SkuName, r.MeterName, r.Region, r.Type, r.ReservationTerm))
			continue
		}
		r.UnitPrice, r.UnitOfMeasure = price, unit
		r.Source, r.Read, r.Unverified = Query(*r), today, false
		r.Note = "Retail Prices API"
	}
	t.PriceDate = today
	return missing, nil
}

func httpFetch(client *http.Client) Fetch {
	return func(u string) (Page, error) {
		resp, err := client.Get(u)
		if err != nil {
			return Page{}, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return Page{}, fmt.Errorf("%s: %s", u, resp.Status)
		}
		return ParsePage(resp.Body)
	}
}

func main() {
	path := flag.String("table", "internal/cost/prices.json", "price table to refresh in place")
	flag.Parse()
	b, err := os.ReadFile(*path)
	if err == nil {
		var t *cost.Table
		if t, err = cost.ParseTable(b); err == nil {
			var missing []string
			missing, err = Refresh(t, httpFetch(&http.Client{Timeout: 60 * time.Second}), time.Now().UTC().Format("2006-01-02"))
			if err == nil {
				for _, m := range missing {
					fmt.Fprintln(os.Stderr, "not found, left unverified:", m)
				}
				var out []byte
				if out, err = json.MarshalIndent(t, "", " "); err == nil {
					err = os.WriteFile(*path, append(out, '\n'), 0o644)
					fmt.Printf("%s: %d rows re-read, %d not found\n", *path, len(t.Rows)-len(missing), len(missing))
				}
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "prices:", err)
		os.Exit(1)
	}
}
