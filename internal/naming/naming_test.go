package naming

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// kindTable pins every exported kind's public rules, so an accidental edit
// (which would rename resources or let invalid names through) fails here.
var kindTable = []struct {
	name                       string
	k                          Kind
	abbr                       string
	min, max                   int
	hyphens, lowercase, global bool
}{
	{"ResourceGroup", ResourceGroup, "rg", 1, 90, true, false, false},
	{"LogAnalyticsWorkspace", LogAnalyticsWorkspace, "log", 4, 63, true, false, false},
	{"ApplicationInsights", ApplicationInsights, "appi", 1, 260, true, false, false},
	{"KeyVault", KeyVault, "kv", 3, 24, true, false, true},
	{"StorageAccount", StorageAccount, "st", 3, 24, false, true, true},
	{"SQLServer", SQLServer, "sql", 1, 63, true, true, true},
	{"SQLFailoverGroup", SQLFailoverGroup, "sqlfg", 1, 63, true, true, true},
	{"SQLDatabase", SQLDatabase, "sqldb", 1, 128, true, false, false},
	{"SQLPool", SQLPool, "sqldw", 1, 128, true, false, false},
	{"AppServicePlan", AppServicePlan, "asp", 1, 60, true, false, false},
	{"WebApp", WebApp, "app", 2, 60, true, false, true},
	{"FunctionApp", FunctionApp, "func", 2, 60, true, false, true},
	{"DataFactory", DataFactory, "adf", 3, 63, true, false, true},
	{"VirtualNetwork", VirtualNetwork, "vnet", 2, 64, true, false, false},
	{"Subnet", Subnet, "snet", 1, 80, true, false, false},
	{"NetworkSecurityGroup", NetworkSecurityGroup, "nsg", 1, 80, true, false, false},
	{"PrivateEndpoint", PrivateEndpoint, "pep", 2, 64, true, false, false},
	{"PrivateDNSZoneLink", PrivateDNSZoneLink, "vnetlink", 1, 80, true, false, false},
	{"VirtualNetworkPeering", VirtualNetworkPeering, "peer", 1, 80, true, false, false},
	{"AutoscaleSetting", AutoscaleSetting, "mas", 1, 260, true, false, false},
	{"ActionGroup", ActionGroup, "ag", 1, 260, true, false, false},
	{"EntraGroup", EntraGroup, "grp", 1, 256, true, false, false},
	{"EntraApplication", EntraApplication, "appreg", 1, 256, true, false, false},
	{"FrontDoorProfile", FrontDoorProfile, "afd", 1, 260, true, false, false},
	{"FrontDoorEndpoint", FrontDoorEndpoint, "fde", 2, 46, true, false, true},
	{"FrontDoorWAFPolicy", FrontDoorWAFPolicy, "fdfp", 1, 128, false, false, false},
}

func TestKinds(t *testing.T) {
	if len(allKinds) != len(kindTable) {
		t.Errorf("allKinds has %d kinds, the test table %d: keep both complete", len(allKinds), len(kindTable))
	}
	abbrs := map[string]string{}
	for _, tc := range kindTable {
		k := tc.k
		got := []any{k.Abbr, k.MinLen, k.MaxLen, k.Hyphens, k.Lowercase, k.Global}
		want := []any{tc.abbr, tc.min, tc.max, tc.hyphens, tc.lowercase, tc.global}
		if !slices.Equal(got, want) {
			t.Errorf("%s: {Abbr MinLen MaxLen Hyphens Lowercase Global} = %v, want %v", tc.name, got, want)
		}
		if !slices.Contains(allKinds, k) {
			t.Errorf("%s is missing from allKinds, so New does not check the stack fits it", tc.name)
		}
		if other, dup := abbrs[k.Abbr]; dup {
			t.Errorf("%s and %s share abbreviation %q", tc.name, other, k.Abbr)
		}
		abbrs[k.Abbr] = tc.name
	}
}

var (
	long60    = "averyveryverylongprojectnamethatgoesonandonforsixtycharsxyzw"
	longStack = "preprod-weu1" // 12: the longest New accepts with a 6-character suffix
)

