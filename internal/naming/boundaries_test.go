package naming

import (
	"fmt"
	"strings"
	"testing"
)

// resourceOf is each kind's type as error messages name it, as literals.
var resourceOf = map[string]string{
	"ResourceGroup": "resource group", "LogAnalyticsWorkspace": "Log Analytics workspace",
	"ApplicationInsights": "Application Insights", "KeyVault": "Key Vault", "StorageAccount": "storage account",
	"SQLServer": "SQL server", "SQLFailoverGroup": "SQL failover group", "SQLDatabase": "SQL database", "SQLPool": "dedicated SQL pool",
	"AppServicePlan": "App Service plan", "WebApp": "web app", "FunctionApp": "function app",
	"DataFactory": "data factory", "VirtualNetwork": "virtual network", "Subnet": "subnet",
	"NetworkSecurityGroup": "network security group", "PrivateEndpoint": "private endpoint",
	"PrivateDNSZoneLink": "private DNS zone virtual network link", "VirtualNetworkPeering": "virtual network peering", "AutoscaleSetting": "autoscale setting",
	"ActionGroup": "action group", "EntraGroup": "Entra group display name",
	"EntraApplication": "Entra application display name",
	"FrontDoorProfile": "Front Door profile", "FrontDoorEndpoint": "Front Door endpoint",
	"FrontDoorWAFPolicy": "Front Door WAF policy",
}

// TestValidateLengthBoundaries: for every kind, names of exactly the minimum
// and maximum length pass, one character fewer or more is refused with the
// exact message; Azure counts characters, not bytes.
func TestValidateLengthBoundaries(t *testing.T) {
	for _, tc := range kindTable {
		res, ok := resourceOf[tc.name]
		if !ok {
			t.Errorf("%s: no resource name in resourceOf", tc.name)
			continue
		}
		if got := tc.k.String(); got != res {
			t.Errorf("%s.String() = %q, want %q", tc.name, got, res)
		}
		for _, n := range []int{tc.min, tc.max} {
			if err := tc.k.Validate(strings.Repeat("a", n)); err != nil {
				t.Errorf("%s: %d characters refused: %v", tc.name, n, err)
			}
		}
		for _, n := range []int{tc.min - 1, tc.max + 1} {
			name := strings.Repeat("a", n)
			want := fmt.Sprintf("naming: %s name %q is %d characters long; it must be %d-%d", res, name, n, tc.min, tc.max)
			if err := tc.k.Validate(name); err == nil || err.Error() != want {
				t.Errorf("%s.Validate(%d characters) = %v, want %q", tc.name, n, err, want)
			}
		}
	}
	// Characters, not bytes: 260 two-byte characters fit Application Insights.
	if err := ApplicationInsights.Validate(strings.Repeat("é", 260)); err != nil {
		t.Errorf("260 characters of 2 bytes refused: %v", err)
	}
}

