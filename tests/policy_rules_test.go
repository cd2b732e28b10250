package tests

// Every condition of every policy rule, one tamper at a time: each row
// changes one input (or the protect flag, or removes one resource) of a
// stack's real plan and asserts the exact violations that follow: rule, URN
// of the resource that breaks it and message, written out. Rows cover every
// resource type each rule walks, and TestPolRowsCoverEveryCondition fails
// when a rule or a condition is added to internal/policy/policy.go without
// a row here.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// polEdit changes one resource of a plan.
type polEdit func(r *inventory.Resource)

// polAbsentValue marks an input polSet removes.
type polAbsentValue struct{}

var polAbsent = polAbsentValue{}

// polSet sets the input at a dotted path (creating objects on the way,
// keeping secret objects secret); polAbsent removes it. The plan's maps are
// copied on the way, never changed.
func polSet(path string, v any) polEdit {
	return func(r *inventory.Resource) { r.Inputs = polWith(r.Inputs, strings.Split(path, "."), v) }
}

func polWith(m resource.PropertyMap, parts []string, v any) resource.PropertyMap {
	out := m.Copy()
	key := resource.PropertyKey(parts[0])
	if len(parts) == 1 {
		switch v := v.(type) {
		case polAbsentValue:
			delete(out, key)
		case resource.PropertyValue:
			out[key] = v
		default:
			out[key] = resource.NewPropertyValue(v)
		}
		return out
	}
	cur, secret := out[key], false
	for cur.IsSecret() {
		secret, cur = true, cur.SecretValue().Element
	}
	inner := resource.PropertyMap{}
	if cur.IsObject() {
		inner = cur.ObjectValue()
	}
	next := resource.NewProperty(polWith(inner, parts[1:], v))
	if secret {
		next = resource.MakeSecret(next)
	}
	out[key] = next
	return out
}

// polSecret is a secret value.
func polSecret(v any) resource.PropertyValue {
	return resource.MakeSecret(resource.NewPropertyValue(v))
}

// polUnprotect clears the protect flag.
func polUnprotect(r *inventory.Resource) { r.Protect = false }

// polRemove drops the resource from the plan.
func polRemove(r *inventory.Resource) { r.URN = "" }

// polTamper returns a copy of r with each named custom resource (exactly one
// per name) edited.
func polTamper(t *testing.T, r *inventory.Result, edits map[string]polEdit) *inventory.Result {
	t.Helper()
	out := *r
	out.Resources = nil
	found := map[string]int{}
	for _, res := range r.Resources {
		if edit, ok := edits[res.Name]; ok && res.Custom {
			found[res.Name]++
			edit(&res)
			if res.URN == "" {
				continue
			}
		}
		out.Resources = append(out.Resources, res)
	}
	for name := range edits {
		require.Equalf(t, 1, found[name], "the %s plan has exactly one custom resource named %s", r.Stack, name)
	}
	return &out
}

// polURN is the URN of the custom resource a row names, in the plan the
// row tampers with: rows name resources by logical name, and the plans'
// URNs are pinned by TestURNsPinned (tests/testdata/urns).
func polURN(t *testing.T, stack, name string) string {
	t.Helper()
	found := withName(polPlan(t, stack), "", name)
	require.Lenf(t, found, 1, "the %s plan has one resource named %s", stack, name)
	return found[0].URN
}

// polWant is one expected violation: rule, resource (its logical name), message.
type polWant struct{ rule, res, msg string }

// polRow tampers one stack plan (or each of several) and lists the exact
// violations; none when want is empty.
type polRow struct {
	name   string
	stacks []string // the committed plans it tampers with, fixtures checked as their config's class (isProd)
	edits  map[string]polEdit
	want   []polWant
}

// The fixtures rows tamper with: a committed plan of each class.
var (
	polBoth = []string{"dev", "prod"}
	polProd = []string{"prod"}
	polDev  = []string{"dev"}
)

// polOne is a row with one edit and one violation on the edited resource.
func polOne(stacks []string, res string, edit polEdit, rule, msg string) polRow {
	return polRow{name: rule + "/" + res + "/" + msg, stacks: stacks, edits: map[string]polEdit{res: edit}, want: []polWant{{rule, res, msg}}}
}

// polVia is a row with one edit whose one violation is another resource's.
func polVia(stacks []string, edited string, edit polEdit, rule, res, msg string) polRow {
	return polRow{name: rule + "/" + res + "/" + edited + "/" + msg, stacks: stacks, edits: map[string]polEdit{edited: edit}, want: []polWant{{rule, res, msg}}}
}

// polNone is a row whose edits break nothing.
func polNone(name string, stacks []string, edits map[string]polEdit) polRow {
	return polRow{name: "none/" + name, stacks: stacks, edits: edits}
}