func TestNameAlwaysValid(t *testing.T) {
	namers := []struct {
		desc                             string
		project, stack, location, suffix string
	}{
		{"normal", "shop", "dev", "westeurope", ""},
		{"60-char project", long60, "prod", "southafricanorth", ""},
		{"longest stack", "shop", longStack, "australiasoutheast", ""},
		{"long everything, 8-char suffix", long60, "preprod-eu", "northcentralus", "abcd1234"},
		{"short override suffix", "a", "b", "eastasia", "x1z"},
	}
	workloads := []string{"", "portal", "Orders_API", "x", "-_-", strings.Repeat("orders-processor-", 4)}
	for _, nc := range namers {
		n, err := New(nc.project, nc.stack, nc.location, nc.suffix)
		if err != nil {
			t.Fatalf("%s: New: %v", nc.desc, err)
		}
		for _, tc := range kindTable {
			k := tc.k
			for _, w := range workloads {
				name := n.Name(k, w)
				where := nc.desc + "/" + tc.name + "/workload " + w
				if err := k.Validate(name); err != nil {
					t.Errorf("%s: %v", where, err)
				}
				if len(name) < k.MinLen || len(name) > k.MaxLen {
					t.Errorf("%s: %q has length %d, want %d-%d", where, name, len(name), k.MinLen, k.MaxLen)
				}
				checkShape(t, where, n, k, name)
			}
		}
	}
}

var generated = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkShape checks what every generated name promises: the abbreviation
// first, the whole stack, the suffix last on global kinds, and clean hyphens.
func checkShape(t *testing.T, where string, n Namer, k Kind, name string) {
	t.Helper()
	if !generated.MatchString(name) {
		t.Errorf("%s: %q is not lowercase letters and digits joined by single hyphens", where, name)
	}
	stack, abbr, suffix := n.Stack(), k.Abbr, n.Suffix()
	if k.Hyphens {
		stack, abbr, suffix = "-"+stack, abbr+"-", "-"+suffix
	} else {
		stack = strings.ReplaceAll(stack, "-", "")
	}
	if !strings.HasPrefix(name, abbr) {
		t.Errorf("%s: %q does not start with %q", where, name, abbr)
	}
	if !strings.Contains(name, stack) {
		t.Errorf("%s: %q does not contain the whole stack %q", where, name, stack)
	}
	if k.Hyphens && !strings.Contains(name+"-", stack+"-") {
		t.Errorf("%s: %q does not hold stack %q as a whole part", where, name, n.Stack())
	}
	if k.Global && !strings.HasSuffix(name, suffix) {
		t.Errorf("%s: %q does not end with suffix %q", where, name, suffix)
	}
	if !k.Global && strings.HasSuffix(name, n.Suffix()) {
		t.Errorf("%s: %q carries the suffix but the kind is not global", where, name)
	}
}

