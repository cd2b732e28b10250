package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// valid is a minimal valid dev configuration.
func valid() map[string]Value {
	return map[string]Value{
		"environment":          {Raw: "dev"},
		"location":             {Raw: "westeurope"},
		"owner":                {Raw: "platform-team"},
		"costCenter":           {Raw: "cc-1"},
		"sqlAdminGroupMembers": {Raw: `["2b6f0c1e-4d8a-4f3b-9e27-5c1d8a0f6b34"]`},
	}
}

// validProd is a valid prod configuration: every data-protection rule met.
func validProd() map[string]Value {
	v := valid()
	for k, raw := range map[string]string{
		"environment": "prod", "protectData": "true", "lockResourceGroup": "true", "privateNetworking": "true",
		"keyVaultPurgeProtection": "true", "storageSku": "Standard_GZRS", "sqlBackupRedundancy": "GeoZone",
		"sqlLtrWeekly": "P4W", "warehouseGeoBackup": "true",
		"workerPlanSku": "P1v3", "workerZoneRedundant": "true", "workerMinInstances": "2", "workerMaxInstances": "2",
		"frontDoor": "true", "frontDoorSku": "Premium_AzureFrontDoor",
		"alertEmails": `["ops@example.com"]`, "sqlDefender": "true", "monthlyBudget": "5000",
		"rpoMinutes": "15", "rtoMinutes": "60", "standbyWorkerMinInstances": "2",
	} {
		v[k] = Value{Raw: raw}
	}
	return v
}

func with(base map[string]Value, kv ...string) map[string]Value {
	for i := 0; i < len(kv); i += 2 {
		base[kv[i]] = Value{Raw: kv[i+1]}
	}
	return base
}

func problems(t *testing.T, values map[string]Value) map[string]string {
	t.Helper()
	_, err := Parse("shop", "dev", values)
	if err == nil {
		return nil
	}
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Fatalf("error is %T, want *config.Error: %v", err, err)
	}
	out := map[string]string{}
	for _, p := range cerr.Problems {
		out[p.Key] += p.Rule + ";"
	}
	return out
}

func TestParseValidAppliesDefaults(t *testing.T) {
	c, err := Parse("shop", "dev", valid())
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]any{
		"storage sku":      {c.Storage.SKU, "Standard_ZRS"},
		"sql sku tier":     {c.SQL.SKU.Tier, "GeneralPurpose"},
		"sql serverless":   {c.SQL.SKU.Serverless, true},
		"sql capacity":     {c.SQL.SKU.Capacity, 1},
		"auto-pause":       {c.SQL.AutoPauseDelayMinutes, 60},
		"log retention":    {c.Monitoring.LogRetentionDays, 30},
		"vnet":             {c.Network.AddressSpace, "10.40.0.0/16"},
		"warehouse":        {c.Analytics.WarehouseSKU, "DW100c"},
		"etl frequency":    {c.Analytics.Schedule.Frequency, "Day"},
		"admin members":    {len(c.SQL.AdminGroupMembers), 1},
		"name suffix":      {c.Names.Suffix(), "nygygj"},
		"prod":             {c.IsProd(), false},
		"email key unset":  {c.EmailAPIKey.IsSet(), false},
		"autoscale is off": {c.Apps.Autoscale(), false},
		"worker min":       {c.Worker.MinInstances, 1},
		"worker max":       {c.Worker.MaxInstances, 1},
		"worker zones":     {c.Worker.ZoneRedundant, false},
		"worker autoscale": {c.Worker.Autoscale(), false},
	}
	for what, pair := range checks {
		if pair[0] != pair[1] {
			t.Errorf("%s = %v, want %v", what, pair[0], pair[1])
		}
	}
	if got := c.Tags(); got["environment"] != "dev" || got["cost-center"] != "cc-1" || got["managed-by"] != "pulumi" {
		t.Errorf("tags = %v", got)
	}
}