func polRows() []polRow {
	var rows []polRow
	add := func(r ...polRow) { rows = append(rows, r...) }

	// storage-hardened: both storage accounts, both blob services.
	for _, st := range []string{"core-st", "analytics-st"} {
		add(
			polOne(polBoth, st, polSet("allowBlobPublicAccess", true), "storage-hardened", "allowBlobPublicAccess is true, want false"),
			polOne(polBoth, st, polSet("allowSharedKeyAccess", true), "storage-hardened", "allowSharedKeyAccess is true, want false"),
			polOne(polBoth, st, polSet("allowSharedKeyAccess", polAbsent), "storage-hardened", "allowSharedKeyAccess is <nil>, want false"),
			polOne(polBoth, st, polSet("minimumTlsVersion", "TLS1_1"), "storage-hardened", "minimumTlsVersion is TLS1_1, want TLS1_2"),
			polOne(polBoth, st, polSet("enableHttpsTrafficOnly", false), "storage-hardened", "enableHttpsTrafficOnly is false, want true"),
		)
	}
	for _, blob := range []string{"core-st-blob", "analytics-st-blob"} {
		add(
			polOne(polBoth, blob, polSet("deleteRetentionPolicy.enabled", false), "storage-hardened", "deleteRetentionPolicy.enabled is false, want true"),
			polOne(polBoth, blob, polSet("deleteRetentionPolicy", polAbsent), "storage-hardened", "deleteRetentionPolicy.enabled is <nil>, want true"),
			polOne(polBoth, blob, polSet("containerDeleteRetentionPolicy.enabled", false), "storage-hardened", "containerDeleteRetentionPolicy.enabled is false, want true"),
			polOne(polBoth, blob, polSet("isVersioningEnabled", false), "storage-hardened", "isVersioningEnabled is false, want true"),
		)
	}

	// sql-entra-only: both SQL servers. The password is a secret here, so
	// only this rule speaks (the plain one is no-plaintext-secrets' too).
	for _, sql := range []string{"core-sql", "analytics-sqldw"} {
		add(
			polOne(polBoth, sql, polSet("administrators.azureADOnlyAuthentication", false), "sql-entra-only", "administrators.azureADOnlyAuthentication is false, want true"),
			polOne(polBoth, sql, polSet("minimalTlsVersion", "1.0"), "sql-entra-only", "minimalTlsVersion is 1.0, want 1.2"),
			polOne(polBoth, sql, polSet("administratorLoginPassword", polSecret("hunter2")), "sql-entra-only", "has a SQL admin password"),
		)
	}
	add(polRow{
		name: "sql-entra-only/plain password is also a plaintext secret", stacks: polBoth,
		edits: map[string]polEdit{"core-sql": polSet("administratorLoginPassword", "hunter2")},
		want: []polWant{
			{"no-plaintext-secrets", "core-sql", "administratorLoginPassword holds a credential in plain text"},
			{"sql-entra-only", "core-sql", "has a SQL admin password"},
		},
	})

	// key-vault-safe: purge protection only in prod.
	add(
		polOne(polBoth, "core-kv", polSet("properties.enableRbacAuthorization", false), "key-vault-safe", "properties.enableRbacAuthorization is false, want true"),
		polOne(polBoth, "core-kv", polSet("properties.enableSoftDelete", false), "key-vault-safe", "properties.enableSoftDelete is false, want true"),
		polOne(polProd, "core-kv", polSet("properties.enablePurgeProtection", false), "key-vault-safe", "properties.enablePurgeProtection is false, want true"),
		polOne(polProd, "core-kv", polSet("properties.enablePurgeProtection", polAbsent), "key-vault-safe", "properties.enablePurgeProtection is <nil>, want true"),
		polNone("key-vault-safe/dev needs no purge protection", polDev, map[string]polEdit{"core-kv": polSet("properties.enablePurgeProtection", false)}),
	)

	// web-hardened: web apps, slots (prod) and the function app.
	for _, web := range []struct {
		res    string
		stacks []string
	}{{"apps-portal", polBoth}, {"apps-backoffice", polBoth}, {"core-worker", polBoth}, {"apps-portal-staging", polProd}, {"apps-backoffice-staging", polProd}} {
		add(
			polOne(web.stacks, web.res, polSet("httpsOnly", false), "web-hardened", "httpsOnly is false, want true"),
			polOne(web.stacks, web.res, polSet("siteConfig.minimumTlsVersion", "1.1"), "web-hardened", "siteConfig.minimumTlsVersion is 1.1, want 1.2"),
			polOne(web.stacks, web.res, polSet("siteConfig.ftpsState", "FtpsOnly"), "web-hardened", "siteConfig.ftpsState is FtpsOnly, want Disabled"),
			polOne(web.stacks, web.res, polSet("siteConfig.http2Enabled", false), "web-hardened", "siteConfig.http2Enabled is false, want true"),
			polOne(web.stacks, web.res, polSet("ftpPublishBasicAuthenticationEnabled", true), "web-hardened", "ftpPublishBasicAuthenticationEnabled is true, want false"),
			polOne(web.stacks, web.res, polSet("webdeployPublishBasicAuthenticationEnabled", true), "web-hardened", "webdeployPublishBasicAuthenticationEnabled is true, want false"),
			polOne(web.stacks, web.res, polSet("storageAccountAccessKey", polSecret("a2V5")), "web-hardened", "uses a storage account key"),
		)
	}

	// diagnostics-to-workspace: every diagnosable type, through the setting
	// that serves it: sent elsewhere, or to no workspace.
	for _, d := range []struct {
		res, diag string
		stacks    []string
	}{
		{"core-log", "core-log-diag", polBoth},
		{"core-kv", "core-kv-diag", polBoth},
		{"core-st", "core-st-diag", polBoth},
		{"analytics-st", "analytics-st-diag", polBoth},
		{"core-sqldb", "core-sqldb-diag", polBoth},
		{"analytics-sqldw-pool", "analytics-sqldw-pool-diag", polBoth},
		{"apps-autoscale", "apps-autoscale-diag", polProd},
		{"core-worker-autoscale", "core-worker-autoscale-diag", polProd},
		{"apps-plan", "apps-plan-diag", polBoth},
		{"core-worker-plan", "core-worker-plan-diag", polBoth},
		{"apps-portal", "apps-portal-diag", polBoth},
		{"apps-backoffice", "apps-backoffice-diag", polBoth},
		{"apps-portal-staging", "apps-portal-staging-diag", polProd},
		{"apps-backoffice-staging", "apps-backoffice-staging-diag", polProd},
		{"core-worker", "core-worker-diag", polBoth},
		{"analytics-adf", "analytics-adf-diag", polBoth},
		{"core-vnet", "core-vnet-diag", polProd},
		{"core-nsg-apps", "core-nsg-apps-diag", polProd},
		{"core-nsg-worker", "core-nsg-worker-diag", polProd},
		{"core-nsg-endpoints", "core-nsg-endpoints-diag", polProd},
		{"apps-edge-afd", "apps-edge-afd-diag", polBoth}, // the plans the rows tamper have an edge
	} {
		const rule, msg = "diagnostics-to-workspace", "sends no diagnostics to the Log Analytics workspace"
		add(
			polVia(d.stacks, d.diag, polSet("resourceUri", "/subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/resourceGroups/rg-other"), rule, d.res, msg),
			polVia(d.stacks, d.diag, polSet("workspaceId", polAbsent), rule, d.res, msg),
		)
	}

	// role-assignments-narrow: a name that is no GUID, a scope that is the
	// subscription or the resource group; an assignment of each layer.
	for _, ra := range []struct {
		res    string
		stacks []string
	}{{"core-worker-queue-notifications", polBoth}, {"apps-portal-kv", polBoth}, {"analytics-adf-pool-operator", polBoth}, {"apps-portal-staging-kv", polProd}} {
		add(
			polOne(ra.stacks, ra.res, polSet("roleAssignmentName", "worker-reads-queue"), "role-assignments-narrow", `name "worker-reads-queue" is not a deterministic GUID`),
			polOne(ra.stacks, ra.res, polSet("roleAssignmentName", "557E95DA-D66A-59DC-99AA-9E324AB2D355"), "role-assignments-narrow", `name "557E95DA-D66A-59DC-99AA-9E324AB2D355" is not a deterministic GUID`),
			polOne(ra.stacks, ra.res, polSet("roleAssignmentName", polAbsent), "role-assignments-narrow", `name "" is not a deterministic GUID`),
			polOne(ra.stacks, ra.res, polSet("scope", "/subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17"), "role-assignments-narrow",
				"scope /subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17 is a whole subscription or resource group"),
			polOne(ra.stacks, ra.res, polSet("scope", "/subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/"), "role-assignments-narrow",
				"scope /subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/ is a whole subscription or resource group"),
			polOne(ra.stacks, ra.res, polSet("scope", "/subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/resourceGroups/rg-shop"), "role-assignments-narrow",
				"scope /subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/resourceGroups/rg-shop is a whole subscription or resource group"),
		)
	}
	add(polNone("role-assignments-narrow/a resource scope is narrow", polBoth, map[string]polEdit{
		"apps-portal-kv": polSet("scope", "/subscriptions/6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17/resourceGroups/rg-shop/providers/Microsoft.KeyVault/vaults/kv-shop"),
	}))

	// no-plaintext-secrets: by the input's leaf name, by content, on any
	// resource; secrets, Key Vault references, empty and non-string values
	// are fine.
	const plain = "no-plaintext-secrets"
	add(
		polOne(polBoth, "apps-portal", polSet("appSettings.DB_PASSWORD", "hunter2"), plain, "appSettings.DB_PASSWORD holds a credential in plain text"),
		polOne(polBoth, "apps-backoffice", polSet("appSettings.WEBHOOK_SECRET", "s3cr3t"), plain, "appSettings.WEBHOOK_SECRET holds a credential in plain text"),
		polOne(polBoth, "core-worker", polSet("appSettings.StorageAccountKeyValue", "a2V5"), plain, "appSettings.StorageAccountKeyValue holds a credential in plain text"),
		polOne(polBoth, "core-rg", polSet("tags.primaryAccessKeyHint", "a2V5"), plain, "tags.primaryAccessKeyHint holds a credential in plain text"),
		polOne(polBoth, "core-kv", polSet("properties.clientSecretSetting", "abc"), plain, "properties.clientSecretSetting holds a credential in plain text"),
		polOne(polBoth, "apps-portal", polSet("appSettings.STORAGE", "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=a2V5"), plain,
			"appSettings.STORAGE holds a credential in plain text"),
		polOne(polBoth, "analytics-adf-ls-warehouse", polSet("properties.typeProperties.password", "hunter2"), plain,
			"properties.typeProperties.password holds a credential in plain text"),
		polOne(polBoth, "core-worker", polSet("connectionStrings", []any{map[string]any{"name": "db", "value": "Server=db;password=hunter2"}}), plain,
			"connectionStrings[0].value holds a credential in plain text"),
		polOne(polBoth, "apps-backoffice", polSet("appSettings.DSN", "Server=db;Database=shop;PASSWORD=hunter2"), plain,
			"appSettings.DSN holds a credential in plain text"),
		polOne(polBoth, "apps-portal", polSet("appSettings.FLAGS", "=verbose;password=hunter2"), plain, // the text starts with its first "="
			"appSettings.FLAGS holds a credential in plain text"),
		polNone("no-plaintext-secrets/exempt values", polBoth, map[string]polEdit{
			"apps-portal":     polSet("appSettings.DB_PASSWORD", "@Microsoft.KeyVault(SecretUri=https://kv-shop.vault.azure.net/secrets/db/)"),
			"apps-backoffice": polSet("appSettings.DB_PASSWORD", polSecret("hunter2")),
			"core-worker":     polSet("appSettings.DB_PASSWORD", ""),
			"core-rg":         polSet("tags.password", true),
			"core-kv":         polSet("properties.secretName", "db-password"),
			"core-st":         polSet("tags.note", polSecret("AccountKey=a2V5")),
		}),
	)

	// adf-entities-as-written: a classic Data Factory type outside the
	// list, on any resource; a generic entity's API version, a body that is
	// no object, a null anywhere in it (the classic workaround's); generic
	// resources of other namespaces are not the rule's.
	const adf = "adf-entities-as-written"
	for res, typ := range map[string]string{"analytics-adf-pipeline": "azure:datafactory/pipeline:Pipeline",
		"analytics-adf-ls-warehouse": "azure:datafactory/linkedCustomService:LinkedCustomService", "analytics-adf-ds-ShopSqlQuery": "azure:datafactory/customDataset:CustomDataset"} {
		add(polOne(polBoth, res, func(r *inventory.Resource) { r.Type = typ }, adf,
			typ+" rewrites its Data Factory JSON through azurerm's model: register the entity as azure-native:resources:Resource with its REST body as properties"))
	}
	add(
		polOne(polBoth, "analytics-adf-ls-warehouse", polSet("apiVersion", "2017-09-01-preview"), adf, "apiVersion is 2017-09-01-preview, want 2018-06-01"),
		polOne(polBoth, "analytics-adf-pipeline", polSet("properties", "{}"), adf, "properties is not an object: it must be the entity's REST body"),
		polOne(polBoth, "analytics-adf-ds-ShopSqlQuery", polSet("properties", polAbsent), adf, "properties is not an object: it must be the entity's REST body"),
		polOne(polBoth, "analytics-adf-pipeline", polSet("properties.activities", []any{map[string]any{"name": "PauseWarehouse",
			"typeProperties": map[string]any{"authentication": map[string]any{"type": "MSI", "password": nil, "pfx": nil}}}}), adf,
			"properties.activities[0].typeProperties.authentication.password is null: leave the field out"),
		polOne(polBoth, "analytics-adf-ls-warehouse", polSet("properties.connectVia", nil), adf, "properties.connectVia is null: leave the field out"),
		polNone(adf+"/another namespace's generic resource", polBoth, map[string]polEdit{
			"analytics-adf-ds-ShopSqlQuery": polAll(polSet("resourceProviderNamespace", "Microsoft.Insights"), polSet("apiVersion", "2015-05-01"), polSet("properties", nil)),
		}),
		polRow{name: adf + "/checks go on after a body that is no object", stacks: polBoth,
			edits: map[string]polEdit{
				"analytics-adf-ls-warehouse": polSet("properties", polAbsent),
				"analytics-adf-pipeline":     polSet("properties.folder", nil),
			},
			want: []polWant{
				{adf, "analytics-adf-ls-warehouse", "properties is not an object: it must be the entity's REST body"},
				{adf, "analytics-adf-pipeline", "properties.folder is null: leave the field out"},
			}},
	)

	// prod-data-protected: every stateful type.
	for _, res := range []string{"core-rg", "core-st", "analytics-st", "core-st-order-documents", "analytics-st-etl-staging",
		"core-sql", "analytics-sqldw", "core-sqldb", "analytics-sqldw-pool", "core-kv", "core-log"} {
		add(polOne(polProd, res, polUnprotect, "prod-data-protected", "stateful resource is not protected"))
	}

	// prod-resource-group-locked: the lock must be CanNotDelete, on this
	// resource group, and be there.
	const lock, noLock = "prod-resource-group-locked", "resource group has no CanNotDelete lock"
	add(
		polVia(polProd, "core-rg-lock", polSet("level", "ReadOnly"), lock, "core-rg", noLock),
		polVia(polProd, "core-rg-lock", polSet("resourceGroupName", "rg-other"), lock, "core-rg", noLock),
		polVia(polProd, "core-rg-lock", polRemove, lock, "core-rg", noLock),
		polOne(polProd, "core-rg", polSet("resourceGroupName", "rg-renamed"), lock, noLock),
	)

	// prod-private-endpoints: storage, SQL servers, Key Vault.
	for _, res := range []string{"core-st", "analytics-st", "core-sql", "analytics-sqldw"} {
		add(
			polOne(polProd, res, polSet("publicNetworkAccess", "Enabled"), "prod-private-endpoints", "publicNetworkAccess is Enabled, want Disabled"),
			polOne(polProd, res, polSet("publicNetworkAccess", polAbsent), "prod-private-endpoints", "publicNetworkAccess is <nil>, want Disabled"),
		)
	}
	add(polOne(polProd, "core-kv", polSet("properties.publicNetworkAccess", "Enabled"), "prod-private-endpoints", "properties.publicNetworkAccess is Enabled, want Disabled"))

	// prod-subnets-have-nsg: every subnet.
	for _, res := range []string{"core-snet-apps", "core-snet-endpoints", "core-snet-worker"} {
		add(
			polOne(polProd, res, polSet("networkSecurityGroup", polAbsent), "prod-subnets-have-nsg", "subnet has no network security group"),
			polOne(polProd, res, polSet("networkSecurityGroup.id", polAbsent), "prod-subnets-have-nsg", "subnet has no network security group"),
		)
	}

	// edge-https-only: every route of both stacks; no route forwards plain
	// HTTP or serves it without redirecting.
	for _, route := range []string{"apps-edge-portal-route", "apps-edge-portal-static-route", "apps-edge-backoffice-route"} {
		add(
			polOne(polBoth, route, polSet("forwardingProtocol", "MatchRequest"), "edge-https-only", "forwardingProtocol is MatchRequest, want HttpsOnly"),
			polOne(polBoth, route, polSet("forwardingProtocol", polAbsent), "edge-https-only", "forwardingProtocol is <nil>, want HttpsOnly"),
			polOne(polBoth, route, polSet("httpsRedirect", "Disabled"), "edge-https-only", "accepts HTTP without redirecting it to HTTPS"),
		)
	}
	add(polNone("route that only serves HTTPS", polBoth, map[string]polEdit{
		"apps-edge-portal-route": polAll(polSet("supportedProtocols", []any{"Https"}), polSet("httpsRedirect", "Disabled")),
	}))

	// prod-web-behind-waf: a WAF that only detects, or is off, leaves both
	// apps unprotected; an app no route reaches is behind nothing; a domain
	// no security policy covers exposes its app.
	const uncovered = "is reachable through a Front Door domain that no WAF policy in Prevention mode covers"
	// prod's portals: the primary's and the standby's (priority-2 origins
	// of the same routes).
	prodPortals := func(rule, message string) []polWant {
		var out []polWant
		for _, site := range []string{"apps-backoffice", "apps-portal", "apps-standby-backoffice", "apps-standby-portal"} {
			out = append(out, polWant{rule, site, message})
		}
		return out
	}
	add(
		polRow{name: "prod-web-behind-waf/detection", stacks: polProd,
			edits: map[string]polEdit{"apps-edge-waf": polSet("policySettings.mode", "Detection")},
			want: append([]polWant{{"prod-web-behind-waf", "apps-edge-waf", "policySettings.mode is Detection, want Prevention"}},
				prodPortals("prod-web-behind-waf", uncovered)...)},
		polRow{name: "prod-web-behind-waf/disabled", stacks: polProd,
			edits: map[string]polEdit{"apps-edge-waf": polSet("policySettings.enabledState", "Disabled")},
			want: append([]polWant{{"prod-web-behind-waf", "apps-edge-waf", "policySettings.enabledState is Disabled, want Enabled"}},
				prodPortals("prod-web-behind-waf", uncovered)...)},
		polVia(polProd, "apps-edge-portal-origin", polSet("hostName", "elsewhere.example.com"), "prod-web-behind-waf", "apps-portal", "is the origin of no Front Door route"),
		polRow{name: "prod-web-behind-waf/domain not linked", stacks: polProd,
			edits: map[string]polEdit{"apps-edge-waf-link": polSet("parameters.associations", []any{map[string]any{"domains": []any{}, "patternsToMatch": []any{"/*"}}})},
			want:  prodPortals("prod-web-behind-waf", uncovered)},
	)
	// dev may detect only: the prod rules are not dev's.
	add(polNone("dev WAF in Detection", polDev, map[string]polEdit{"apps-edge-waf": polSet("policySettings.mode", "Detection")}))

	// prod-origins-locked-to-front-door: apps and slots deny by default and
	// admit only this profile's Front Door.
	anyAddress := []any{map[string]any{"action": "Allow", "ipAddress": "0.0.0.0/0", "priority": 100.0}}
	anyFrontDoor := []any{map[string]any{"action": "Allow", "serviceTag": "AzureFrontDoor.Backend", "priority": 100.0}}
	foreign := []any{map[string]any{"action": "Allow", "serviceTag": "AzureFrontDoor.Backend", "headers": map[string]any{"xAzureFdids": []any{"7b1e0b52-0000-4000-8000-000000000000"}}}}
	for _, web := range []string{"apps-portal", "apps-backoffice", "apps-portal-staging", "apps-backoffice-staging"} {
		add(
			polOne(polProd, web, polSet("siteConfig.ipRestrictionDefaultAction", "Allow"), "prod-origins-locked-to-front-door", "siteConfig.ipRestrictionDefaultAction is Allow, want Deny"),
			polOne(polProd, web, polSet("siteConfig.ipRestrictionDefaultAction", polAbsent), "prod-origins-locked-to-front-door", "siteConfig.ipRestrictionDefaultAction is <nil>, want Deny"),
			polOne(polProd, web, polSet("siteConfig.ipRestrictions", anyAddress), "prod-origins-locked-to-front-door", "ipRestrictions[0] allows traffic that is not Front Door's (service tag AzureFrontDoor.Backend)"),
			polOne(polProd, web, polSet("siteConfig.ipRestrictions", anyFrontDoor), "prod-origins-locked-to-front-door", "ipRestrictions[0] allows Front Door profiles other than this stack's (X-Azure-FDID)"),
			polOne(polProd, web, polSet("siteConfig.ipRestrictions", foreign), "prod-origins-locked-to-front-door", "ipRestrictions[0] allows Front Door profiles other than this stack's (X-Azure-FDID)"),
		)
	}
	add(polNone("an extra deny rule is no opening", polProd, map[string]polEdit{
		"apps-portal": polSet("siteConfig.ipRestrictions", []any{map[string]any{"action": "Deny", "ipAddress": "198.51.100.0/24"}}),
	}),
		polOne(polProd, "apps-portal", polSet("siteConfig.ipRestrictions", []any{map[string]any{"action": "Deny", "ipAddress": "198.51.100.0/24"}, anyFrontDoor[0]}),
			"prod-origins-locked-to-front-door", "ipRestrictions[1] allows Front Door profiles other than this stack's (X-Azure-FDID)"),
		// A site that takes no public traffic is no public web app.
		polNone("a closed app is locked", polProd, map[string]polEdit{
			"apps-portal": polAll(polSet("publicNetworkAccessEnabled", false), polSet("siteConfig.ipRestrictionDefaultAction", "Allow")),
		}),
		polRow{name: "prod-web-behind-waf/link to another policy", stacks: polProd,
			edits: map[string]polEdit{"apps-edge-waf-link": polSet("parameters.wafPolicy.id", "/subscriptions/x/other")},
			want:  prodPortals("prod-web-behind-waf", uncovered)},
	)

	// Operations (operations.go): alerts-required walks the catalog's
	// kinds, not literal types (so TestPolRowsCoverEveryCondition cannot
	// read its conditions): a catalog alert removed, on another resource,
	// metric, namespace or role; a log alert removed, naming nothing, or of
	// another rule. A metric namespace is matched ignoring case.
	const required, notify = "alerts-required", "alerts-notify"
	criterion := func(metric, namespace string, dims ...any) polEdit {
		return polSet("criteria.allOf", []any{map[string]any{"criterionType": "StaticThresholdCriterion", "name": "x",
			"metricName": metric, "metricNamespace": namespace, "operator": "GreaterThan", "threshold": 1.0, "timeAggregation": "Average", "dimensions": dims}})
	}
	roleName := func(op, name string) any {
		return map[string]any{"name": "cloud/roleName", "operator": op, "values": []any{name}}
	}
	add(
		polVia(polBoth, "core-st-alert-availability", polRemove, required, "core-st",
			`storage account has no "availability" metric alert (Microsoft.Storage/storageAccounts Availability)`),
		polVia(polBoth, "core-kv-alert-saturation", polSet("scopes", []any{"/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/other"}),
			required, "core-kv", `Key Vault has no "saturation" metric alert (Microsoft.KeyVault/vaults SaturationShoebox)`),
		polVia(polBoth, "apps-portal-alert-http-5xx", criterion("Http4xx", "Microsoft.Web/sites"),
			required, "apps-portal", `web app has no "http-5xx" metric alert (Microsoft.Web/sites Http5xx)`),
		polVia(polBoth, "apps-app-plan-alert-cpu", criterion("CpuPercentage", "Microsoft.Web/sites"),
			required, "apps-plan", `App Service plan has no "cpu" metric alert (Microsoft.Web/serverFarms CpuPercentage)`),
		polNone("alerts-required/namespace case", polBoth, map[string]polEdit{"apps-app-plan-alert-cpu": criterion("CpuPercentage", "microsoft.web/serverfarms")}),
		polVia(polBoth, "core-worker-alert-failures", criterion("requests/failed", "microsoft.insights/components", roleName("Include", "app-portal")),
			required, "core-worker", `function app has no "failures" metric alert (microsoft.insights/components requests/failed)`),
		polVia(polProd, "core-worker-alert-failures", criterion("requests/failed", "microsoft.insights/components", roleName("Exclude", "func-worker-ecommerce-prod-weu-nbplvp")),
			required, "core-worker", `function app has no "failures" metric alert (microsoft.insights/components requests/failed)`),
		polVia(polBoth, "analytics-sqldw-pool-alert-dwu", polRemove, required, "analytics-sqldw-pool",
			`dedicated SQL pool has no "dwu" metric alert (Microsoft.Sql/servers/databases dwu_consumption_percent)`),
		// A pool in another tier is a database: it needs a database's alerts.
		polRow{name: required + "/pool as a database", stacks: polBoth, edits: map[string]polEdit{"analytics-sqldw-pool": polSet("sku.tier", "GeneralPurpose")},
			want: []polWant{
				{required, "analytics-sqldw-pool", `SQL database has no "cpu" metric alert (Microsoft.Sql/servers/databases sql_instance_cpu_percent)`},
				{required, "analytics-sqldw-pool", `SQL database has no "storage" metric alert (Microsoft.Sql/servers/databases storage_percent)`},
				{required, "analytics-sqldw-pool", `SQL database has no "deadlocks" metric alert (Microsoft.Sql/servers/databases deadlock)`},
				{required, "analytics-sqldw-pool", `SQL database has no "failed-connections" metric alert (Microsoft.Sql/servers/databases connection_failed)`},
			}},
		// Both sides of the failover group need the replication alert: the
		// primary as the group's database, the standby as its geo-secondary.
		polVia(polProd, "core-sqldb-alert-replication-lag", polRemove, required, "core-sqldb",
			`SQL database in a failover group has no "replication-lag" metric alert (Microsoft.Sql/servers/databases replication_lag_seconds)`),
		polVia(polProd, "core-sqldb-standby-alert-replication-lag", polRemove, required, "core-standby-sqldb",
			`SQL database in a failover group has no "replication-lag" metric alert (Microsoft.Sql/servers/databases replication_lag_seconds)`),
		polVia(polBoth, "core-worker-alert-poison-queue-move", polRemove, required, "core-worker",
			`function app has no "poison-queue-move" log alert whose query names it`),
		polVia(polBoth, "analytics-adf-alert-etl-load-failed", polSet("criteria.allOf", []any{map[string]any{"query": `ADFActivityRun | where Status == "Failed"`}}),
			required, "analytics-adf", `Data Factory has no "etl-load-failed" log alert whose query names it`),
		polVia(polBoth, "analytics-sqldw-pool-alert-pool-online-after-load", polSet("tags.alert-rule", "etl-load-failed"),
			required, "analytics-sqldw-pool", `dedicated SQL pool has no "pool-online-after-load" log alert whose query names it`),
		// alerts-notify: every metric, log and activity log alert.
		polOne(polBoth, "core-sqldb-alert-deadlocks", polSet("actions", polAbsent), notify, "notifies no action group"),
		polOne(polBoth, "apps-portal-availability-alert", polSet("actions", []any{map[string]any{"actionGroupId": ""}}), notify, "notifies no action group"),
		polOne(polBoth, "core-worker-alert-poison-queue-move", polSet("actions.actionGroups", []any{}), notify, "notifies no action group"),
		polOne(polBoth, "core-health-resource-health", polSet("actions", polAbsent), notify, "notifies no action group"),
		// prod: telemetry with Entra only, Defender on both servers.
		polOne(polProd, "core-appi", polSet("disableLocalAuth", false), "prod-app-insights-entra-only", "disableLocalAuth is false, want true"),
		polOne(polProd, "core-appi", polSet("disableLocalAuth", polAbsent), "prod-app-insights-entra-only", "disableLocalAuth is <nil>, want true"),
		polVia(polProd, "analytics-sqldw-defender", polRemove, "prod-sql-threat-detection", "analytics-sqldw",
			"has no enabled Defender for SQL (security alert policy or advanced threat protection)"),
		polVia(polProd, "core-sql-defender", polSet("state", "Disabled"), "prod-sql-threat-detection", "core-sql",
			"has no enabled Defender for SQL (security alert policy or advanced threat protection)"),
	)
	return rows
}