func TestNameExact(t *testing.T) {
	// A kind short enough to need step 2 of the shortening order, which the
	// built-in kinds never reach with the stacks New accepts.
	tight := Kind{Abbr: "t", MinLen: 1, MaxLen: 16, Hyphens: true, chars: alnumHyphen}
	tests := []struct {
		project, stack, location, suffix string
		k                                Kind
		workload                         string
		want                             string
	}{
		{"shop", "prod", "westeurope", "k3x9qa", ResourceGroup, "", "rg-shop-prod-weu"},
		{"shop", "dev", "westeurope", "k3x9qa", StorageAccount, "", "stshopdevk3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", StorageAccount, "func-data", "stfuncdatashopdevk3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", KeyVault, "", "kv-shop-dev-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", WebApp, "portal", "app-portal-shop-dev-weu-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", WebApp, "Orders_API", "app-orders-api-shop-dev-weu-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", WebApp, " --Orders  API!! ", "app-orders-api-shop-dev-weu-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", AppServicePlan, "café", "asp-caf-shop-dev-weu"},
		{"Shop", "DEV", "swedencentral", "k3x9qa", SQLServer, "", "sql-shop-dev-sdc-k3x9qa"},
		{"Shop", "DEV", "swedencentral", "k3x9qa", SQLFailoverGroup, "", "sqlfg-shop-dev-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", Subnet, "app", "snet-app-shop-dev-weu"},
		{"shop", "dev", "westeurope", "k3x9qa", EntraGroup, "sql-admins", "grp-sql-admins-shop-dev"},
		// Front Door is not regional: no region code in its names.
		{"shop", "prod", "westeurope", "k3x9qa", FrontDoorProfile, "", "afd-shop-prod"},
		{"shop", "prod", "westeurope", "k3x9qa", FrontDoorEndpoint, "portal", "fde-portal-shop-prod-k3x9qa"},
		{"shop", "prod", "westeurope", "k3x9qa", FrontDoorEndpoint, "backoffice", "fde-backoffice-shop-prod-k3x9qa"},
		{"shop", "prod", "westeurope", "k3x9qa", FrontDoorWAFPolicy, "", "fdfpshopprod"},
		{"shop", "pre-prod", "westeurope", "k3x9qa", FrontDoorWAFPolicy, "edge", "fdfpedgeshoppreprod"},
		// 46 characters: the project is cut first.
		{long60, "prod", "westeurope", "k3x9qa", FrontDoorEndpoint, "backoffice", "fde-backoffice-averyveryverylongpr-prod-k3x9qa"},
		// Default suffix: pins StableSuffix, whose change would rename everything.
		{"shop", "dev", "westeurope", "", WebApp, "portal", "app-portal-shop-dev-weu-nygygj"},
		// Too long: the project is cut first (to 3), then the workload,
		// leaving no trailing hyphen where a cut lands on one.
		{"shop", "dev", "westeurope", "k3x9qa", KeyVault, "portal", "kv-portal-sho-dev-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", KeyVault, "orders-api", "kv-orders-sho-dev-k3x9qa"},
		{"shop", "dev", "westeurope", "k3x9qa", LogAnalyticsWorkspace, strings.Repeat("w", 50), "log-" + strings.Repeat("w", 47) + "-sho-dev-weu"},
		// Region dropped before project or workload go below 3 characters.
		{"shop", "dev", "westeurope", "k3x9qa", tight, "portal", "t-portal-sho-dev"},
		// Project cut to nothing and workload to 1 character as a last resort.
		{long60, "staging-eu1", "westeurope", "k3x9qa", KeyVault, "orders", "kv-or-staging-eu1-k3x9qa"},
		{long60, "prod", "westeurope", "k3x9qa", WebApp, "portal", "app-portal-averyveryverylongprojectnamethatg-prod-weu-k3x9qa"},
	}
	for _, tc := range tests {
		n, err := New(tc.project, tc.stack, tc.location, tc.suffix)
		if err != nil {
			t.Fatalf("New(%q, %q, %q, %q): %v", tc.project, tc.stack, tc.location, tc.suffix, err)
		}
		if got := n.Name(tc.k, tc.workload); got != tc.want {
			t.Errorf("Name(%s, %q) for %s/%s = %q, want %q", tc.k, tc.workload, tc.project, tc.stack, got, tc.want)
		}
	}
}