// TestValidateCharacterBoundaries: the ASCII ranges end exactly at a-z, A-Z
// and 0-9; the characters next to them are refused.
func TestValidateCharacterBoundaries(t *testing.T) {
	for _, r := range "azAZ09" {
		name := "asp" + string(r) + "x"
		if err := AppServicePlan.Validate(name); err != nil {
			t.Errorf("AppServicePlan.Validate(%q) = %v, want nil", name, err)
		}
		// Key Vault and web app names start with a letter (or digit).
		if r > '9' {
			if err := KeyVault.Validate(string(r) + "kv"); err != nil {
				t.Errorf("KeyVault.Validate(%q) = %v, want nil", string(r)+"kv", err)
			}
		}
		if err := WebApp.Validate(string(r) + "app" + string(r)); err != nil {
			t.Errorf("WebApp.Validate(%q) = %v, want nil", string(r)+"app"+string(r), err)
		}
		if err := Subnet.Validate("snet" + string(r)); err != nil {
			t.Errorf("Subnet.Validate(%q) = %v, want nil", "snet"+string(r), err)
		}
	}
	for _, r := range "`{@[/:" {
		name := "asp" + string(r) + "x"
		want := fmt.Sprintf("naming: App Service plan name %q contains %q; allowed: letters, digits and hyphens", name, r)
		if err := AppServicePlan.Validate(name); err == nil || err.Error() != want {
			t.Errorf("AppServicePlan.Validate(%q) = %v, want %q", name, err, want)
		}
	}
	for name, want := range map[string]string{
		"0kv": `naming: Key Vault name "0kv" must start with a letter`,
		"9kv": `naming: Key Vault name "9kv" must start with a letter`,
		"-kv": `naming: Key Vault name "-kv" must start with a letter`,
	} {
		if err := KeyVault.Validate(name); err == nil || err.Error() != want {
			t.Errorf("KeyVault.Validate(%q) = %v, want %q", name, err, want)
		}
	}
	for name, want := range map[string]string{
		"snet_":    "",
		"snet.":    `naming: subnet name "snet." must end with a letter, digit or underscore`,
		"snet-":    `naming: subnet name "snet-" must end with a letter, digit or underscore`,
		"_snet":    `naming: subnet name "_snet" must start with a letter or digit`,
		"rg.x":     "",
		"rg(x)":    "",
		"appi x":   "",
		"appi x.":  `naming: Application Insights name "appi x." must end with anything but a period or space`,
		"ST1":      `naming: storage account name "ST1" must be lowercase`,
		"kv-a-b":   "",
		"kv-a--b":  `naming: Key Vault name "kv-a--b" must not contain consecutive hyphens`,
		"vnet-a--": `naming: virtual network name "vnet-a--" must end with a letter, digit or underscore`,
	} {
		k := map[byte]Kind{'s': Subnet, 'r': ResourceGroup, 'a': ApplicationInsights, 'S': StorageAccount, 'k': KeyVault, 'v': VirtualNetwork, '_': Subnet}[name[0]]
		err := k.Validate(name)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s.Validate(%q) = %v, want nil", k, name, err)
		case want != "" && (err == nil || err.Error() != want):
			t.Errorf("%s.Validate(%q) = %v, want %q", k, name, err, want)
		}
	}
	// The full messages of the other character sets.
	for _, tc := range []struct {
		k          Kind
		name, want string
	}{
		{StorageAccount, "st-x", `naming: storage account name "st-x" contains '-'; allowed: lowercase letters and digits`},
		{SQLServer, "sql_x", `naming: SQL server name "sql_x" contains '_'; allowed: lowercase letters, digits and hyphens`},
		{Subnet, "snet x", `naming: subnet name "snet x" contains ' '; allowed: letters, digits, underscores, periods and hyphens`},
		{ResourceGroup, "rg x", `naming: resource group name "rg x" contains ' '; allowed: letters, digits, underscores, hyphens, periods and parentheses`},
		{SQLDatabase, "db?", `naming: SQL database name "db?" contains '?'; allowed: anything but control characters and <>*%&:\/?`},
		{EntraGroup, "g\x01", `naming: Entra group display name name "g\x01" contains '\x01'; allowed: anything but control characters`},
		{ResourceGroup, "rg.", `naming: resource group name "rg." must end with anything but a period`},
	} {
		if err := tc.k.Validate(tc.name); err == nil || err.Error() != tc.want {
			t.Errorf("%s.Validate(%q) = %v, want %q", tc.k, tc.name, err, tc.want)
		}
	}
	if got := (Kind{}).String(); got != "resource" {
		t.Errorf("zero Kind String() = %q, want resource", got)
	}
}

// TestNameLengthBoundaries: a name of exactly the kind's maximum is kept
// whole; one character more is shortened by the documented order.
func TestNameLengthBoundaries(t *testing.T) {
	n, err := New("shop", "dev", "westeurope", "k3x9qa")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		k              Kind
		workload, want string
	}{
		// 24 characters exactly: nothing is cut.
		{KeyVault, "abcde", "kv-abcde-shop-dev-k3x9qa"},
		{StorageAccount, "abcdefghi", "stabcdefghishopdevk3x9qa"},
		// 25: the project loses one character.
		{KeyVault, "abcdef", "kv-abcdef-sho-dev-k3x9qa"},
		{StorageAccount, "abcdefghij", "stabcdefghijshodevk3x9qa"},
		// The project at 3 and still too long: the workload is cut.
		{KeyVault, "abcdefgh", "kv-abcdef-sho-dev-k3x9qa"},
		// Slug boundaries: a-z and 0-9 kept, their neighbours become hyphens.
		{AppServicePlan, "a`z{0/9:", "asp-a-z-0-9-shop-dev-weu"},
		{AppServicePlan, "AZ", "asp-az-shop-dev-weu"},
	} {
		if got := n.Name(tc.k, tc.workload); got != tc.want {
			t.Errorf("Name(%s, %q) = %q, want %q", tc.k, tc.workload, got, tc.want)
		}
	}
}

// TestStableSuffixPadsWithZeros: a hash whose base36 form is short is
// zero-padded to 6 characters (a different length renames every resource).
func TestStableSuffixPadsWithZeros(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"shop70", "dev"}: "00ol3m",
		{"shop7", "dev"}:  "0i4685",
	} {
		if got := StableSuffix(in[0], in[1]); got != want {
			t.Errorf("StableSuffix(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
	n, err := New("shop70", "dev", "westeurope", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.Name(StorageAccount, ""), "stshop70dev00ol3m"; got != want {
		t.Errorf("storage account = %q, want %q", got, want)
	}
}