// polAll applies edits in order.
func polAll(edits ...polEdit) polEdit {
	return func(r *inventory.Resource) {
		for _, e := range edits {
			e(r)
		}
	}
}

// TestPolRules runs every row on its stacks and compares the violations,
// all of them, with the row's.
func TestPolRules(t *testing.T) {
	t.Parallel() // a heavy test: many independent runs of the program
	for _, row := range polRows() {
		for _, stack := range row.stacks {
			t.Run(stack+"/"+row.name, func(t *testing.T) {
				t.Parallel()
				report := policy.Check(polTamper(t, polPlan(t, stack), row.edits), isProd(t, stack))
				want := []policy.Violation{}
				for _, w := range row.want {
					want = append(want, policy.Violation{Rule: w.rule, URN: polURN(t, stack, w.res), Message: w.msg})
				}
				got := append([]policy.Violation{}, report.Violations...)
				assert.Equal(t, want, got)
			})
		}
	}
}

// polRuleNames are the baseline rules policy.Check runs, in order, by
// whether the stack is prod.
var polRuleNames = map[bool][]string{
	false: {"storage-hardened", "sql-entra-only", "key-vault-safe", "web-hardened", "diagnostics-to-workspace",
		"role-assignments-narrow", "no-plaintext-secrets", "adf-entities-as-written", "edge-https-only",
		"alerts-required", "alerts-notify"},
	true: {"storage-hardened", "sql-entra-only", "key-vault-safe", "web-hardened", "diagnostics-to-workspace",
		"role-assignments-narrow", "no-plaintext-secrets", "adf-entities-as-written",
		"edge-https-only", "prod-web-behind-waf", "prod-origins-locked-to-front-door", "alerts-required", "alerts-notify",
		"prod-data-protected", "prod-resource-group-locked", "prod-private-endpoints", "prod-subnets-have-nsg",
		"prod-app-insights-entra-only", "prod-sql-threat-detection"},
}