func TestDeterminism(t *testing.T) {
	a, errA := New("shop", "dev", "westeurope", "")
	b, errB := New("shop", "dev", "westeurope", "")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	for _, tc := range kindTable {
		for _, w := range []string{"", "portal", strings.Repeat("long-", 20)} {
			if x, y := a.Name(tc.k, w), b.Name(tc.k, w); x != y {
				t.Errorf("%s/%q: same inputs gave %q and %q", tc.name, w, x, y)
			}
		}
	}

	differ := []struct{ p1, s1, p2, s2 string }{
		{"shop", "dev", "shop", "prod"},
		{"shop", "dev", "shop2", "dev"},
		{"a-b", "c", "a", "b-c"}, // the "/" separator keeps these apart
	}
	for _, tc := range differ {
		if x, y := StableSuffix(tc.p1, tc.s1), StableSuffix(tc.p2, tc.s2); x == y {
			t.Errorf("StableSuffix(%q, %q) == StableSuffix(%q, %q) == %q", tc.p1, tc.s1, tc.p2, tc.s2, x)
		}
	}

	golden := map[[2]string]string{{"shop", "dev"}: "nygygj", {"shop", "prod"}: "3ufgnc", {"Shop", "DEV"}: "nygygj"}
	for in, want := range golden {
		if got := StableSuffix(in[0], in[1]); got != want {
			t.Errorf("StableSuffix(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
	format := regexp.MustCompile(`^[0-9a-z]{6}$`)
	for _, in := range [][2]string{{"x", "y"}, {long60, longStack}, {"0", "0"}} {
		if s := StableSuffix(in[0], in[1]); !format.MatchString(s) {
			t.Errorf("StableSuffix(%q, %q) = %q, want 6 base36 characters", in[0], in[1], s)
		}
	}

	upper, err := New("Shop", "DEV", "westeurope", "")
	if err != nil {
		t.Fatal(err)
	}
	if upper.Suffix() != a.Suffix() || upper.Stack() != "dev" || upper.Name(WebApp, "portal") != a.Name(WebApp, "portal") {
		t.Errorf("case changed the names: suffix %q stack %q", upper.Suffix(), upper.Stack())
	}

	o, err := New("shop", "dev", "westeurope", "zz9")
	if err != nil {
		t.Fatal(err)
	}
	if o.Suffix() != "zz9" {
		t.Errorf("Suffix() = %q, want the override %q", o.Suffix(), "zz9")
	}
	for _, tc := range kindTable {
		if name := o.Name(tc.k, "portal"); tc.k.Global && !strings.HasSuffix(name, "zz9") {
			t.Errorf("%s: %q does not end with the override suffix", tc.name, name)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		k       Kind
		name    string
		wantErr string // "" means valid
	}{
		{StorageAccount, "stshopdevk3x9qa", ""},
		{StorageAccount, "st" + strings.Repeat("a", 23), "is 25 characters long; it must be 3-24"},
		{StorageAccount, "st", "is 2 characters long"},
		{StorageAccount, "stShop", "must be lowercase"},
		{StorageAccount, "st-shop", `contains '-'; allowed: lowercase letters and digits`},
		{KeyVault, "kv-shop-dev-k3x9qa", ""},
		{KeyVault, "kv--shop", "must not contain consecutive hyphens"},
		{KeyVault, "1kv-shop", "must start with a letter"},
		{KeyVault, "kv-shop-", "must end with a letter or digit"},
		{KeyVault, "kv_shop", `contains '_'`},
		{KeyVault, "kv-" + strings.Repeat("a", 22), "it must be 3-24"},
		{WebApp, "-app-shop", "must start with a letter or digit"},
		{WebApp, "app-shop-", "must end with a letter or digit"},
		{WebApp, "App-Shop", ""}, // web app names are case-insensitive
		{FunctionApp, "f", "it must be 2-60"},
		{SQLServer, "sql-Shop", "must be lowercase"},
		{SQLServer, "sql-shop-", "must end with a letter or digit"},
		{DataFactory, "adf--shop", "consecutive hyphens"},
		{LogAnalyticsWorkspace, "log", "it must be 4-63"},
		{LogAnalyticsWorkspace, "log-shop-", "must end with a letter or digit"},
		{ResourceGroup, "rg-shop.", "must end with anything but a period"},
		{ResourceGroup, "rg-shop_(eu).v2", ""},
		{ResourceGroup, "rg shop", `contains ' '`},
		{ApplicationInsights, "appi/shop", `contains '/'`},
		{ApplicationInsights, "appi-shop ", "must end with anything but a period or space"},
		{SQLDatabase, "sqldb:orders", `contains ':'`},
		{ActionGroup, "ag|ops", `contains '|'`},
		{AutoscaleSetting, "mas+asp", `contains '+'`},
		{Subnet, "snet-app_", ""},
		{Subnet, "snet-app.", "must end with a letter, digit or underscore"},
		{PrivateEndpoint, "_pep", "must start with a letter or digit"},
		{VirtualNetwork, "v", "it must be 2-64"},
		{EntraGroup, "Shop Admins (prod)", ""},
		{EntraGroup, strings.Repeat("g", 257), "it must be 1-256"},
		{EntraApplication, "app\treg", `contains '\t'`},
		{FrontDoorProfile, "afd-shop-prod", ""},
		{FrontDoorProfile, "-afd-shop", "must start with a letter or digit"},
		{FrontDoorProfile, "afd-shop-", "must end with a letter or digit"},
		{FrontDoorProfile, "afd_shop", `contains '_'`},
		{FrontDoorEndpoint, "fde-portal-shop-prod-k3x9qa", ""},
		{FrontDoorEndpoint, "fde-portal-", "must end with a letter or digit"},
		{FrontDoorEndpoint, "fde." + "portal", `contains '.'`},
		{FrontDoorWAFPolicy, "fdfpshopprod", ""},
		{FrontDoorWAFPolicy, "FdfpShopProd", ""},
		{FrontDoorWAFPolicy, "fdfp-shop", `contains '-'; allowed: letters and digits`},
		{FrontDoorWAFPolicy, "1fdfp", "must start with a letter"},
	}
	for _, tc := range tests {
		err := tc.k.Validate(tc.name)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s.Validate(%q) = %v, want nil", tc.k, tc.name, err)
		case tc.wantErr != "" && err == nil:
			t.Errorf("%s.Validate(%q) = nil, want error containing %q", tc.k, tc.name, tc.wantErr)
		case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
			t.Errorf("%s.Validate(%q) = %q, want it to contain %q", tc.k, tc.name, err, tc.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), tc.k.String()) {
			t.Errorf("%s.Validate(%q) = %q, want it to name the resource type", tc.k, tc.name, err)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		project, stack, location, suffix string
		want                             []string // substrings; nil means New succeeds
	}{
		{"", "dev", "westeurope", "", []string{"project is empty"}},
		{"shop", "", "westeurope", "", []string{"stack is empty"}},
		{"my_shop", "dev", "westeurope", "", []string{`project "my_shop"`, "letters, digits and single hyphens"}},
		{"-shop", "dev", "westeurope", "", []string{`project "-shop"`, "starting and ending with a letter or digit"}},
		{"shop", "dev--1", "westeurope", "", []string{`stack "dev--1"`, "single hyphens"}},
		{"shop", "dev 1", "westeurope", "", []string{`stack "dev 1"`}},
		{"shop", "dev", "mars", "", []string{`location "mars"`, "not a known Azure region", "westeurope"}},
		{"shop", "dev", "West Europe", "", []string{`location "West Europe"`, "lowercase, no spaces"}},
		{"shop", "dev", "", "", []string{`location ""`}},
		{"shop", "dev", "westeurope", "AB12", []string{`suffix "AB12"`, "3-8 lowercase letters or digits"}},
		{"shop", "dev", "westeurope", "ab", []string{`suffix "ab"`, "3-8"}},
		{"shop", "dev", "westeurope", "abcdefghi", []string{`suffix "abcdefghi"`, "3-8"}},
		{"shop", "dev", "westeurope", "ab-c", []string{`suffix "ab-c"`}},
		{"shop", "staging-westeu", "westeurope", "", []string{`stack "staging-westeu" is too long`, "Key Vault", "at most 12 characters"}},
		{"shop", "preprod-eu1", "westeurope", "abcd1234", []string{`stack "preprod-eu1" is too long`, "at most 10 characters"}},
		// Boundaries that must pass.
		{"shop", longStack, "westeurope", "", nil},
		{"shop", "preprod-eu", "westeurope", "abcd1234", nil},
		{long60, "dev", "westeurope", "abc", nil},
		{"Shop-2", "Dev", "westeurope", "", nil},
	}
	for _, tc := range tests {
		_, err := New(tc.project, tc.stack, tc.location, tc.suffix)
		call := "New(" + strings.Join([]string{tc.project, tc.stack, tc.location, tc.suffix}, ", ") + ")"
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s = %v, want success", call, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s succeeded, want error containing %q", call, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s = %q, want it to contain %q", call, err, w)
			}
		}
	}
}

func TestNamePanicsWithoutNew(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Name on a zero Namer did not panic")
		}
	}()
	_ = Namer{}.Name(WebApp, "portal")
}

