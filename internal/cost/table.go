// Package cost estimates a stack's monthly Azure bill offline, from the plan
// the mock engine records, a reviewed price table kept as data (prices.json)
// and the usage assumptions in the stack's config. It reads resources only
// through their type tokens and inputs, never through the layers' Go types,
// so the layers can change shape without the estimate noticing anything but
// what is deployed.
package cost

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// Price types, as the Azure Retail Prices API spells its `type` field, plus
// SavingsPlan for the savings-plan rates the API lists per consumption item.
const (
	Consumption = "Consumption"
	Reservation = "Reservation"
	SavingsPlan = "SavingsPlan"
)

// GlobalRegion is the region of meters priced the same everywhere, such as
// Azure Monitor's alert meters ("Regional Meter? no",
// https://learn.microsoft.com/azure/azure-monitor/cost-meters) and Front
// Door's base fees. The API still lists each under some region or billing
// zone ("Zone 1"), so `make prices` looks for it in any.
const GlobalRegion = "global"

//go:embed prices.json
var embedded []byte

// Table is the reviewed price table: USD list prices of the meters the
// stacks use, in the regions they use, each with its source and the date it
// was read.
type Table struct {
	Currency  string `json:"currency"`
	PriceDate string `json:"priceDate"` // the newest read date of any row
	Note      string `json:"note,omitempty"`
	Rows      []Row  `json:"rows"`
}

// Row is one Azure meter's price in one region. The names are the Retail
// Prices API's, so `make prices` can find the row again.
type Row struct {
	ServiceName     string `json:"serviceName"`
	ProductName     string `json:"productName"`
	SkuName         string `json:"skuName"`
	MeterName       string `json:"meterName"`
	UnitOfMeasure   string `json:"unitOfMeasure"`
	Region          string `json:"armRegionName"`
	Type            string `json:"type"`
	ReservationTerm string `json:"reservationTerm,omitempty"` // "1 Year", "3 Years"
	// TierMinimumUnits picks one tier of a tiered meter, which the API lists
	// once per tier: the price from this many units a month on (Log
	// Analytics ingestion is free up to 5 GB, metric alerts up to 10 series).
	TierMinimumUnits float64 `json:"tierMinimumUnits,omitempty"`
	UnitPrice        float64 `json:"unitPrice"`  // per unit; a reservation's is the term's total
	Source           string  `json:"source"`     // the page or API query it was read from
	Read             string  `json:"read"`       // YYYY-MM-DD
	Unverified       bool    `json:"unverified"` // not checked against Source
	Note             string  `json:"note,omitempty"`
}

// Meter names an Azure meter the way the Retail Prices API does.
type Meter struct {
	Service string `json:"serviceName"`
	Product string `json:"productName"`
	Sku     string `json:"skuName"`
	Name    string `json:"meterName"`
}

// Meter returns the row's meter.
func (r Row) Meter() Meter {
	return Meter{Service: r.ServiceName, Product: r.ProductName, Sku: r.SkuName, Name: r.MeterName}
}

// LoadTable returns the table shipped with the program.
func LoadTable() (*Table, error) { return ParseTable(embedded) }

// ParseTable reads and checks a price table: a row the estimator could not
// use, or could use two ways, is an error rather than a silent zero.
func ParseTable(b []byte) (*Table, error) {
	var t Table
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("price table: %w", err)
	}
	if t.Currency != "USD" {
		return nil, fmt.Errorf("price table: currency %q, want USD (list prices)", t.Currency)
	}
	seen := map[string]bool{}
	for i, r := range t.Rows {
		where := fmt.Sprintf("price table row %d (%s / %s / %s in %s)", i, r.ProductName, r.SkuName, r.MeterName, r.Region)
		switch {
		case r.ServiceName == "" || r.ProductName == "" || r.SkuName == "" || r.MeterName == "" || r.UnitOfMeasure == "" || r.Region == "":
			return nil, fmt.Errorf("%s: service, product, SKU, meter, unit and region are all required", where)
		case !slices.Contains([]string{Consumption, Reservation, SavingsPlan}, r.Type):
			return nil, fmt.Errorf("%s: type %q is not Consumption, Reservation or SavingsPlan", where, r.Type)
		case (r.Type == Consumption) != (r.ReservationTerm == ""):
			return nil, fmt.Errorf("%s: a term goes with reservation and savings-plan rows only", where)
		case r.UnitPrice < 0:
			return nil, fmt.Errorf("%s: negative price", where)
		case r.Source == "" || len(r.Read) != len("2006-01-02"):
			return nil, fmt.Errorf("%s: every row names its source and the date it was read", where)
		}
		key := rowKey(r.Meter(), r.Region, r.Type, r.ReservationTerm)
		if seen[key] {
			return nil, fmt.Errorf("%s: duplicate row", where)
		}
		seen[key] = true
		if r.Read > t.PriceDate {
			return nil, fmt.Errorf("%s: read %s, after the table's price date %s", where, r.Read, t.PriceDate)
		}
	}
	return &t, nil
}

func rowKey(m Meter, region, typ, term string) string {
	return m.Service + "|" + m.Product + "|" + m.Sku + "|" + m.Name + "|" + region + "|" + typ + "|" + term
}

// Find returns the row of a meter in a region (or, failing that, its global
// row) for a price type and term.
func (t *Table) Find(m Meter, region, typ, term string) (Row, bool) {
	for _, reg := range []string{region, GlobalRegion} {
		for _, r := range t.Rows {
			if r.Meter() == m && r.Region == reg && r.Type == typ && r.ReservationTerm == term {
				return r, true
			}
		}
	}
	return Row{}, false
}

// Commitments returns the reservation and savings-plan rows of a meter in a
// region, in table order.
func (t *Table) Commitments(m Meter, region string) []Row {
	var out []Row
	for _, r := range t.Rows {
		if r.Meter() == m && r.Region == region && r.Type != Consumption {
			out = append(out, r)
		}
	}
	return out
}
