package naming

import (
	"slices"
	"strings"
)

// The kinds the program names. Lengths and characters follow Microsoft's
// "Naming rules and restrictions for Azure resources"; abbreviations follow the
// CAF "Abbreviation recommendations for Azure resources" unless noted.
// Name only produces lowercase letters, digits and (where allowed) hyphens;
// Validate checks Azure's full rule, so it can also vet hand-written names.
var (
	// ResourceGroup: Microsoft.Resources/resourceGroups, 1-90, Unicode
	// letters and digits, underscores, hyphens, periods and parentheses; can't
	// end with a period. Unique per subscription.
	ResourceGroup = Kind{Abbr: "rg", MinLen: 1, MaxLen: 90, Hyphens: true,
		resource: "resource group", chars: resGroupChars, last: notPeriod}

	// LogAnalyticsWorkspace: Microsoft.OperationalInsights/workspaces, 4-63,
	// letters, digits and hyphens; starts and ends with a letter or digit.
	LogAnalyticsWorkspace = Kind{Abbr: "log", MinLen: 4, MaxLen: 63, Hyphens: true,
		resource: "Log Analytics workspace", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit}

	// ApplicationInsights: Microsoft.Insights/components, 1-260, no %&\?/ or
	// control characters; can't end with a space or period.
	ApplicationInsights = Kind{Abbr: "appi", MinLen: 1, MaxLen: 260, Hyphens: true,
		resource: "Application Insights", chars: anyExcept, forbidden: `%&\?/`, last: notPeriodOrSpace}

	// KeyVault: Microsoft.KeyVault/vaults, 3-24, letters, digits and hyphens;
	// starts with a letter, ends with a letter or digit, no "--". Global
	// (<name>.vault.azure.net), and a deleted vault's name stays reserved
	// while it is soft-deleted. Never carries the region code: 24 characters
	// leave no room for it, and the suffix already makes it unique.
	KeyVault = Kind{Abbr: "kv", MinLen: 3, MaxLen: 24, Hyphens: true, Global: true,
		resource: "Key Vault", chars: alnumHyphen, first: letterOnly, last: letterOrDigit,
		noDoubleHyphen: true, noRegion: true}

	// StorageAccount: Microsoft.Storage/storageAccounts, 3-24, lowercase
	// letters and digits only. Global (<name>.blob.core.windows.net). Never
	// carries the region code, for the same reason as KeyVault.
	StorageAccount = Kind{Abbr: "st", MinLen: 3, MaxLen: 24, Lowercase: true, Global: true,
		resource: "storage account", chars: alnum, noRegion: true}

	// SQLServer: Microsoft.Sql/servers, 1-63, lowercase letters, digits and
	// hyphens; can't start or end with a hyphen. Global
	// (<name>.database.windows.net).
	SQLServer = Kind{Abbr: "sql", MinLen: 1, MaxLen: 63, Hyphens: true, Lowercase: true, Global: true,
		resource: "SQL server", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit}

	// SQLFailoverGroup: Microsoft.Sql/servers/failoverGroups, the SQL
	// server's rules: 1-63, lowercase letters, digits and hyphens; can't
	// start or end with a hyphen. Global: its listeners are
	// <name>.database.windows.net and <name>.secondary.database.windows.net.
	// Never carries the region code: the group spans two regions, and a
	// failover moves its primary. CAF has no abbreviation; "sqlfg" is the
	// program's.
	SQLFailoverGroup = Kind{Abbr: "sqlfg", MinLen: 1, MaxLen: 63, Hyphens: true, Lowercase: true, Global: true,
		resource: "SQL failover group", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit, noRegion: true}

	// SQLDatabase: Microsoft.Sql/servers/databases, 1-128, no <>*%&:\/? or
	// control characters; can't end with a period or space.
	SQLDatabase = Kind{Abbr: "sqldb", MinLen: 1, MaxLen: 128, Hyphens: true,
		resource: "SQL database", chars: anyExcept, forbidden: `<>*%&:\/?`, last: notPeriodOrSpace}

	// SQLPool is a dedicated SQL pool (formerly SQL DW) created as a
	// Microsoft.Sql/servers/databases with a DataWarehouse SKU, so it has the
	// database's rules. Abbreviation "sqldw", not CAF's "syndp": syndp
	// stands for Microsoft.Synapse/workspaces/sqlPools, a different resource
	// type (with other rules, e.g. no hyphens) that this program doesn't use.
	SQLPool = Kind{Abbr: "sqldw", MinLen: 1, MaxLen: 128, Hyphens: true,
		resource: "dedicated SQL pool", chars: anyExcept, forbidden: `<>*%&:\/?`, last: notPeriodOrSpace}

	// AppServicePlan: Microsoft.Web/serverfarms, 1-60, letters, digits and
	// hyphens (Azure also takes Unicode that maps to Punycode; Validate
	// accepts only the ASCII subset Name produces).
	AppServicePlan = Kind{Abbr: "asp", MinLen: 1, MaxLen: 60, Hyphens: true,
		resource: "App Service plan", chars: alnumHyphen}

	// WebApp: Microsoft.Web/sites, 2-60, letters, digits and hyphens; can't
	// start or end with a hyphen. Global (<name>.azurewebsites.net).
	WebApp = Kind{Abbr: "app", MinLen: 2, MaxLen: 60, Hyphens: true, Global: true,
		resource: "web app", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit}

	// FunctionApp: Microsoft.Web/sites, same rules as WebApp. The Functions
	// host ID is the name cut to 32 characters, so two function apps sharing a
	// storage account must differ within their first 32 characters; the
	// workload comes right after "func-" for that reason.
	FunctionApp = Kind{Abbr: "func", MinLen: 2, MaxLen: 60, Hyphens: true, Global: true,
		resource: "function app", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit}

	// DataFactory: Microsoft.DataFactory/factories, 3-63, letters, digits and
	// hyphens; starts and ends with a letter or digit; every hyphen sits
	// between letters or digits, i.e. no "--" (Data Factory naming rules).
	// Global.
	DataFactory = Kind{Abbr: "adf", MinLen: 3, MaxLen: 63, Hyphens: true, Global: true,
		resource: "data factory", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit,
		noDoubleHyphen: true}

	// VirtualNetwork: Microsoft.Network/virtualNetworks, 2-64, letters,
	// digits, underscores, periods and hyphens; starts with a letter or digit,
	// ends with a letter, digit or underscore.
	VirtualNetwork = network("vnet", 2, 64, "virtual network")

	// Subnet: Microsoft.Network/virtualNetworks/subnets, 1-80, network rules.
	Subnet = network("snet", 1, 80, "subnet")

	// NetworkSecurityGroup: Microsoft.Network/networkSecurityGroups, 1-80,
	// network rules.
	NetworkSecurityGroup = network("nsg", 1, 80, "network security group")

	// PrivateEndpoint: Microsoft.Network/privateEndpoints, 2-64, network
	// rules.
	PrivateEndpoint = network("pep", 2, 64, "private endpoint")

	// PrivateDNSZoneLink: Microsoft.Network/privateDnsZones/virtualNetworkLinks,
	// 1-80, network rules. CAF has no abbreviation; "vnetlink" says what it is
	// (a zone's link to a VNet) and clashes with none of CAF's.
	PrivateDNSZoneLink = network("vnetlink", 1, 80, "private DNS zone virtual network link")

	// VirtualNetworkPeering: Microsoft.Network/virtualNetworks/virtualNetworkPeerings,
	// 1-80, network rules (resource-name-rules: alphanumerics, underscores,
	// periods and hyphens; starts with an alphanumeric, ends with an
	// alphanumeric or underscore). Unique per VNet. CAF's abbreviation is
	// "peer".
	VirtualNetworkPeering = network("peer", 1, 80, "virtual network peering")

	// AutoscaleSetting: Microsoft.Insights/autoscaleSettings, 1-260, no
	// :<>+/&%\?| or control characters; can't end with a space or period. CAF
	// has no abbreviation and its "as" means Analysis Services, so this uses
	// "mas" (monitor autoscale setting), as Azure/terraform-azurerm-naming does.
	AutoscaleSetting = Kind{Abbr: "mas", MinLen: 1, MaxLen: 260, Hyphens: true,
		resource: "autoscale setting", chars: anyExcept, forbidden: `:<>+/&%\?|`, last: notPeriodOrSpace}

	// ActionGroup: Microsoft.Insights/actionGroups, 1-260, same characters as
	// AutoscaleSetting. Its separate groupShortName (at most 12 characters,
	// shown in SMS and email) is not a resource name and is not derived here.
	ActionGroup = Kind{Abbr: "ag", MinLen: 1, MaxLen: 260, Hyphens: true,
		resource: "action group", chars: anyExcept, forbidden: `:<>+/&%\?|`, last: notPeriodOrSpace}

	// EntraGroup: a Microsoft Entra group's displayName, at most 256
	// characters (Microsoft Graph group resource), any characters. Display
	// names need not be unique and are tenant-wide, so no suffix and no
	// region code.
	EntraGroup = Kind{Abbr: "grp", MinLen: 1, MaxLen: 256, Hyphens: true,
		resource: "Entra group display name", chars: anyExcept, noRegion: true}

	// EntraApplication: a Microsoft Entra application's displayName, at most
	// 256 characters (Microsoft Graph application resource); like EntraGroup.
	EntraApplication = Kind{Abbr: "appreg", MinLen: 1, MaxLen: 256, Hyphens: true,
		resource: "Entra application display name", chars: anyExcept, noRegion: true}

	// FrontDoorProfile: Microsoft.Cdn/profiles (Front Door Standard/Premium),
	// 1-260, letters, digits and hyphens; starts and ends with a letter or
	// digit. Unique per resource group. Front Door is not regional, so the
	// name never carries a region code.
	FrontDoorProfile = Kind{Abbr: "afd", MinLen: 1, MaxLen: 260, Hyphens: true,
		resource: "Front Door profile", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit,
		noRegion: true}

	// FrontDoorEndpoint: Microsoft.Cdn/profiles/afdEndpoints, 2-46, letters,
	// digits and hyphens; starts and ends with a letter or digit. Global:
	// the name is the first label of <name>-<hash>.z01.azurefd.net. Not
	// regional, like the profile.
	FrontDoorEndpoint = Kind{Abbr: "fde", MinLen: 2, MaxLen: 46, Hyphens: true, Global: true,
		resource: "Front Door endpoint", chars: alnumHyphen, first: letterOrDigit, last: letterOrDigit,
		noRegion: true}

	// FrontDoorWAFPolicy: Microsoft.Network/frontDoorWebApplicationFirewallPolicies,
	// 1-128, letters and digits only; starts with a letter. Unique per
	// resource group; not regional.
	FrontDoorWAFPolicy = Kind{Abbr: "fdfp", MinLen: 1, MaxLen: 128,
		resource: "Front Door WAF policy", chars: alnum, first: letterOnly, noRegion: true}
)