// TestPolUntamperedStacks: the committed stacks break no rule, every rule of
// the stack's class is checked, in order, and Checked counts the custom
// resources (components are no Azure resources).
func TestPolUntamperedStacks(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := polPlan(t, stack)
			report := policy.Check(res, isProd(t, stack))
			assert.Empty(t, report.Violations)
			assert.Equal(t, polRuleNames[isProd(t, stack)], report.Rules)
			require.Less(t, customCount(res), len(res.Resources), "components are in the plan")
			assert.Equal(t, customCount(res), report.Checked)
		})
	}
	// dev's plan, checked as prod, is not passed.
	assert.False(t, policy.Check(polPlan(t, "dev"), true).Passed())
	assert.True(t, policy.Report{}.Passed())
	assert.False(t, policy.Report{Violations: []policy.Violation{{}}}.Passed())
}

// TestPolViolationsSortedByRule: violations come grouped by rule name, in
// the order each rule found them.
func TestPolViolationsSortedByRule(t *testing.T) {
	res := polTamper(t, stackPlan(t, "prod"), map[string]polEdit{
		"core-st":        polAll(polSet("publicNetworkAccess", "Enabled"), polSet("allowBlobPublicAccess", true)),
		"core-snet-apps": polSet("networkSecurityGroup", polAbsent),
		"analytics-st":   polSet("allowBlobPublicAccess", true),
		"core-kv":        polUnprotect,
	})
	var got []string
	for _, v := range policy.Check(res, true).Violations {
		got = append(got, v.Rule+" "+v.URN[strings.LastIndex(v.URN, "::")+2:]+": "+v.Message)
	}
	assert.Equal(t, []string{
		"prod-data-protected core-kv: stateful resource is not protected",
		"prod-private-endpoints core-st: publicNetworkAccess is Enabled, want Disabled",
		"prod-subnets-have-nsg core-snet-apps: subnet has no network security group",
		"storage-hardened analytics-st: allowBlobPublicAccess is true, want false",
		"storage-hardened core-st: allowBlobPublicAccess is true, want false",
	}, got)

	// The plan's report merges Check's with the cost and resilience rules'
	// the same way: by rule, ties in the order found.
	merged := policy.Report{Rules: []string{"b"}, Checked: 3, Violations: []policy.Violation{{Rule: "z", Message: "first"}}}.
		With(policy.Report{Rules: []string{"a"}, Checked: 5, Violations: []policy.Violation{{Rule: "z", Message: "second"}, {Rule: "a"}}})
	assert.Equal(t, policy.Report{Rules: []string{"b", "a"}, Checked: 5,
		Violations: []policy.Violation{{Rule: "a"}, {Rule: "z", Message: "first"}, {Rule: "z", Message: "second"}}}, merged)
}