func TestRegions(t *testing.T) {
	// The codes the rest of the program (and existing names) rely on.
	want := map[string]string{
		"westeurope": "weu", "northeurope": "neu", "swedencentral": "sdc", "francecentral": "frc",
		"germanywestcentral": "gwc", "uksouth": "uks", "ukwest": "ukw", "switzerlandnorth": "szn",
		"norwayeast": "noe", "polandcentral": "plc", "italynorth": "itn", "spaincentral": "spc",
		"eastus": "eus", "eastus2": "eus2", "westus": "wus", "westus2": "wus2", "westus3": "wus3",
		"centralus": "cus", "northcentralus": "ncus", "southcentralus": "scus", "canadacentral": "cac",
		"brazilsouth": "brs", "australiaeast": "aue", "southeastasia": "sea", "eastasia": "ea",
		"japaneast": "jpe", "koreacentral": "krc", "centralindia": "inc", "uaenorth": "uan",
		"southafricanorth": "san",
	}
	for loc, code := range want {
		if got, ok := RegionCode(loc); !ok || got != code {
			t.Errorf("RegionCode(%q) = %q, %v; want %q, true", loc, got, ok, code)
		}
	}
	for _, loc := range []string{"", "West Europe", "WestEurope", "westeurope ", "mars"} {
		if code, ok := RegionCode(loc); ok {
			t.Errorf("RegionCode(%q) = %q, true; want not found", loc, code)
		}
	}

	regions := Regions()
	if !slices.IsSorted(regions) {
		t.Errorf("Regions() is not sorted: %v", regions)
	}
	if len(regions) != len(regionCodes) {
		t.Errorf("Regions() has %d names, RegionCode knows %d", len(regions), len(regionCodes))
	}
	code := regexp.MustCompile(`^[a-z][a-z0-9]{1,3}$`)
	seen := map[string]string{}
	for _, loc := range regions {
		c, ok := RegionCode(loc)
		if !ok {
			t.Errorf("Regions() lists %q but RegionCode does not know it", loc)
		}
		if !code.MatchString(c) {
			t.Errorf("code %q for %q is not 2-4 lowercase letters or digits", c, loc)
		}
		if other, dup := seen[c]; dup {
			t.Errorf("code %q is used by both %q and %q", c, other, loc)
		}
		seen[c] = loc
	}

	regions[0] = "tampered"
	if Regions()[0] == "tampered" {
		t.Error("Regions() shares its slice with callers")
	}
}