// Local kinds (see [Local]): unique within their resource group or scope,
// so their names carry no project, stack, region or suffix. Rules from
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
// (Microsoft.Insights, Microsoft.Consumption).
var (
	// AlertRule: Microsoft.Insights/metricAlerts, scheduledQueryRules and
	// activityLogAlerts, 1-260; none of the characters any of the three
	// refuses (metric alerts *#&+:<>?@%{}\/, log alerts *<>%{}&:\?/#|,
	// activity-log alerts <>*%{}&:\?+/#|) or control characters; can't end
	// with a space or period. CAF has no abbreviation; "alrt" is the
	// program's.
	AlertRule = Kind{Abbr: "alrt", MinLen: 1, MaxLen: 260, Hyphens: true, local: true,
		resource: "alert rule", chars: anyExcept, forbidden: `*#&+:<>?@%{}\/|`, last: notPeriodOrSpace}

	// AvailabilityTest: Microsoft.Insights/webtests. resource-name-rules has
	// no row for web tests; this is its row for Application Insights
	// components, which they belong to: 1-260, no %&\?/ or control
	// characters; can't end with a space or period.
	AvailabilityTest = Kind{Abbr: "avail", MinLen: 1, MaxLen: 260, Hyphens: true, local: true,
		resource: "availability test", chars: anyExcept, forbidden: `%&\?/`, last: notPeriodOrSpace}

	// Budget: Microsoft.Consumption/budgets, 1-63, letters, digits,
	// underscores and hyphens.
	Budget = Kind{Abbr: "budget", MinLen: 1, MaxLen: 63, Hyphens: true, local: true,
		resource: "budget", chars: wordHyphen}
)