// polCondition is one check of policy.go: a c.want (key: the input path) or
// a c.fail (key: the message format) of a rule, on the resource types the
// enclosing loops walk ("*" for every resource).
type polCondition struct {
	rule, key string
	want      bool
	types     []string
}

// polFiles are the policy's sources whose conditions the rows must cover:
// the baseline and the edge's rules.
var polFiles = []string{"../internal/policy/policy.go", "../internal/policy/edge.go"}

// polConditions reads every condition out of the policy's sources.
func polConditions(t *testing.T) []polCondition {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, path := range polFiles {
		file, err := parser.ParseFile(fset, path, nil, 0)
		require.NoError(t, err)
		files = append(files, file)
	}

	// The type tokens the policy names as inventory.X, read from their file.
	tokens := map[string]string{}
	typesFile, err := parser.ParseFile(fset, "../internal/inventory/types.go", nil, 0)
	require.NoError(t, err)
	var str func(e ast.Expr) (string, bool)
	str = func(e ast.Expr) (string, bool) {
		if sel, ok := e.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "inventory" {
				tok, ok := tokens[sel.Sel.Name]
				require.Truef(t, ok, "inventory.%s is not a type token", sel.Sel.Name)
				return tok, true
			}
		}
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		return s, true
	}
	for _, decl := range typesFile.Decls {
		if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.CONST {
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					tokens[name.Name], _ = str(vs.Values[i])
				}
			}
		}
	}
	require.NotEmpty(t, tokens)
	strs := func(e ast.Expr) []string {
		cl, ok := e.(*ast.CompositeLit)
		if !ok {
			return nil
		}
		var out []string
		for _, el := range cl.Elts {
			if s, ok := str(el); ok {
				out = append(out, s)
			}
		}
		return out
	}
	consts, lists := map[string]string{}, map[string][]string{}
	var decls []ast.Decl
	for _, file := range files {
		decls = append(decls, file.Decls...)
	}
	for _, decl := range decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range gen.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok || len(vs.Values) != len(vs.Names) {
				continue
			}
			for i, name := range vs.Names {
				if s, ok := str(vs.Values[i]); ok && gen.Tok == token.CONST {
					consts[name.Name] = s
				}
				if l := strs(vs.Values[i]); l != nil {
					lists[name.Name] = l
				}
			}
		}
	}

	var out []polCondition
	for _, decl := range decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || fn.Body == nil {
			continue
		}
		var stack []ast.Node
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "want" && sel.Sel.Name != "fail") || len(call.Args) < 3 {
				return true
			}
			ruleIdent, ok := call.Args[0].(*ast.Ident)
			if !ok || consts[ruleIdent.Name] == "" {
				return true // the generic want → fail, not a condition
			}
			key, ok := str(call.Args[2])
			require.Truef(t, ok, "%s: condition without a literal path or message", fset.Position(call.Pos()))
			out = append(out, polCondition{
				rule: consts[ruleIdent.Name], key: key, want: sel.Sel.Name == "want",
				types: polLoopTypes(t, stack, lists, str, strs, fset.Position(call.Pos()).String()),
			})
			return true
		})
	}
	return out
}