func TestParseValidProd(t *testing.T) {
	c, err := Parse("shop", "prod", validProd())
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsProd() || !c.ProtectData || !c.Network.Private {
		t.Errorf("prod config not carried: %+v", c)
	}
}

// TestParseReportsEveryProblemAtOnce is what a user fixing a stack file
// relies on: one run lists every bad key with its rule.
func TestParseReportsEveryProblemAtOnce(t *testing.T) {
	got := problems(t, with(valid(),
		"environment", "staging",
		"location", "West Europe",
		"storageSku", "Premium_LRS",
		"sqlBackupRetentionDays", "40",
		"logRetentionDays", "abc",
		"sqlSkuName", "GP_Gen5_3",
		"workerPlanSku", "Y1",
		"sqlAdminGroupMembers", `["not-a-guid"]`,
		"vnetAddressSpace", "8.8.0.0/16",
		"sqlLtrWeekly", "4 weeks",
		"storgeSku", "Standard_LRS",
	))
	want := map[string]string{
		"ecommerce:environment":            `"staging" is not one of dev, test, prod`,
		"ecommerce:location":               `"West Europe" is not a known Azure region`,
		"ecommerce:storageSku":             `"Premium_LRS" is not one of Standard_LRS`,
		"ecommerce:sqlBackupRetentionDays": "40 is out of range 1-35",
		"ecommerce:logRetentionDays":       `"abc" is not an integer`,
		"ecommerce:sqlSkuName":             "3 vCores is not offered",
		"ecommerce:workerPlanSku":          "needs a storage key",
		"ecommerce:sqlAdminGroupMembers":   `item 0 ("not-a-guid") is not a GUID`,
		"ecommerce:vnetAddressSpace":       "not in a private (RFC 1918) range",
		"ecommerce:sqlLtrWeekly":           "not an ISO 8601 duration",
		"ecommerce:storgeSku":              "unknown key (did you mean ecommerce:storageSku?)",
	}
	for key, rule := range want {
		if !strings.Contains(got[key], rule) {
			t.Errorf("%s: got %q, want it to mention %q", key, got[key], rule)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got problems for %d keys, want %d: %v", len(got), len(want), got)
	}
}

func TestParseRequiredKeys(t *testing.T) {
	got := problems(t, map[string]Value{})
	for _, key := range []string{"environment", "location", "owner", "costCenter", "sqlAdminGroupMembers"} {
		if !strings.Contains(got[FullName(key)], "is required") {
			t.Errorf("%s: got %q, want 'is required'", key, got[FullName(key)])
		}
	}
}

// TestProdRulesKeepDataSafe: prod settings that would lose data are refused.
func TestProdRulesKeepDataSafe(t *testing.T) {
	got := problems(t, with(valid(), "environment", "prod", "storageSku", "Standard_ZRS", "blobSoftDeleteDays", "3", "sqlBackupRetentionDays", "3"))
	for _, key := range []string{
		"protectData", "lockResourceGroup", "privateNetworking", "keyVaultPurgeProtection", "storageSku",
		"blobSoftDeleteDays", "sqlBackupRedundancy", "sqlBackupRetentionDays", "sqlLtrWeekly", "warehouseGeoBackup",
		"workerZoneRedundant", "workerMinInstances",
	} {
		if !strings.Contains(got[FullName(key)], "in prod") && !strings.Contains(got[FullName(key)], "prod") {
			t.Errorf("%s: got %q, want a prod rule", key, got[FullName(key)])
		}
	}
	// The same values are fine in dev.
	if got := problems(t, with(valid(), "storageSku", "Standard_ZRS", "blobSoftDeleteDays", "3", "sqlBackupRetentionDays", "3")); got != nil {
		t.Errorf("dev refused: %v", got)
	}
}

func TestCrossKeyRules(t *testing.T) {
	cases := []struct {
		name string
		kv   []string
		key  string
		rule string
	}{
		{"zone redundancy needs premium", []string{"appPlanZoneRedundant", "true", "appMinInstances", "2", "appMaxInstances", "2"}, "appPlanZoneRedundant", "needs a Premium v3"},
		{"zone redundancy needs 2 instances", []string{"appPlanSku", "P1v3", "appPlanZoneRedundant", "true"}, "appMinInstances", "at least 2"},
		{"slots need standard", []string{"appStagingSlots", "true"}, "appStagingSlots", "Basic (B1) has no deployment slots"},
		{"min above max", []string{"appPlanSku", "S1", "appMinInstances", "4", "appMaxInstances", "2"}, "appMinInstances", "must not exceed appMaxInstances"},
		{"autoscale needs standard", []string{"appMaxInstances", "3"}, "appMaxInstances", "autoscale"},
		{"auto-pause on provisioned", []string{"sqlSkuName", "GP_Gen5_2", "sqlAutoPauseDelayMinutes", "30"}, "sqlAutoPauseDelayMinutes", "serverless SKUs"},
		{"auto-pause range", []string{"sqlAutoPauseDelayMinutes", "10"}, "sqlAutoPauseDelayMinutes", "15-10080"},
		{"serverless BC", []string{"sqlSkuName", "BC_S_Gen5_2"}, "sqlSkuName", "General Purpose only"},
		{"hourly interval", []string{"etlFrequency", "Hour", "etlInterval", "30"}, "etlInterval", "at most 24"},
		{"plaintext secret", []string{"emailApiKey", "abc"}, "emailApiKey", "must be set as a secret"},
		{"suffix override", []string{"nameSuffix", "UPPER"}, "nameSuffix", "suffix"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, with(valid(), tc.kv...))
			if !strings.Contains(got[FullName(tc.key)], tc.rule) {
				t.Errorf("%s: got %q, want %q (all: %v)", tc.key, got[FullName(tc.key)], tc.rule, got)
			}
		})
	}
}