func network(abbr string, minLen, maxLen int, resource string) Kind {
	return Kind{Abbr: abbr, MinLen: minLen, MaxLen: maxLen, Hyphens: true,
		resource: resource, chars: networkChars, first: letterOrDigit, last: letterDigitOrUnderscore}
}

// allKinds lists every kind above; New checks the stack fits each of them.
var allKinds = []Kind{
	ResourceGroup, LogAnalyticsWorkspace, ApplicationInsights, KeyVault, StorageAccount,
	SQLServer, SQLFailoverGroup, SQLDatabase, SQLPool, AppServicePlan, WebApp, FunctionApp, DataFactory,
	VirtualNetwork, Subnet, NetworkSecurityGroup, PrivateEndpoint, PrivateDNSZoneLink, VirtualNetworkPeering,
	AutoscaleSetting, ActionGroup, EntraGroup, EntraApplication,
	FrontDoorProfile, FrontDoorEndpoint, FrontDoorWAFPolicy,
}

// regionCodes maps Azure public-cloud region names to the short codes used in
// names. Microsoft publishes no official codes; these follow the common
// pattern (westeurope -> weu). Codes must stay unique and must never change:
// they are part of existing resource names.
var regionCodes = map[string]string{
	// Europe
	"westeurope":         "weu",
	"northeurope":        "neu",
	"swedencentral":      "sdc",
	"swedensouth":        "sds",
	"francecentral":      "frc",
	"francesouth":        "frs",
	"germanywestcentral": "gwc",
	"germanynorth":       "gn",
	"uksouth":            "uks",
	"ukwest":             "ukw",
	"switzerlandnorth":   "szn",
	"switzerlandwest":    "szw",
	"norwayeast":         "noe",
	"norwaywest":         "now",
	"polandcentral":      "plc",
	"italynorth":         "itn",
	"spaincentral":       "spc",
	// Americas
	"eastus":          "eus",
	"eastus2":         "eus2",
	"westus":          "wus",
	"westus2":         "wus2",
	"westus3":         "wus3",
	"centralus":       "cus",
	"northcentralus":  "ncus",
	"southcentralus":  "scus",
	"westcentralus":   "wcus",
	"canadacentral":   "cac",
	"canadaeast":      "cae",
	"brazilsouth":     "brs",
	"brazilsoutheast": "brse",
	"mexicocentral":   "mxc",
	// Asia Pacific
	"australiaeast":      "aue",
	"australiasoutheast": "ause",
	"australiacentral":   "auc",
	"newzealandnorth":    "nzn",
	"southeastasia":      "sea",
	"eastasia":           "ea",
	"japaneast":          "jpe",
	"japanwest":          "jpw",
	"koreacentral":       "krc",
	"koreasouth":         "krs",
	"centralindia":       "inc",
	"southindia":         "ins",
	"westindia":          "inw",
	// Middle East and Africa
	"uaenorth":         "uan",
	"uaecentral":       "uac",
	"qatarcentral":     "qac",
	"israelcentral":    "ilc",
	"southafricanorth": "san",
	"southafricawest":  "saw",
}

// RegionCode returns the short code for an Azure region name such as
// "westeurope" ("weu"). Only the canonical form (lowercase, no spaces) is
// known, matching what Azure returns as a resource's location.
func RegionCode(location string) (code string, ok bool) {
	code, ok = regionCodes[location]
	return code, ok
}

// Regions returns the sorted names of the regions RegionCode knows.
func Regions() []string {
	names := make([]string, 0, len(regionCodes))
	for name := range regionCodes {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// regionList is for error messages.
func regionList() string { return strings.Join(Regions(), ", ") }