// polLoopTypes finds the types the innermost resource loop around a
// condition walks: c.res.ByType("T"), c.res.ByType(typ) with typ ranging over
// a list, or c.res.Resources (every type).
func polLoopTypes(t *testing.T, stack []ast.Node, lists map[string][]string,
	str func(ast.Expr) (string, bool), strs func(ast.Expr) []string, pos string) []string {
	for i := len(stack) - 1; i >= 0; i-- {
		rs, ok := stack[i].(*ast.RangeStmt)
		if !ok {
			continue
		}
		if sel, ok := rs.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Resources" {
			return []string{"*"}
		}
		call, ok := rs.X.(*ast.CallExpr)
		if !ok {
			continue
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "ByType" {
			continue
		}
		if s, ok := str(call.Args[0]); ok {
			return []string{s}
		}
		arg, ok := call.Args[0].(*ast.Ident)
		require.Truef(t, ok, "%s: ByType of something other than a literal or a loop variable", pos)
		for j := i - 1; j >= 0; j-- {
			outer, ok := stack[j].(*ast.RangeStmt)
			if !ok {
				continue
			}
			if v, ok := outer.Value.(*ast.Ident); ok && v.Name == arg.Name {
				if id, ok := outer.X.(*ast.Ident); ok {
					return lists[id.Name]
				}
				return strs(outer.X)
			}
		}
		t.Fatalf("%s: cannot tell which types %s ranges over", pos, arg.Name)
	}
	t.Fatalf("%s: condition outside any resource loop", pos)
	return nil
}