// TestAutoPauseDefaultIgnoredOnProvisioned: the CLI passes Pulumi.yaml's
// default along, which must not count as a mistake on a provisioned SKU.
func TestAutoPauseDefaultIgnoredOnProvisioned(t *testing.T) {
	c, err := Parse("shop", "dev", with(valid(), "sqlSkuName", "GP_Gen5_2", "sqlAutoPauseDelayMinutes", "60"))
	if err != nil {
		t.Fatal(err)
	}
	if c.SQL.AutoPauseDelayMinutes != 0 || c.SQL.SKU.Serverless {
		t.Errorf("provisioned SKU got auto-pause %d", c.SQL.AutoPauseDelayMinutes)
	}
}

func TestSecretStaysOutOfText(t *testing.T) {
	v := valid()
	v["emailApiKey"] = Value{Raw: "sk-live-123", Secret: true}
	c, err := Parse("shop", "dev", v)
	if err != nil {
		t.Fatal(err)
	}
	if !c.EmailAPIKey.IsSet() {
		t.Fatal("secret not read")
	}
	if s := c.EmailAPIKey.String(); strings.Contains(s, "sk-live") {
		t.Errorf("secret printed: %s", s)
	}
}

func TestErrorMessageNamesStackAndCount(t *testing.T) {
	_, err := Parse("shop", "qa", with(valid(), "environment", "x", "location", "mars"))
	if err == nil {
		t.Fatal("want error")
	}
	msg := err.Error()
	for _, want := range []string{`stack "qa"`, "2 problems", "ecommerce:environment", "ecommerce:location"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

// TestETLTimeZoneIsUTC: any other zone would be silently ignored by Data
// Factory (the classic provider sends a UTC start time), so it is refused.
func TestETLTimeZoneIsUTC(t *testing.T) {
	got := problems(t, with(valid(), "etlTimeZone", "W. Europe Standard Time"))
	if !strings.Contains(got["ecommerce:etlTimeZone"], `is not one of UTC`) {
		t.Errorf("got %v", got)
	}
}

// TestWorkerPlanRules: the worker plan's keys follow the portals' plan
// rules; each case breaks one rule and names its key, and the boundary
// cases next to them pass.
func TestWorkerPlanRules(t *testing.T) {
	cases := []struct {
		name string
		kv   []string
		key  string
		rule string
	}{
		{"zone redundancy needs premium v3 (Basic)", []string{"workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"}, "workerZoneRedundant", "needs a Premium v3 workerPlanSku (P0v3, P1v3, P2v3, P3v3), not B1"},
		{"zone redundancy needs premium v3 (Standard)", []string{"workerPlanSku", "S1", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"}, "workerZoneRedundant", "needs a Premium v3 workerPlanSku (P0v3, P1v3, P2v3, P3v3), not S1"},
		{"zone redundancy needs 2 instances", []string{"workerPlanSku", "P1v3", "workerZoneRedundant", "true"}, "workerMinInstances", "must be at least 2 when workerZoneRedundant is true"},
		{"min above max", []string{"workerPlanSku", "S1", "workerMinInstances", "3", "workerMaxInstances", "2"}, "workerMinInstances", "must not exceed workerMaxInstances (3 > 2)"},
		{"autoscale needs standard", []string{"workerMaxInstances", "2"}, "workerMaxInstances", "autoscale (workerMaxInstances > workerMinInstances) needs a Standard or Premium v3 workerPlanSku, not B1"},
		{"basic at most 3 instances", []string{"workerPlanSku", "B3", "workerMinInstances", "4", "workerMaxInstances", "4"}, "workerMinInstances", "Basic plans run at most 3 instances"},
		{"min range", []string{"workerMinInstances", "0"}, "workerMinInstances", "0 is out of range 1-30"},
		{"max range", []string{"workerPlanSku", "P1v3", "workerMaxInstances", "31"}, "workerMaxInstances", "31 is out of range 1-30"},
		{"not a boolean", []string{"workerZoneRedundant", "yes"}, "workerZoneRedundant", `"yes" is not a boolean`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, with(valid(), tc.kv...))
			if !strings.Contains(got[FullName(tc.key)], tc.rule) {
				t.Errorf("%s: got %q, want %q (all: %v)", tc.key, got[FullName(tc.key)], tc.rule, got)
			}
		})
	}

	for name, kv := range map[string][]string{
		"zone redundant with exactly 2 instances on P1v3": {"workerPlanSku", "P1v3", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2"},
		"zone redundant on the smallest Premium v3":       {"workerPlanSku", "P0v3", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "30"},
		"autoscale on Standard up to its 10 instances":    {"workerPlanSku", "S1", "workerMinInstances", "1", "workerMaxInstances", "10"},
		"Basic with exactly 3 instances":                  {"workerPlanSku", "B3", "workerMinInstances", "3", "workerMaxInstances", "3"},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := Parse("shop", "dev", with(valid(), kv...))
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if want := kv[len(kv)-1] != kv[len(kv)-3]; c.Worker.Autoscale() != want {
				t.Errorf("Autoscale() = %v, want %v (%+v)", c.Worker.Autoscale(), want, c.Worker)
			}
		})
	}
}

// TestBudgetStart: an unset budgetStartMonth is the month of now in UTC (a
// budget created then starts on its first); a set one wins.
func TestBudgetStart(t *testing.T) {
	newYear := time.Date(2027, time.January, 1, 0, 30, 0, 0, time.FixedZone("UTC+1", 60*60)) // 2026-12-31 23:30 UTC
	for _, c := range []struct {
		cost CostAssumptions
		now  time.Time
		want string
	}{
		{CostAssumptions{}, newYear, "2026-12"},
		{CostAssumptions{}, time.Date(2027, time.February, 28, 12, 0, 0, 0, time.UTC), "2027-02"},
		{CostAssumptions{BudgetStartMonth: "2027-05"}, newYear, "2027-05"},
	} {
		if got := c.cost.BudgetStart(c.now); got != c.want {
			t.Errorf("BudgetStart(%v) of %+v = %q, want %q", c.now, c.cost, got, c.want)
		}
	}
}
