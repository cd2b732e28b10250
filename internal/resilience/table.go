// Package resilience reports what a planned stack survives: per data store
// and for the user path, the RPO and RTO after a regional outage, the
// composite availability of the customer path, and the single points of
// failure left. Like internal/cost it reads the plan only through type
// tokens and inputs, and Microsoft's figures only from a reviewed table kept
// as data (figures.json), each with its source, so a figure has one home.
package resilience

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

//go:embed figures.json
var embedded []byte

// Figure ids the report reads; ParseTable refuses a table without any of them.
const (
	SQLGeoReplicationRPO   = "sql-geo-replication-rpo"
	SQLFailoverRTO         = "sql-failover-rto"
	SQLFailoverDecision    = "sql-failover-decision"
	SQLGeoRestoreRPO       = "sql-geo-restore-rpo"
	SQLGeoRestoreRTO       = "sql-geo-restore-rto"
	StorageGeoRPO          = "storage-geo-rpo"
	StorageFailoverRTO     = "storage-failover-rto"
	KeyVaultRPO            = "key-vault-rpo"
	KeyVaultFailoverRTO    = "key-vault-failover-rto"
	KeyVaultPrivateLinkRTO = "key-vault-private-link-rto"
	WarehouseGeoBackupRPO  = "warehouse-geo-backup-rpo"
	WarehouseGeoRestoreRTO = "warehouse-geo-restore-rto"
	FrontDoorProbeFailover = "front-door-probe-failover"
	ComputeRedeployRTO     = "compute-redeploy-rto"
)

// SLA ids.
const (
	SLAFrontDoor                = "front-door"
	SLAAppService               = "app-service"
	SLASQLDatabase              = "sql-database"
	SLASQLDatabaseZoneRedundant = "sql-database-zone-redundant"
)

var (
	figureIDs = []string{SQLGeoReplicationRPO, SQLFailoverRTO, SQLFailoverDecision, SQLGeoRestoreRPO, SQLGeoRestoreRTO,
		StorageGeoRPO, StorageFailoverRTO, KeyVaultRPO, KeyVaultFailoverRTO, KeyVaultPrivateLinkRTO,
		WarehouseGeoBackupRPO, WarehouseGeoRestoreRTO, FrontDoorProbeFailover, ComputeRedeployRTO}
	slaIDs = []string{SLAFrontDoor, SLAAppService, SLASQLDatabase, SLASQLDatabaseZoneRedundant}
)

// Table is the reviewed table of recovery figures and SLAs.
type Table struct {
	Read    string `json:"read"` // the newest read date of any row
	Note    string `json:"note,omitempty"`
	Figures []Row  `json:"figures"`
	SLAs    []SLA  `json:"slas"`
}

// Row is one published recovery figure. Minutes is nil where the source
// states none (the text says so); an estimate is this project's, not
// Microsoft's.
type Row struct {
	ID         string   `json:"id"`
	Minutes    *float64 `json:"minutes,omitempty"`
	Text       string   `json:"text"`
	Source     string   `json:"source"`
	Quote      string   `json:"quote,omitempty"`
	Read       string   `json:"read"`
	Unverified bool     `json:"unverified,omitempty"`
	Estimate   bool     `json:"estimate,omitempty"`
	Note       string   `json:"note,omitempty"`
}

// SLA is one service's monthly uptime commitment, for the SKUs (name
// prefixes) or tiers it covers and, when set, only with or without zone
// redundancy.
type SLA struct {
	ID            string   `json:"id"`
	Service       string   `json:"service"`
	SKUs          []string `json:"skus,omitempty"`
	Tiers         []string `json:"tiers,omitempty"`
	ZoneRedundant *bool    `json:"zoneRedundant,omitempty"`
	Percent       float64  `json:"percent"`
	Source        string   `json:"source"`
	Read          string   `json:"read"`
	Unverified    bool     `json:"unverified,omitempty"`
	Note          string   `json:"note,omitempty"`
}

// LoadTable returns the table shipped with the program.
func LoadTable() (*Table, error) { return ParseTable(embedded) }

// ParseTable reads and checks a table: a figure the report needs and cannot
// find, or a row without its source, is an error rather than a silent gap.
func ParseTable(b []byte) (*Table, error) {
	var t Table
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("resilience table: %w", err)
	}
	seen := map[string]bool{}
	check := func(id, source, read string) error {
		switch {
		case seen[id]:
			return fmt.Errorf("resilience table: %s: duplicate row", id)
		case source == "" || len(read) != len("2006-01-02"):
			return fmt.Errorf("resilience table: %s: every row names its source and the date it was read", id)
		case read > t.Read:
			return fmt.Errorf("resilience table: %s: read %s, after the table's date %s", id, read, t.Read)
		}
		seen[id] = true
		return nil
	}
	for _, r := range t.Figures {
		if err := check(r.ID, r.Source, r.Read); err != nil {
			return nil, err
		}
		if r.Text == "" || (r.Minutes != nil && *r.Minutes < 0) {
			return nil, fmt.Errorf("resilience table: %s: a figure has a text and no negative minutes", r.ID)
		}
	}
	for _, s := range t.SLAs {
		if err := check(s.ID, s.Source, s.Read); err != nil {
			return nil, err
		}
		if s.Percent <= 0 || s.Percent > 100 || len(s.SKUs)+len(s.Tiers) == 0 {
			return nil, fmt.Errorf("resilience table: %s: an SLA is a percent of the SKUs or tiers it names", s.ID)
		}
	}
	for _, id := range slices.Concat(figureIDs, slaIDs) {
		if !seen[id] {
			return nil, fmt.Errorf("resilience table: no row %s", id)
		}
	}
	return &t, nil
}

// Figure returns the row of an id ParseTable checked is there.
func (t *Table) Figure(id string) Row {
	i := slices.IndexFunc(t.Figures, func(r Row) bool { return r.ID == id })
	return t.Figures[i]
}

// SLA returns the SLA of an id ParseTable checked is there.
func (t *Table) SLA(id string) SLA {
	i := slices.IndexFunc(t.SLAs, func(s SLA) bool { return s.ID == id })
	return t.SLAs[i]
}