// localKindTable pins the local kinds' rules (resource-name-rules,
// Microsoft.Insights and Microsoft.Consumption).
var localKindTable = []struct {
	name      string
	k         Kind
	abbr      string
	min, max  int
	resource  string
	refused   string // characters Azure refuses in the name
	lastSpace bool   // whether a trailing space or period is refused
}{
	{"AlertRule", AlertRule, "alrt", 1, 260, "alert rule", `*#&+:<>?@%{}\/|`, true},
	{"AvailabilityTest", AvailabilityTest, "avail", 1, 260, "availability test", `%&\?/`, true},
	{"Budget", Budget, "budget", 1, 63, "budget", ` .()*#&+:<>?@%{}\/|`, true},
}

// TestLocal: local names are the abbreviation and the slugged workload, the
// same on every stack, cut to the kind's length; each kind refuses what
// Azure refuses; Local and Name each refuse the other's kinds.
func TestLocal(t *testing.T) {
	for _, tc := range localKindTable {
		k := tc.k
		if got, want := []any{k.Abbr, k.MinLen, k.MaxLen, k.String()}, []any{tc.abbr, tc.min, tc.max, tc.resource}; !slices.Equal(got, want) {
			t.Errorf("%s: {Abbr MinLen MaxLen String} = %v, want %v", tc.name, got, want)
		}
		if slices.Contains(allKinds, k) {
			t.Errorf("%s is local: it must not be in allKinds, whose names carry the stack", tc.name)
		}
		for _, r := range tc.refused {
			if k.Validate(tc.abbr+"-a"+string(r)+"b") == nil {
				t.Errorf("%s: %q accepted", tc.name, r)
			}
		}
		if tc.lastSpace && (k.Validate(tc.abbr+".") == nil || k.Validate(tc.abbr+" ") == nil) {
			t.Errorf("%s: a trailing period or space accepted", tc.name)
		}
		long := Local(k, strings.Repeat("orders-", 60))
		if len(long) > tc.max || !strings.HasPrefix(long, tc.abbr+"-orders-") || strings.HasSuffix(long, "-") {
			t.Errorf("%s: a long workload gave %q (%d characters)", tc.name, long, len(long))
		}
	}
	for _, tc := range []struct {
		k              Kind
		workload, want string
	}{
		{AlertRule, "portal-http-5xx", "alrt-portal-http-5xx"},
		{AlertRule, "sqldw-pool-pool-online-after-load", "alrt-sqldw-pool-pool-online-after-load"},
		{AvailabilityTest, "Backoffice", "avail-backoffice"},
		{Budget, "rg-shop-prod-weu", "budget-rg-shop-prod-weu"},
		// 63 characters exactly, the budget's most: nothing is cut.
		{Budget, strings.Repeat("a", 56), "budget-" + strings.Repeat("a", 56)},
	} {
		if got := Local(tc.k, tc.workload); got != tc.want {
			t.Errorf("Local(%s, %q) = %q, want %q", tc.k, tc.workload, got, tc.want)
		}
	}
	n, err := New("shop", "dev", "westeurope", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, misuse := range []func(){func() { Local(WebApp, "portal") }, func() { n.Name(Budget, "rg") }} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a kind used with the wrong function did not panic")
				}
			}()
			misuse()
		}()
	}
}

