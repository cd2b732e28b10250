package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// keyRule is one key's own rule, written out here as literals: a test that
// read the bounds from Keys could not notice a wrong bound.
type keyRule struct {
	Range    *Range
	Allowed  []string
	Format   Format
	Unit     byte
	MinItems int
}

var wantRules = map[string]keyRule{
	"environment":                    {Allowed: []string{"dev", "test", "prod"}},
	"location":                       {Format: FormatRegion},
	"nameSuffix":                     {Format: FormatSuffix},
	"owner":                          {Format: FormatTagValue},
	"costCenter":                     {Format: FormatTagValue},
	"protectData":                    {},
	"lockResourceGroup":              {},
	"privateNetworking":              {},
	"vnetAddressSpace":               {Format: FormatCIDR, Range: &Range{16, 22}},
	"secondaryVnetAddressSpace":      {Format: FormatCIDR, Range: &Range{16, 22}},
	"privateDnsZoneIds":              {Format: FormatDNSZoneIDs},
	"privateDnsZoneGroups":           {},
	"logRetentionDays":               {Range: &Range{30, 730}},
	"keyVaultSoftDeleteDays":         {Range: &Range{7, 90}},
	"alertEmails":                    {Format: FormatEmailList},
	"alertWebhookUrl":                {Format: FormatHTTPSURL},
	"alertResponseTimeSeconds":       {Range: &Range{1, 60}},
	"alertHttp5xxCount":              {Range: &Range{1, 1000}},
	"alertPoolOnlineMinutes":         {Range: &Range{10, 720}},
	"appInsightsLocalAuth":           {},
	"sqlDefender":                    {},
	"availabilityTests":              {},
	"keyVaultPurgeProtection":        {},
	"emailApiKey":                    {},
	"storageSku":                     {Allowed: []string{"Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"}},
	"blobSoftDeleteDays":             {Range: &Range{1, 365}},
	"containerSoftDeleteDays":        {Range: &Range{1, 365}},
	"sqlAdminGroupMembers":           {Format: FormatGUIDList, MinItems: 1},
	"sqlSkuName":                     {Format: FormatSQLSku},
	"sqlMaxSizeGb":                   {Range: &Range{1, 4096}},
	"sqlAutoPauseDelayMinutes":       {Format: FormatPauseDelay, Range: &Range{15, 10080}},
	"sqlZoneRedundant":               {},
	"sqlBackupRedundancy":            {Allowed: []string{"Local", "Zone", "Geo", "GeoZone"}},
	"sqlBackupRetentionDays":         {Range: &Range{1, 35}},
	"sqlLtrWeekly":                   {Format: FormatDuration, Unit: 'W', Range: &Range{1, 520}},
	"sqlLtrMonthly":                  {Format: FormatDuration, Unit: 'M', Range: &Range{1, 120}},
	"sqlLtrYearly":                   {Format: FormatDuration, Unit: 'Y', Range: &Range{1, 10}},
	"workerPlanSku":                  {Format: FormatPlanSKU, Allowed: []string{"B1", "B2", "B3", "S1", "S2", "S3", "P0v3", "P1v3", "P2v3", "P3v3"}},
	"workerZoneRedundant":            {},
	"workerMinInstances":             {Range: &Range{1, 30}},
	"workerMaxInstances":             {Range: &Range{1, 30}},
	"queueMaxDequeueCount":           {Range: &Range{1, 100}},
	"customerSignInAudience":         {Allowed: []string{"AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"}},
	"customerTenantId":               {Format: FormatGUID},
	"backofficeAdminGroups":          {Format: FormatGUIDList},
	"backofficeCatalogManagerGroups": {Format: FormatGUIDList},
	"backofficeOrderManagerGroups":   {Format: FormatGUIDList},
	"appPlanSku":                     {Format: FormatPlanSKU, Allowed: []string{"B1", "B2", "B3", "S1", "S2", "S3", "P0v3", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3", "P3mv3"}},
	"appPlanZoneRedundant":           {},
	"appMinInstances":                {Range: &Range{1, 30}},
	"appMaxInstances":                {Range: &Range{1, 30}},
	"appStagingSlots":                {},
	"appHealthCheckPath":             {Format: FormatURLPath},
	"frontDoor":                      {},
	"frontDoorSku":                   {Allowed: []string{"Standard_AzureFrontDoor", "Premium_AzureFrontDoor"}},
	"wafMode":                        {Allowed: []string{"Prevention", "Detection"}},
	"portalCustomDomain":             {Format: FormatHostname},
	"backofficeCustomDomain":         {Format: FormatHostname},
	"backofficeAllowedIpRanges":      {Format: FormatCIDRList},
	"wafSignInRateLimit":             {Range: &Range{10, 10000}},
	"wafCheckoutRateLimit":           {Range: &Range{10, 10000}},
	"warehouseGeoBackup":             {},
	"warehouseSku":                   {Allowed: []string{"DW100c", "DW200c", "DW300c", "DW400c", "DW500c", "DW1000c", "DW1500c", "DW2000c", "DW2500c", "DW3000c", "DW5000c", "DW6000c", "DW7500c", "DW10000c", "DW15000c", "DW30000c"}},
	"etlFrequency":                   {Allowed: []string{"Hour", "Day", "Week"}},
	"etlInterval":                    {Range: &Range{1, 31}},
	"etlHour":                        {Range: &Range{0, 23}},
	"etlMinute":                      {Range: &Range{0, 59}},
	"etlTimeZone":                    {Allowed: []string{"UTC"}},
	"costSqlActiveHoursPerDay":       {Range: &Range{0, 24}},
	"costLogIngestMbPerDay":          {Range: &Range{0, 1048576}},
	"costEtlLoadMinutesPerRun":       {Range: &Range{0, 1440}},
	"costStorageGb":                  {Range: &Range{0, 1048576}},
	"costWarehouseStorageGb":         {Range: &Range{0, 245760}},
	"costSqlDataGb":                  {Range: &Range{0, 4096}},
	"costEtlCopyMinutes":             {Range: &Range{1, 1440}},
	"monthlyBudget":                  {Range: &Range{0, 1000000}},
	"budgetStartMonth":               {Format: FormatMonth},
	"workerSharesAppPlan":            {},
	"disasterRecovery":               {},
	"secondaryLocation":              {Format: FormatRegion},
	"analyticsLocation":              {Format: FormatRegion},
	"warehouseRestoreFrom":           {Format: FormatRegion},
	"standbyAppMinInstances":         {Range: &Range{1, 30}},
	"standbyWorkerMinInstances":      {Range: &Range{1, 30}},
	"rpoMinutes":                     {Range: &Range{0, 10080}},
	"rtoMinutes":                     {Range: &Range{0, 10080}},
}

// TestKeyRulesArePinned: the bounds and value lists a user reads in the
// README are the ones the program enforces; a key added to Keys without a row
// here fails, so its rule is generated into the tests below.
func TestKeyRulesArePinned(t *testing.T) {
	if len(wantRules) != len(Keys) {
		t.Errorf("wantRules has %d keys, Keys %d: give every key a row", len(wantRules), len(Keys))
	}
	for _, k := range Keys {
		want, ok := wantRules[k.Name]
		if !ok {
			t.Errorf("%s has no row in wantRules", k.Name)
			continue
		}
		got := keyRule{Range: k.Range, Allowed: k.Allowed, Format: k.Format, Unit: k.Unit, MinItems: k.MinItems}
		if show(got) != show(want) {
			t.Errorf("%s: rule = %s, want %s", k.Name, show(got), show(want))
		}
	}
}

func show(r keyRule) string {
	rng := "none"
	if r.Range != nil {
		rng = fmt.Sprintf("%d-%d", r.Range.Min, r.Range.Max)
	}
	return fmt.Sprintf("range %s, allowed %q, format %q, unit %q, min items %d", rng, r.Allowed, r.Format, r.Unit, r.MinItems)
}

// TestKeyDescriptionsStateTheEnforcedRange: Pulumi.yaml and the README show
// the Description, so an integer key's documented range is the enforced one.
func TestKeyDescriptionsStateTheEnforcedRange(t *testing.T) {
	for _, k := range Keys {
		if k.Type != "integer" {
			continue
		}
		r := wantRules[k.Name].Range
		if r == nil {
			t.Errorf("%s: integer key without a range", k.Name)
			continue
		}
		if want := fmt.Sprintf("%d-%d", r.Min, r.Max); !strings.Contains(k.Description, want) {
			t.Errorf("%s: description %q does not state the range %s", k.Name, k.Description, want)
		}
	}
}

// ruleCase is one generated case: values set on top of valid() (or
// validProd()), and either the exact problems key gets, or (want == nil)
// acceptance with the value carried into Config.
type ruleCase struct {
	name   string
	key    string
	value  string
	secret bool
	unset  bool     // remove the key instead of setting it
	ctx    []string // other keys a passing value needs, key/value pairs
	want   []string // the rules reported for key, in order; nil: accepted
	carry  string   // accepted: what getters[key] returns; "" means value
}

const (
	guidA = "2b6f0c1e-4d8a-4f3b-9e27-5c1d8a0f6b34"
	guidB = "9c0e7a52-13f4-4e8b-a1d6-07b3c5e9f812"
)

// passContext holds, per key, the other settings its accepted values need
// so that no cross-key rule fires (e.g. 30 instances need a non-Basic plan).
var passContext = map[string][]string{
	"environment":          {"frontDoor", "true", "frontDoorSku", "Premium_AzureFrontDoor", "protectData", "true", "lockResourceGroup", "true", "privateNetworking", "true", "keyVaultPurgeProtection", "true", "storageSku", "Standard_GZRS", "sqlBackupRedundancy", "GeoZone", "sqlLtrWeekly", "P4W", "warehouseGeoBackup", "true", "workerPlanSku", "P1v3", "workerZoneRedundant", "true", "workerMinInstances", "2", "workerMaxInstances", "2", "alertEmails", `["ops@example.com"]`, "sqlDefender", "true", "monthlyBudget", "5000", "rpoMinutes", "15", "rtoMinutes", "60"},
	"workerMinInstances":   {"workerPlanSku", "P1v3", "workerMaxInstances", "30"},
	"workerMaxInstances":   {"workerPlanSku", "P1v3"},
	"workerZoneRedundant":  {"workerPlanSku", "P1v3", "workerMinInstances", "2", "workerMaxInstances", "2"},
	"appMinInstances":      {"appPlanSku", "P1v3", "appMaxInstances", "30"},
	"appMaxInstances":      {"appPlanSku", "P1v3"},
	"appPlanZoneRedundant": {"appPlanSku", "P1v3", "appMinInstances", "2", "appMaxInstances", "2"},
	"appStagingSlots":      {"appPlanSku", "S1"},
	"disasterRecovery":     {"secondaryLocation", "northeurope", "storageSku", "Standard_RAGZRS", "sqlAutoPauseDelayMinutes", "-1", "frontDoor", "true"},
	// swedencentral, the generated accepted region, is swedensouth's pair.
	"secondaryLocation":         {"location", "swedensouth", "disasterRecovery", "true", "storageSku", "Standard_RAGZRS", "sqlAutoPauseDelayMinutes", "-1", "frontDoor", "true"},
	"analyticsLocation":         {"location", "swedencentral"},
	"warehouseRestoreFrom":      {"location", "swedensouth", "disasterRecovery", "true", "secondaryLocation", "swedencentral", "storageSku", "Standard_RAGZRS", "sqlAutoPauseDelayMinutes", "-1", "frontDoor", "true", "warehouseGeoBackup", "true"},
	"customerTenantId":          {"customerSignInAudience", "AzureADMyOrg"},
	"privateDnsZoneIds":         {"privateNetworking", "true"},
	"privateDnsZoneGroups":      {"privateNetworking", "true"},
	"portalCustomDomain":        {"frontDoor", "true"},
	"backofficeCustomDomain":    {"frontDoor", "true"},
	"backofficeAllowedIpRanges": {"frontDoor", "true"},
}

// getters read each key's value back out of Config, as text.
var getters = map[string]func(c *Config) any{
	"environment":               func(c *Config) any { return c.Environment },
	"location":                  func(c *Config) any { return c.Location },
	"nameSuffix":                func(c *Config) any { return c.Names.Suffix() },
	"owner":                     func(c *Config) any { return c.Owner },
	"costCenter":                func(c *Config) any { return c.CostCenter },
	"protectData":               func(c *Config) any { return c.ProtectData },
	"lockResourceGroup":         func(c *Config) any { return c.LockResourceGroup },
	"privateNetworking":         func(c *Config) any { return c.Network.Private },
	"vnetAddressSpace":          func(c *Config) any { return c.Network.AddressSpace },
	"secondaryVnetAddressSpace": func(c *Config) any { return c.Network.SecondaryAddressSpace },
	"privateDnsZoneIds": func(c *Config) any {
		var ids []string
		for _, g := range PrivateDNSGroups {
			if id, ok := c.Network.DNSZoneIDs[g]; ok {
				ids = append(ids, id)
			}
		}
		return jsonOf(ids)
	},
	"privateDnsZoneGroups":           func(c *Config) any { return c.Network.ZoneGroups },
	"logRetentionDays":               func(c *Config) any { return c.Monitoring.LogRetentionDays },
	"keyVaultSoftDeleteDays":         func(c *Config) any { return c.KeyVault.SoftDeleteDays },
	"alertEmails":                    func(c *Config) any { return jsonOf(c.Alerts.Emails) },
	"alertWebhookUrl":                func(c *Config) any { return c.Alerts.Webhook.value },
	"alertResponseTimeSeconds":       func(c *Config) any { return c.Alerts.Tuning.ResponseTimeSeconds },
	"alertHttp5xxCount":              func(c *Config) any { return c.Alerts.Tuning.HTTP5xxCount },
	"alertPoolOnlineMinutes":         func(c *Config) any { return c.Alerts.Tuning.PoolOnlineMinutes },
	"appInsightsLocalAuth":           func(c *Config) any { return c.Monitoring.AppInsightsLocalAuth },
	"sqlDefender":                    func(c *Config) any { return c.SQL.Defender },
	"availabilityTests":              func(c *Config) any { return c.Alerts.AvailabilityTests },
	"keyVaultPurgeProtection":        func(c *Config) any { return c.KeyVault.PurgeProtection },
	"emailApiKey":                    func(c *Config) any { return c.EmailAPIKey.value },
	"storageSku":                     func(c *Config) any { return c.Storage.SKU },
	"blobSoftDeleteDays":             func(c *Config) any { return c.Storage.BlobSoftDeleteDays },
	"containerSoftDeleteDays":        func(c *Config) any { return c.Storage.ContainerSoftDeleteDays },
	"sqlAdminGroupMembers":           func(c *Config) any { return jsonOf(c.SQL.AdminGroupMembers) },
	"sqlSkuName":                     func(c *Config) any { return c.SQL.SKU.Name },
	"sqlMaxSizeGb":                   func(c *Config) any { return c.SQL.MaxSizeGB },
	"sqlAutoPauseDelayMinutes":       func(c *Config) any { return c.SQL.AutoPauseDelayMinutes },
	"sqlZoneRedundant":               func(c *Config) any { return c.SQL.ZoneRedundant },
	"sqlBackupRedundancy":            func(c *Config) any { return c.SQL.BackupRedundancy },
	"sqlBackupRetentionDays":         func(c *Config) any { return c.SQL.BackupRetentionDays },
	"sqlLtrWeekly":                   func(c *Config) any { return c.SQL.LongTermRetention.Weekly },
	"sqlLtrMonthly":                  func(c *Config) any { return c.SQL.LongTermRetention.Monthly },
	"sqlLtrYearly":                   func(c *Config) any { return c.SQL.LongTermRetention.Yearly },
	"workerPlanSku":                  func(c *Config) any { return c.Worker.PlanSKU },
	"workerZoneRedundant":            func(c *Config) any { return c.Worker.ZoneRedundant },
	"workerMinInstances":             func(c *Config) any { return c.Worker.MinInstances },
	"workerMaxInstances":             func(c *Config) any { return c.Worker.MaxInstances },
	"queueMaxDequeueCount":           func(c *Config) any { return c.Worker.MaxDequeueCount },
	"customerSignInAudience":         func(c *Config) any { return c.Auth.CustomerSignInAudience },
	"customerTenantId":               func(c *Config) any { return c.Auth.CustomerTenantID },
	"backofficeAdminGroups":          func(c *Config) any { return jsonOf(c.Auth.BackofficeRoleGroups["Admin"]) },
	"backofficeCatalogManagerGroups": func(c *Config) any { return jsonOf(c.Auth.BackofficeRoleGroups["CatalogManager"]) },
	"backofficeOrderManagerGroups":   func(c *Config) any { return jsonOf(c.Auth.BackofficeRoleGroups["OrderManager"]) },
	"appPlanSku":                     func(c *Config) any { return c.Apps.PlanSKU },
	"appPlanZoneRedundant":           func(c *Config) any { return c.Apps.ZoneRedundant },
	"appMinInstances":                func(c *Config) any { return c.Apps.MinInstances },
	"appMaxInstances":                func(c *Config) any { return c.Apps.MaxInstances },
	"appStagingSlots":                func(c *Config) any { return c.Apps.StagingSlots },
	"appHealthCheckPath":             func(c *Config) any { return c.Apps.HealthCheckPath },
	"frontDoor":                      func(c *Config) any { return c.Edge.Enabled },
	"frontDoorSku":                   func(c *Config) any { return c.Edge.SKU },
	"wafMode":                        func(c *Config) any { return c.Edge.WAFMode },
	"portalCustomDomain":             func(c *Config) any { return c.Edge.PortalDomain },
	"backofficeCustomDomain":         func(c *Config) any { return c.Edge.BackofficeDomain },
	"backofficeAllowedIpRanges":      func(c *Config) any { return jsonOf(c.Edge.BackofficeAllowedRanges) },
	"wafSignInRateLimit":             func(c *Config) any { return c.Edge.SignInRateLimit },
	"wafCheckoutRateLimit":           func(c *Config) any { return c.Edge.CheckoutRateLimit },
	"warehouseSku":                   func(c *Config) any { return c.Analytics.WarehouseSKU },
	"warehouseGeoBackup":             func(c *Config) any { return c.Analytics.GeoBackup },
	"etlFrequency":                   func(c *Config) any { return c.Analytics.Schedule.Frequency },
	"etlInterval":                    func(c *Config) any { return c.Analytics.Schedule.Interval },
	"etlHour":                        func(c *Config) any { return c.Analytics.Schedule.Hour },
	"etlMinute":                      func(c *Config) any { return c.Analytics.Schedule.Minute },
	"etlTimeZone":                    func(c *Config) any { return c.Analytics.Schedule.TimeZone },
	"costSqlActiveHoursPerDay":       func(c *Config) any { return c.Cost.SQLActiveHoursPerDay },
	"costLogIngestMbPerDay":          func(c *Config) any { return c.Cost.LogIngestMBPerDay },
	"costEtlLoadMinutesPerRun":       func(c *Config) any { return c.Cost.ETLLoadMinutesPerRun },
	"costStorageGb":                  func(c *Config) any { return c.Cost.StorageGB },
	"costWarehouseStorageGb":         func(c *Config) any { return c.Cost.WarehouseStorageGB },
	"costSqlDataGb":                  func(c *Config) any { return c.Cost.SQLDataGB },
	"costEtlCopyMinutes":             func(c *Config) any { return c.Cost.ETLCopyMinutes },
	"monthlyBudget":                  func(c *Config) any { return c.Cost.MonthlyBudget },
	"budgetStartMonth":               func(c *Config) any { return c.Cost.BudgetStartMonth },
	"workerSharesAppPlan":            func(c *Config) any { return c.Worker.SharesAppPlan },
	"disasterRecovery":               func(c *Config) any { return c.DisasterRecovery.Enabled },
	"secondaryLocation":              func(c *Config) any { return c.DisasterRecovery.SecondaryLocation },
	"analyticsLocation":              func(c *Config) any { return c.Analytics.Location },
	"warehouseRestoreFrom":           func(c *Config) any { return c.Analytics.RestoreFrom },
	"standbyAppMinInstances":         func(c *Config) any { return c.DisasterRecovery.AppMinInstances },
	"standbyWorkerMinInstances":      func(c *Config) any { return c.DisasterRecovery.WorkerMinInstances },
	"rpoMinutes":                     func(c *Config) any { return c.Targets.RPOMinutes },
	"rtoMinutes":                     func(c *Config) any { return c.Targets.RTOMinutes },
}

func jsonOf(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// ruleCases generates, from wantRules and each key's type, the values just
// outside every bound (refused with the exact message) and the bounds
// themselves (accepted). A key whose rule it cannot generate is an error.
func ruleCases(t *testing.T) []ruleCase {
	var cases []ruleCase
	for _, k := range Keys {
		r := wantRules[k.Name]
		add := func(name, value string, want ...string) {
			cases = append(cases, ruleCase{name: k.Name + "/" + name, key: k.Name, value: value, ctx: passContext[k.Name], want: want})
		}
		pass := func(name, value, carry string) {
			cases = append(cases, ruleCase{name: k.Name + "/" + name, key: k.Name, value: value, ctx: passContext[k.Name], carry: carry})
		}
		if k.Required {
			cases = append(cases,
				ruleCase{name: k.Name + "/missing", key: k.Name, unset: true, want: []string{"is required (" + k.Description + ")"}},
				ruleCase{name: k.Name + "/blank", key: k.Name, value: "  ", want: []string{"is required (" + k.Description + ")"}})
		}
		if k.Secret {
			// A value the key's format accepts, so that only the
			// secret rule can refuse it.
			sample := "sk-1"
			if r.Format == FormatHTTPSURL {
				sample = "https://hooks.example.com/services/T1"
			}
			add("plain text", sample, "must be set as a secret (pulumi config set --secret ecommerce:"+k.Name+" ...), it is stored in plain text")
			cases = append(cases, ruleCase{name: k.Name + "/secret", key: k.Name, value: sample, secret: true})
		}
		switch {
		case k.Type == "boolean":
			add("not a boolean", "yes", `"yes" is not a boolean (true or false)`)
			pass("true", "true", "")
			pass("false", "false", "")
		case k.Type == "integer" && r.Format == "" && r.Range != nil:
			lo, hi := r.Range.Min, r.Range.Max
			add("below min", strconv.Itoa(lo-1), fmt.Sprintf("%d is out of range %d-%d", lo-1, lo, hi))
			add("above max", strconv.Itoa(hi+1), fmt.Sprintf("%d is out of range %d-%d", hi+1, lo, hi))
			add("not an integer", "1.5", `"1.5" is not an integer`)
			pass("min", strconv.Itoa(lo), "")
			pass("max", strconv.Itoa(hi), "")
		case r.Format == FormatPauseDelay:
			lo, hi := r.Range.Min, r.Range.Max
			for _, n := range []int{lo - 1, hi + 1, -2, 0} {
				add(fmt.Sprint(n), strconv.Itoa(n), fmt.Sprintf("%d is out of range: -1 (never pause) or %d-%d minutes", n, lo, hi))
			}
			add("not an integer", "soon", `"soon" is not an integer`)
			pass("never", "-1", "")
			pass("min", strconv.Itoa(lo), "")
			pass("max", strconv.Itoa(hi), "")
		case r.Format == "" && r.Allowed != nil:
			add("not allowed", "nope", `"nope" is not one of `+strings.Join(r.Allowed, ", "))
			add("wrong case", strings.ToLower(r.Allowed[0])+"x", fmt.Sprintf("%q is not one of %s", strings.ToLower(r.Allowed[0])+"x", strings.Join(r.Allowed, ", ")))
			for _, v := range r.Allowed {
				pass(v, v, "")
			}
		case r.Format == FormatPlanSKU:
			list := strings.Join(r.Allowed, ", ")
			for _, v := range []string{"Y1", "EP1", "EP3"} {
				add(v, v, fmt.Sprintf("%q is a Consumption/Elastic Premium plan, which needs a storage key for its content share; use a dedicated plan (%s)", v, list))
			}
			add("not allowed", "P4v3", `"P4v3" is not one of `+list)
			add("free", "F1", `"F1" is not one of `+list)
			for _, v := range r.Allowed {
				pass(v, v, "")
			}
		case r.Format == FormatCIDR:
			lo, hi := r.Range.Min, r.Range.Max
			add("prefix below min", fmt.Sprintf("10.40.0.0/%d", lo-1), fmt.Sprintf("prefix /%d is out of range /%d-/%d", lo-1, lo, hi))
			add("prefix above max", fmt.Sprintf("10.40.0.0/%d", hi+1), fmt.Sprintf("prefix /%d is out of range /%d-/%d", hi+1, lo, hi))
			add("host address", "10.40.0.1/16", `"10.40.0.1/16" is not a network address (did you mean 10.40.0.0/16?)`)
			add("public", "8.8.0.0/16", `"8.8.0.0/16" is not in a private (RFC 1918) range`)
			add("ipv6", "fd00::/16", `"fd00::/16" is not an IPv4 CIDR such as 10.40.0.0/16`)
			add("no prefix", "10.40.0.0", `"10.40.0.0" is not an IPv4 CIDR such as 10.40.0.0/16`)
			pass("min prefix", fmt.Sprintf("10.40.0.0/%d", lo), "")
			pass("max prefix", fmt.Sprintf("10.40.0.0/%d", hi), "")
			pass("other private range", "192.168.0.0/16", "")
		case r.Format == FormatDuration:
			u, lo, hi := string(r.Unit), r.Range.Min, r.Range.Max
			other := map[string]string{"W": "M", "M": "Y", "Y": "W"}[u]
			add("below min", fmt.Sprintf("P%d%s", lo-1, u), fmt.Sprintf(`"P%d%s" is out of range P%d%s-P%d%s`, lo-1, u, lo, u, hi, u))
			add("above max", fmt.Sprintf("P%d%s", hi+1, u), fmt.Sprintf(`"P%d%s" is out of range P%d%s-P%d%s`, hi+1, u, lo, u, hi, u))
			add("other unit", "P4"+other, fmt.Sprintf(`"P4%s" is not an ISO 8601 duration in %s units, e.g. P1%s`, other, u, u))
			add("words", "4 weeks", fmt.Sprintf(`"4 weeks" is not an ISO 8601 duration in %s units, e.g. P1%s`, u, u))
			pass("min", fmt.Sprintf("P%d%s", lo, u), "")
			pass("max", fmt.Sprintf("P%d%s", hi, u), "")
			pass("none", "", "")
		case r.Format == FormatGUIDList:
			add("bad item", `["`+guidA+`","x-1"]`, `item 1 ("x-1") is not a GUID`)
			add("not a list", guidA, fmt.Sprintf("must be a list of object ids (GUIDs), got %q", guidA))
			if r.MinItems > 0 {
				add("too few", `[]`, fmt.Sprintf("must list at least %d object id(s)", r.MinItems))
			} else {
				pass("empty list", `[]`, "")
				pass("unset", "", "null")
			}
			pass("one", `["`+guidA+`"]`, "")
			pass("two", `["`+guidA+`","`+strings.ToUpper(guidB)+`"]`, "")
		case r.Format == FormatGUID:
			add("not a guid", "contoso.onmicrosoft.com", `"contoso.onmicrosoft.com" is not a GUID`)
			add("guid with braces", "{"+guidA+"}", `"{`+guidA+`}" is not a GUID`)
			pass("guid", guidA, "")
			pass("none", "", "")
		case r.Format == FormatSQLSku:
			for v, why := range map[string]string{
				"GP_Gen5_1":   `"GP_Gen5_1": 1 vCores is not offered (allowed: [2 4 6 8 10 12 14 16 18 20 24 32 40 80])`,
				"GP_Gen5_3":   `"GP_Gen5_3": 3 vCores is not offered (allowed: [2 4 6 8 10 12 14 16 18 20 24 32 40 80])`,
				"GP_S_Gen5_3": `"GP_S_Gen5_3": 3 vCores is not offered (allowed: [1 2 4 6 8 10 12 14 16 18 20 24 32 40 80])`,
				"BC_S_Gen5_2": `"BC_S_Gen5_2": serverless is offered in General Purpose only`,
				"GP_Gen4_2":   `"GP_Gen4_2" is not a vCore SKU name (GP_Gen5_N, GP_S_Gen5_N or BC_Gen5_N)`,
				"S0":          `"S0" is not a vCore SKU name (GP_Gen5_N, GP_S_Gen5_N or BC_Gen5_N)`,
			} {
				add(v, v, why)
			}
			for _, v := range []string{"GP_S_Gen5_1", "GP_Gen5_2", "GP_Gen5_80", "BC_Gen5_2", "GP_S_Gen5_80"} {
				pass(v, v, "")
			}
		case r.Format == FormatRegion:
			add("display name", "West Europe", `"West Europe" is not a known Azure region name (lowercase, no spaces, e.g. westeurope); known: `+regionsLiteral)
			pass("swedencentral", "swedencentral", "")
		case r.Format == FormatSuffix:
			add("too short", "ab", `naming: suffix "ab" is invalid: an override suffix must be 3-8 lowercase letters or digits`)
			add("too long", "abcdefghi", `naming: suffix "abcdefghi" is invalid: an override suffix must be 3-8 lowercase letters or digits`)
			pass("shortest", "ab1", "")
			pass("longest", "abcdefg8", "")
			pass("derived", "", "nygygj")
		case r.Format == FormatTagValue:
			add("257 characters", strings.Repeat("x", 257), "must be 1-256 characters (it becomes a tag value)")
			pass("256 characters", strings.Repeat("x", 256), "")
			pass("1 character", "x", "")
		case r.Format == FormatMonth:
			for _, v := range []string{"2026", "2026-13", "2026-00", "2026-1", "2026-12-01", "2017-05"} {
				add(v, v, fmt.Sprintf("%q must be a month YYYY-MM, 2017-06 or later", v))
			}
			pass("Azure's first", "2017-06", "")
			pass("December", "2030-12", "")
			pass("unset: the month of the run that creates the budget", "", "")
		case r.Format == FormatURLPath:
			for _, v := range []string{"healthz", "/health z", "/healthz?full=1", "/healthz#x"} {
				add(v, v, fmt.Sprintf("%q must be a URL path starting with / without spaces, query or fragment", v))
			}
			pass("root", "/", "")
			pass("nested", "/api/health", "")
		case r.Format == FormatHostname:
			for _, v := range []string{"shop", "Shop.Example.com", "*.example.com", "shop..example.com", "-shop.example.com", "shop-.example.com", "shop.example.123", "shop.example.com.", "shop_1.example.com", strings.Repeat("a", 64) + ".example.com"} {
				add(v, v, fmt.Sprintf("%q is not a DNS hostname such as shop.example.com (lowercase letters, digits and inner hyphens in dot-separated labels, no wildcard)", v))
			}
			for _, v := range []string{"shop-a1b2c3.z01.azurefd.net", "app-shop-prod.azurewebsites.net"} {
				add(v, v, fmt.Sprintf("%q is a hostname Azure assigns, not a custom domain", v))
			}
			pass("subdomain", "admin.shop.example.com", "")
			pass("two labels", "example.shop", "")
			pass("63-character label", strings.Repeat("a", 63)+".example.com", "")
			// DNS's 253-character limit on a name, to the character.
			labels := strings.Repeat(strings.Repeat("a", 63)+".", 3)
			pass("253 characters", labels+strings.Repeat("b", 57)+".com", "")
			tooLong := labels + strings.Repeat("b", 58) + ".com"
			add("254 characters", tooLong, fmt.Sprintf("%q is not a DNS hostname such as shop.example.com (lowercase letters, digits and inner hyphens in dot-separated labels, no wildcard)", tooLong))
			pass("none", "", "")
		case r.Format == FormatCIDRList:
			add("not a list", "203.0.113.0/24", `must be a list of IP ranges in CIDR notation such as ["203.0.113.0/24"], got "203.0.113.0/24"`)
			add("no prefix", `["203.0.113.7"]`, `item 0 ("203.0.113.7") is not an IP range in CIDR notation such as 203.0.113.0/24`)
			add("host address", `["198.51.100.0/24","203.0.113.7/24"]`, `item 1 ("203.0.113.7/24") is not a network address (did you mean 203.0.113.0/24?)`)
			add("private", `["10.0.0.0/8"]`, `item 0 ("10.0.0.0/8") is not a public range: Front Door sees the public address a request comes from`)
			add("loopback", `["127.0.0.0/8"]`, `item 0 ("127.0.0.0/8") is not a public range: Front Door sees the public address a request comes from`)
			add("private ipv6", `["fd00::/8"]`, `item 0 ("fd00::/8") is not a public range: Front Door sees the public address a request comes from`)
			pass("empty list", `[]`, "null")
			pass("unset", "", "null")
			pass("ipv4 and ipv6", `["203.0.113.0/24","2001:db8::/32"]`, "")
			pass("one address", `["198.51.100.7/32"]`, "")
		case r.Format == FormatDNSZoneIDs:
			zones := "/subscriptions/" + guidA + "/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/"
			var all []string
			for _, g := range PrivateDNSGroups {
				all = append(all, zones+PrivateDNSZones[g])
			}
			list := func(ids ...string) string { return jsonOf(ids) }
			add("not a list", zones+"privatelink.blob.core.windows.net", `must be a list of private DNS zone resource ids such as ["/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"], got "`+zones+`privatelink.blob.core.windows.net"`)
			add("a zone's name alone", list("privatelink.blob.core.windows.net"), `item 0 ("privatelink.blob.core.windows.net") is not a private DNS zone's resource id (/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>)`)
			add("subscription not a GUID", list(strings.Replace(all[0], guidA, "sub-1", 1)), `item 0 ("`+strings.Replace(all[0], guidA, "sub-1", 1)+`") is not a private DNS zone's resource id (/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>)`)
			add("public DNS zone", list(strings.Replace(all[0], "privateDnsZones", "dnsZones", 1)), `item 0 ("`+strings.Replace(all[0], "privateDnsZones", "dnsZones", 1)+`") is not a private DNS zone's resource id (/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>)`)
			next := fmt.Sprintf("item %d (", len(all)) // the first item past the needed ones
			add("a zone not needed", list(append(slices.Clone(all), zones+"privatelink.file.core.windows.net")...), next+`"`+zones+`privatelink.file.core.windows.net"): privatelink.file.core.windows.net is not a zone the program needs (`+strings.Join(zoneNames(), ", ")+`)`)
			add("a zone twice", list(append(slices.Clone(all), all[1])...), next+`"`+all[1]+`"): zone privatelink.queue.core.windows.net is listed twice`)
			add("a zone missing", list(all[:len(all)-1]...), "lacks privatelink.azurewebsites.net: each private endpoint registers in its group's zone, and with privateDnsZoneIds the program creates none")
			pass("every zone", list(all...), "")
			pass("upper-case segments", list(append([]string{strings.ToUpper(all[0][:len(all[0])-len("privatelink.blob.core.windows.net")]) + "privatelink.blob.core.windows.net"}, all[1:]...)...), "")
			pass("empty list", `[]`, "null")
			pass("unset", "", "null")
		case r.Format == FormatEmailList:
			add("bad item", `["ops@example.com","ops"]`, `item 1 ("ops") is not an e-mail address (a plain address such as ops@example.com)`)
			add("display name", `["Ops <ops@example.com>"]`, `item 0 ("Ops <ops@example.com>") is not an e-mail address (a plain address such as ops@example.com)`)
			add("undotted domain", `["ops@localhost"]`, `item 0 ("ops@localhost") is not an e-mail address (a plain address such as ops@example.com)`)
			add("twice", `["ops@example.com","ops@example.com"]`, `item 1 ("ops@example.com") is listed twice`)
			add("not a list", "ops@example.com", `must be a list of e-mail addresses, got "ops@example.com"`)
			pass("empty list", `[]`, "")
			pass("unset", "", "null")
			pass("two", `["ops@example.com","on-call@shop.example.org"]`, "")
		case r.Format == FormatHTTPSURL:
			const refused = "must be an https URL with a host (https://host/path); the value is not shown, it is a secret"
			for _, v := range []string{"http://hooks.example.com/x", "hooks.example.com/x", "https:///x"} {
				cases = append(cases, ruleCase{name: k.Name + "/" + v, key: k.Name, value: v, secret: true, want: []string{refused}})
			}
			cases = append(cases, ruleCase{name: k.Name + "/none", key: k.Name, value: "", secret: true})
		case k.Secret:
		default:
			t.Errorf("%s: no cases generated for type %s, rule %+v: teach ruleCases this rule", k.Name, k.Type, r)
		}
	}
	return cases
}

// regionsLiteral is the region list the location message names.
const regionsLiteral = "australiacentral, australiaeast, australiasoutheast, brazilsouth, brazilsoutheast, canadacentral, canadaeast, centralindia, centralus, eastasia, eastus, eastus2, francecentral, francesouth, germanynorth, germanywestcentral, israelcentral, italynorth, japaneast, japanwest, koreacentral, koreasouth, mexicocentral, newzealandnorth, northcentralus, northeurope, norwayeast, norwaywest, polandcentral, qatarcentral, southafricanorth, southafricawest, southcentralus, southeastasia, southindia, spaincentral, swedencentral, swedensouth, switzerlandnorth, switzerlandwest, uaecentral, uaenorth, uksouth, ukwest, westcentralus, westeurope, westindia, westus, westus2, westus3"

func (rc ruleCase) values() map[string]Value {
	v := with(valid(), rc.ctx...)
	if rc.unset {
		delete(v, rc.key)
	} else {
		v[rc.key] = Value{Raw: rc.value, Secret: rc.secret}
	}
	return v
}

// TestEveryKeyRuleAtItsBounds is what a user editing a stack file relies
// on: a value just outside any documented bound is refused with the key and
// the rule named, and the bound itself is accepted and used as written.
func TestEveryKeyRuleAtItsBounds(t *testing.T) {
	refused := map[string]bool{}
	for _, rc := range ruleCases(t) {
		t.Run(rc.name, func(t *testing.T) {
			c, err := Parse("shop", "dev", rc.values())
			if rc.want != nil {
				refused[rc.key] = true
				got := rulesFor(t, err, FullName(rc.key))
				if !slices.Equal(got, rc.want) {
					t.Errorf("%s = %q:\n got  %q\n want %q", rc.key, rc.value, got, rc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s = %q refused: %v", rc.key, rc.value, err)
			}
			get, ok := getters[rc.key]
			if !ok {
				t.Fatalf("no getter for %s: add one", rc.key)
			}
			want := rc.carry
			if want == "" {
				want = strings.TrimSpace(rc.value)
			}
			if got := fmt.Sprint(get(c)); got != want {
				t.Errorf("%s = %q carried into Config as %q, want %q", rc.key, rc.value, got, want)
			}
		})
	}
	for _, k := range Keys {
		if !refused[k.Name] {
			t.Errorf("%s: no generated case refuses a value", k.Name)
		}
	}
}

// rulesFor returns the rules reported for one namespaced key, in order.
func rulesFor(t *testing.T, err error, key string) []string {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want %s refused", key)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error is %T, want *Error", err)
	}
	var got []string
	for _, p := range e.Problems {
		if p.Key == key {
			got = append(got, p.Rule)
		}
	}
	return got
}

// wantProd is what prod demands of each key, written out as literals (a
// test reading Keys could not notice a wrong demand): the accepted values,
// or a bound, and what the rule protects.
var wantProd = map[string]Demand{
	"protectData":             {OneOf: []string{"true"}, Why: "stateful resources must be protected from deletion"},
	"lockResourceGroup":       {OneOf: []string{"true"}, Why: "the resource group carries a delete lock"},
	"privateNetworking":       {OneOf: []string{"true"}, Why: "PaaS endpoints are private"},
	"keyVaultPurgeProtection": {OneOf: []string{"true"}, Why: "a deleted vault must not be purgeable"},
	"alertEmails":             {Set: true, Why: "alerts must reach someone"},
	"appInsightsLocalAuth":    {OneOf: []string{"false"}, Why: "telemetry is sent with managed identities, not the connection string's key"},
	"availabilityTests":       {OneOf: []string{"true"}, Why: "the portals are probed from outside"},
	"sqlDefender":             {OneOf: []string{"true"}, Why: "Microsoft Defender for SQL watches both SQL servers"},
	"storageSku":              {OneOf: []string{"Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"}, Why: "the data must survive a regional outage"},
	"blobSoftDeleteDays":      {AtLeast: 7, Why: "a deleted blob stays recoverable for a week"},
	"containerSoftDeleteDays": {AtLeast: 7, Why: "a deleted container stays recoverable for a week"},
	"sqlBackupRedundancy":     {OneOf: []string{"Geo", "GeoZone"}, Why: "backups must survive a regional outage"},
	"sqlBackupRetentionDays":  {AtLeast: 7, Why: "a week of point-in-time restore"},
	"workerZoneRedundant":     {OneOf: []string{"true"}, Why: "the queue worker's instances are spread over availability zones"},
	"workerMinInstances":      {AtLeast: 2, Why: "one instance is a single point of failure for every queue"},
	"workerSharesAppPlan":     {OneOf: []string{"false"}, Why: "the worker runs on a plan of its own, zone-redundant and scaled on its queues"},
	"frontDoor":               {OneOf: []string{"true"}, Why: "the portals sit behind Front Door's web application firewall"},
	"frontDoorSku":            {OneOf: []string{"Premium_AzureFrontDoor"}, Why: "only Premium runs the managed WAF rule sets"},
	"wafMode":                 {OneOf: []string{"Prevention"}, Why: "Detection logs attacks without blocking them"},
	"warehouseGeoBackup":      {OneOf: []string{"true"}, Why: "the warehouse must survive a regional outage"},
	"monthlyBudget":           {Set: true, Why: "the stack's budget in USD a month, above the plan's cost estimate"},
	"rpoMinutes":              {Set: true, Why: "prod states how much data a regional outage may lose"},
	"rtoMinutes":              {Set: true, Why: "prod states how long a regional outage may take the shop offline"},
}

// TestProdDemands: every prod rule on one key is declared in the key
// table as wantProd pins it, and is generated into cases on an otherwise
// valid prod config: each value just short of the demand is refused with
// the key, the demand and its reason, the demanded values are accepted, and
// a test stack (environment: test) is not held to any of them.
func TestProdDemands(t *testing.T) {
	const inProdLiteral = "in prod (environment: prod)"
	declared := 0
	for _, k := range Keys {
		want, pinned := wantProd[k.Name]
		if k.Prod == nil {
			assert(t, !pinned, "%s: wantProd has a demand, the key table none", k.Name)
			continue
		}
		declared++
		if !pinned || fmt.Sprintf("%+v", *k.Prod) != fmt.Sprintf("%+v", want) {
			t.Errorf("%s: Prod = %+v, want %+v", k.Name, *k.Prod, want)
			continue
		}
		type probe struct{ value, rule string }
		var refused []probe
		var accepted []string
		switch {
		case want.OneOf != nil:
			options := k.Allowed
			if k.Type == "boolean" {
				options = []string{"true", "false"}
			}
			for _, v := range options {
				switch {
				case slices.Contains(want.OneOf, v):
					accepted = append(accepted, v)
				case k.Type == "boolean":
					refused = append(refused, probe{v, "must be " + want.OneOf[0] + " " + inProdLiteral + ": " + want.Why})
				default:
					refused = append(refused, probe{v, "must be " + orListLiteral(want.OneOf) + " " + inProdLiteral + ", not " + v + ": " + want.Why})
				}
			}
		case want.AtLeast != 0:
			refused = append(refused, probe{strconv.Itoa(want.AtLeast - 1), fmt.Sprintf("must be at least %d %s: %s", want.AtLeast, inProdLiteral, want.Why)})
			accepted = append(accepted, strconv.Itoa(want.AtLeast))
		case want.Set && k.Type == "array":
			refused = append(refused, probe{"[]", "must list at least one item " + inProdLiteral + ": " + want.Why})
		case want.Set && k.Type == "integer":
			refused = append(refused, probe{"0", "must be set " + inProdLiteral + ": " + want.Why})
		}
		assert(t, len(refused) > 0, "%s: no value refused", k.Name)
		for _, pr := range refused {
			v := validProd()
			v[k.Name] = Value{Raw: pr.value}
			_, err := Parse("shop", "prod", v)
			assert(t, slices.Contains(rulesFor(t, err, FullName(k.Name)), pr.rule), "%s = %s: got %v, want %q", k.Name, pr.value, err, pr.rule)
			v["environment"] = Value{Raw: "test"}
			_, err = Parse("shop", "test", v)
			assert(t, !strings.Contains(fmt.Sprint(err), FullName(k.Name)+": "+pr.rule), "%s = %s refused in a test stack", k.Name, pr.value)
		}
		for _, a := range accepted {
			v := validProd()
			v[k.Name] = Value{Raw: a}
			_, err := Parse("shop", "prod", v)
			assert(t, !strings.Contains(fmt.Sprint(err), inProdLiteral+": "+want.Why), "%s = %s refused: %v", k.Name, a, err)
		}
	}
	assert(t, declared == len(wantProd), "the key table declares %d prod demands, wantProd %d", declared, len(wantProd))
}

func assert(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}

// orListLiteral is how a message lists values: "A or B", "A, B or C".
func orListLiteral(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// TestPlanTiers: every plan SKU a key allows has its tier, with the
// instance limits, slots and zone redundancy Microsoft documents.
func TestPlanTiers(t *testing.T) {
	want := map[string]string{ // tier: slots, autoscale, zones, max instances
		"Basic": "false false false 3", "Standard": "true true false 10", "Premium v3": "true true true 30",
	}
	for _, tier := range PlanTiers {
		assert(t, fmt.Sprint(tier.Slots, tier.Autoscale, tier.ZoneRedundant, tier.MaxInstances) == want[tier.Name], "%s: %+v", tier.Name, tier)
	}
	for _, k := range Keys {
		if k.Plan == nil {
			continue
		}
		for _, sku := range k.Allowed {
			assert(t, slices.ContainsFunc(PlanTiers, func(tier PlanTier) bool { return slices.Contains(tier.SKUs, sku) }), "%s: %s has no tier", k.Name, sku)
		}
	}
}