// polMatches reports whether a violation message is the condition's.
func (c polCondition) polMatches(msg string) bool {
	if c.want {
		return strings.HasPrefix(msg, c.key+" is ")
	}
	pattern := regexp.QuoteMeta(c.key)
	pattern = regexp.MustCompile(`%[qsvd]`).ReplaceAllString(pattern, ".*")
	return regexp.MustCompile("^" + pattern + "$").MatchString(msg)
}

// TestPolRowsCoverEveryCondition: every condition of every rule in
// policy.go has a row whose violation it produces, on every resource type
// the condition walks; every rule has rows. A new rule or condition without
// a row fails here.
func TestPolRowsCoverEveryCondition(t *testing.T) {
	conds := polConditions(t)
	require.NotEmpty(t, conds)

	type hit struct{ rule, msg, typ string }
	var hits []hit
	for _, row := range polRows() {
		for _, stack := range row.stacks {
			for _, w := range row.want {
				r, ok := polPlan(t, stack).ByURN(polURN(t, stack, w.res))
				require.Truef(t, ok, "%s: %s is in the %s plan", row.name, w.res, stack)
				hits = append(hits, hit{w.rule, w.msg, r.Type})
			}
		}
	}
	covered := map[string]bool{}
	for _, c := range conds {
		covered[c.rule] = true
		for _, typ := range c.types {
			found := slices.ContainsFunc(hits, func(h hit) bool {
				return h.rule == c.rule && c.polMatches(h.msg) && (typ == "*" || h.typ == typ)
			})
			assert.Truef(t, found, "no row for rule %s, condition %q, on %s", c.rule, c.key, typ)
		}
	}
	// The operations rules' conditions (operations.go) walk types from the
	// alert catalog, not literals: their rows are at the end of polRows.
	operations := []string{policy.RuleAlertsRequired, policy.RuleAlertsNotify, policy.RuleProdAppInsightsEntraOnly, policy.RuleProdSQLThreatDetection}
	for _, rule := range policy.Check(stackPlan(t, "prod"), true).Rules {
		assert.Truef(t, covered[rule] || slices.Contains(operations, rule), "policy.go has no condition read for rule %s", rule)
		assert.Truef(t, slices.Contains(operations, rule) || slices.ContainsFunc(hits, func(h hit) bool { return h.rule == rule }), "no row for rule %s", rule)
	}
	// And the other way round: every row's violation is some condition's
	// (the operations rules' are matched by their rows alone).
	for _, h := range hits {
		if slices.Contains(operations, h.rule) {
			continue
		}
		assert.Truef(t, slices.ContainsFunc(conds, func(c polCondition) bool { return c.rule == h.rule && c.polMatches(h.msg) }),
			"row violation %s %q matches no condition of policy.go", h.rule, h.msg)
	}
}