// TestPairNameFitsEveryStack: for every stack length New accepts, with the
// stable suffix and the shortest and longest overrides, the pair's staging
// account name is valid, carries the region's code and differs from the
// name the primary's account keeps ("production" once collided), unless
// PairRoom refused first, exactly where no such name fits.
func TestPairNameFitsEveryStack(t *testing.T) {
	named, refused := 0, 0
	for length := 1; length <= 30; length++ {
		for _, suffix := range []string{"", "abc", "abcdefgh"} {
			for _, region := range []string{"northeurope", "westeurope", "eastus", "eastus2"} {
				n, err := New("ecommerce", strings.Repeat("s", length), region, suffix)
				if err != nil {
					continue
				}
				room := n.PairRoom(StorageAccount)
				pair, panicked := func() (name string, panicked bool) {
					defer func() { panicked = recover() != nil }()
					return n.PairName(StorageAccount, "etl"), false
				}()
				if (room != nil) != panicked {
					t.Errorf("stack of %d, suffix %q, %s: PairRoom %v, PairName panicked %v", length, suffix, region, room, panicked)
				}
				if room != nil {
					refused++
					continue
				}
				named++
				code, _ := RegionCode(region)
				if err := StorageAccount.Validate(pair); err != nil {
					t.Errorf("stack of %d, suffix %q: %v", length, suffix, err)
				}
				if own := n.Name(StorageAccount, "etl"); !strings.HasSuffix(pair, code+n.Suffix()) || pair == own {
					t.Errorf("stack of %d, suffix %q, %s: pair name %q, own %q", length, suffix, region, pair, own)
				}
			}
		}
	}
	if named < 30 || refused == 0 {
		t.Fatalf("%d named, %d refused: the loop misses a side", named, refused)
	}
}

func TestPairNameOnlyForGlobalKindsWithoutRegion(t *testing.T) {
	n, err := New("ecommerce", "prod", "westeurope", "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("PairName of a SQL server, which carries its region, did not panic")
		}
	}()
	n.PairName(SQLServer, "dw")
}
