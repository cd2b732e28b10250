// Package policy checks a planned deployment against the platform's security
// and reliability baseline (DESIGN.md), resource by resource, the way a
// policy pack would at preview time. The offline plan runs it on every stack
// and fails when a rule is broken; tests run it on both stacks.
package policy

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// Violation is one resource breaking one rule.
type Violation struct {
	Rule    string
	URN     string
	Message string
}

// Report is the outcome of checking a plan.
type Report struct {
	Rules      []string // every rule checked, in order
	Checked    int      // resources checked
	Violations []Violation
	// Undecided are the violations that rest on a value only `up` will
	// know (a real preview's unknowns): neither passed nor failed.
	Undecided []Violation
}

// Passed reports whether no rule was broken.
func (r Report) Passed() bool { return len(r.Violations) == 0 }

// Rule names.
const (
	RuleStorageHardened  = "storage-hardened"
	RuleSQLEntraOnly     = "sql-entra-only"
	RuleKeyVaultSafe     = "key-vault-safe"
	RuleWebHardened      = "web-hardened"
	RuleDiagnostics      = "diagnostics-to-workspace"
	RuleRoleAssignments  = "role-assignments-narrow"
	RuleNoPlainSecrets   = "no-plaintext-secrets"
	RuleProdProtected    = "prod-data-protected"
	RuleProdPrivate      = "prod-private-endpoints"
	RuleProdSubnetNSG    = "prod-subnets-have-nsg"
	RuleProdResourceLock = "prod-resource-group-locked"
	RuleADFAsWritten     = "adf-entities-as-written"
)

// Types with diagnostic settings in Azure, all of which must send them.
var diagnosable = []string{
	inventory.LogAnalyticsWorkspace,
	inventory.KeyVault,
	inventory.StorageAccount,
	inventory.SQLDatabase,
	inventory.AutoscaleSetting,
	inventory.ServicePlan,
	inventory.LinuxWebApp,
	inventory.LinuxWebAppSlot,
	inventory.LinuxFunctionApp,
	inventory.DataFactory,
	inventory.VirtualNetwork,
	inventory.NetworkSecurityGroup,
	// Front Door: access, health probe and WAF logs.
	inventory.FrontDoorProfile,
}

// Types that hold data and must be protected in prod.
var stateful = []string{
	inventory.ResourceGroup,
	inventory.StorageAccount,
	inventory.BlobContainer,
	inventory.SQLServer,
	inventory.SQLDatabase,
	inventory.KeyVault,
	// The workspace holds the SQL audit trail and every resource's logs.
	inventory.LogAnalyticsWorkspace,
}

var webTypes = []string{
	inventory.LinuxWebApp,
	inventory.LinuxWebAppSlot,
	inventory.LinuxFunctionApp,
}

var guid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Check evaluates every rule; prod adds the production-only rules.
func Check(r *inventory.Result, prod bool) Report {
	c := &checker{res: r}
	c.storage()
	c.sql()
	c.keyVault(prod)
	c.web()
	c.diagnostics()
	c.roleAssignments()
	c.plainSecrets()
	c.dataFactoryEntities()
	c.edge(prod)       // edge.go: edge-https-only; in prod the WAF and the origin lock
	c.alertsRequired() // operations.go: the alert catalog on every monitored resource
	c.alertsNotify()
	if prod {
		c.prod()
		c.prodOperations() // operations.go: Entra-only telemetry, Defender for SQL
	}
	return c.finish()
}

// finish counts the custom resources checked (components are no Azure
// resources) and groups the violations by rule, each rule's in the order
// it found them.
func (c *checker) finish() Report {
	c.closeRule()
	for _, res := range c.res.Resources {
		if res.Custom {
			c.report.Checked++
		}
	}
	for _, vs := range [][]Violation{c.report.Violations, c.report.Undecided} {
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].Rule < vs[j].Rule })
	}
	return c.report
}

type checker struct {
	res    *inventory.Result
	report Report
	// current is the rule being evaluated; unknown lists, by URN in the
	// order read, the values it read that only `up` will know
	// (inventory.Unknown); judged are the resources it reported.
	current  string
	unknown  map[string][]string
	read     []string
	judged   map[string]bool
	unknowns int // how many unknown values were read, to make each distinct
}

func (c *checker) rule(name string) {
	c.closeRule()
	c.report.Rules = append(c.report.Rules, name)
	c.current, c.unknown, c.read, c.judged = name, map[string][]string{}, nil, map[string]bool{}
}

// closeRule reports as undecided every resource the rule passed while
// reading a value of it that only `up` will know: a pass on an unknown is
// no pass.
func (c *checker) closeRule() {
	for _, urn := range c.read {
		if !c.judged[urn] {
			c.report.Undecided = append(c.report.Undecided, Violation{Rule: c.current, URN: urn,
				Message: fmt.Sprintf("decided at up: reads %s, unknown in the preview", strings.Join(c.unknown[urn], ", "))})
		}
	}
	c.read = nil
}

// in, out and id read a resource for a rule, noting what is unknown.
func (c *checker) in(r inventory.Resource, path string) any { return c.note(r, path, r.Input(path)) }
func (c *checker) out(r inventory.Resource, path string) any {
	v := r.Output(path)
	if v == nil && r.ID == inventory.Unknown {
		v = inventory.Unknown // a resource `up` has yet to create has no outputs in a preview
	}
	return c.note(r, "outputs."+path, v)
}
func (c *checker) id(r inventory.Resource) string { return c.note(r, "id", r.ID).(string) }

// note records an unknown read and returns the value with each unknown
// made distinct, so that no comparison of two unknowns passes a rule.
func (c *checker) note(r inventory.Resource, path string, v any) any {
	if !inventory.HasUnknown(v) {
		return v
	}
	if _, seen := c.unknown[r.URN]; !seen {
		c.read = append(c.read, r.URN)
	}
	if !slices.Contains(c.unknown[r.URN], path) {
		c.unknown[r.URN] = append(c.unknown[r.URN], path)
	}
	return c.distinct(v)
}

func (c *checker) distinct(v any) any {
	switch v := v.(type) {
	case string:
		if v == inventory.Unknown {
			c.unknowns++
			return fmt.Sprintf("%s#%d", inventory.Unknown, c.unknowns)
		}
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = c.distinct(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = c.distinct(e)
		}
		return out
	}
	return v
}

// fail reports a violation, or an undecided one when the rule read a value
// only `up` will know: of this resource, or of another (rules compare
// resources, and the unknown one may be the other side).
func (c *checker) fail(rule string, r inventory.Resource, format string, args ...any) {
	v := Violation{Rule: rule, URN: r.URN, Message: fmt.Sprintf(format, args...)}
	if c.judged != nil {
		c.judged[r.URN] = true
	}
	switch paths := c.unknown[r.URN]; {
	case len(paths) > 0:
		v.Message += fmt.Sprintf(" (decided at up: %s unknown in the preview)", strings.Join(paths, ", "))
	case len(c.read) > 0:
		other := c.res.Resources[0]
		if o, ok := c.res.ByURN(c.read[0]); ok {
			other = o
		}
		v.Message += fmt.Sprintf(" (decided at up: the rule read %s of %s, unknown in the preview)", strings.Join(c.unknown[other.URN], ", "), other.Name)
	default:
		c.report.Violations = append(c.report.Violations, v)
		return
	}
	c.report.Undecided = append(c.report.Undecided, v)
}

// want fails rule unless the input at path equals value.
func (c *checker) want(rule string, r inventory.Resource, path string, value any) {
	if got := c.in(r, path); got != value {
		c.fail(rule, r, "%s is %v, want %v", path, got, value)
	}
}

func (c *checker) storage() {
	c.rule(RuleStorageHardened)
	for _, r := range c.res.ByType(inventory.StorageAccount) {
		c.want(RuleStorageHardened, r, "allowBlobPublicAccess", false)
		c.want(RuleStorageHardened, r, "allowSharedKeyAccess", false)
		c.want(RuleStorageHardened, r, "minimumTlsVersion", "TLS1_2")
		c.want(RuleStorageHardened, r, "enableHttpsTrafficOnly", true)
	}
	for _, r := range c.res.ByType(inventory.BlobServiceProperties) {
		c.want(RuleStorageHardened, r, "deleteRetentionPolicy.enabled", true)
		c.want(RuleStorageHardened, r, "containerDeleteRetentionPolicy.enabled", true)
		c.want(RuleStorageHardened, r, "isVersioningEnabled", true)
	}
}

func (c *checker) sql() {
	c.rule(RuleSQLEntraOnly)
	for _, r := range c.res.ByType(inventory.SQLServer) {
		c.want(RuleSQLEntraOnly, r, "administrators.azureADOnlyAuthentication", true)
		c.want(RuleSQLEntraOnly, r, "minimalTlsVersion", "1.2")
		if c.in(r, "administratorLoginPassword") != nil {
			c.fail(RuleSQLEntraOnly, r, "has a SQL admin password")
		}
	}
}

func (c *checker) keyVault(prod bool) {
	c.rule(RuleKeyVaultSafe)
	for _, r := range c.res.ByType(inventory.KeyVault) {
		c.want(RuleKeyVaultSafe, r, "properties.enableRbacAuthorization", true)
		c.want(RuleKeyVaultSafe, r, "properties.enableSoftDelete", true)
		if prod {
			c.want(RuleKeyVaultSafe, r, "properties.enablePurgeProtection", true)
		}
	}
}

func (c *checker) web() {
	c.rule(RuleWebHardened)
	for _, typ := range webTypes {
		for _, r := range c.res.ByType(typ) {
			c.want(RuleWebHardened, r, "httpsOnly", true)
			c.want(RuleWebHardened, r, "siteConfig.minimumTlsVersion", "1.2")
			c.want(RuleWebHardened, r, "siteConfig.ftpsState", "Disabled")
			c.want(RuleWebHardened, r, "siteConfig.http2Enabled", true)
			c.want(RuleWebHardened, r, "ftpPublishBasicAuthenticationEnabled", false)
			c.want(RuleWebHardened, r, "webdeployPublishBasicAuthenticationEnabled", false)
			if c.in(r, "storageAccountAccessKey") != nil {
				c.fail(RuleWebHardened, r, "uses a storage account key")
			}
		}
	}
}

func (c *checker) diagnostics() {
	c.rule(RuleDiagnostics)
	targets := map[string]bool{}
	for _, d := range c.res.ByType(inventory.DiagnosticSetting) {
		if uri, ok := c.in(d, "resourceUri").(string); ok && c.in(d, "workspaceId") != nil {
			targets[uri] = true
		}
	}
	for _, typ := range diagnosable {
		for _, r := range c.res.ByType(typ) {
			if id, _ := c.out(r, "id").(string); !targets[id] {
				c.fail(RuleDiagnostics, r, "sends no diagnostics to the Log Analytics workspace")
			}
		}
	}
}

func (c *checker) roleAssignments() {
	c.rule(RuleRoleAssignments)
	broad := regexp.MustCompile(`^/subscriptions/[^/]+(/resourceGroups/[^/]+)?/?$`)
	for _, r := range c.res.ByType(inventory.RoleAssignment) {
		if name, _ := c.in(r, "roleAssignmentName").(string); !guid.MatchString(name) {
			c.fail(RuleRoleAssignments, r, "name %q is not a deterministic GUID", name)
		}
		if scope, _ := c.in(r, "scope").(string); broad.MatchString(scope) {
			c.fail(RuleRoleAssignments, r, "scope %s is a whole subscription or resource group", scope)
		}
	}
}

// secretish reports whether an input's name marks it as carrying a
// credential when set (case-insensitive). Plain string tests, not a regular
// expression: the rule visits every string input of every resource.
func secretish(leaf string) bool {
	l := strings.ToLower(leaf)
	for _, word := range []string{"password", "accountkey", "accesskey", "clientsecret"} {
		if strings.Contains(l, word) {
			return true
		}
	}
	return strings.HasSuffix(l, "secret")
}

// passwordInText reports whether s holds "password=" in any case, without
// lowering s: some inputs are whole JSON documents.
func passwordInText(s string) bool {
	const key = "password="
	for i := strings.IndexByte(s, '='); i >= 0; {
		if i+1 >= len(key) && strings.EqualFold(s[i+1-len(key):i+1], key) {
			return true
		}
		next := strings.IndexByte(s[i+1:], '=')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

func (c *checker) plainSecrets() {
	c.rule(RuleNoPlainSecrets)
	for _, r := range c.res.Resources {
		walk(resource.NewObjectProperty(r.Inputs), "", func(path string, v resource.PropertyValue) {
			leaf := path[strings.LastIndex(path, ".")+1:]
			if (v.IsComputed() || v.IsOutput() && !v.OutputValue().Known) && secretish(leaf) {
				c.note(r, path, inventory.Unknown) // a credential's name, its value known only at up
				return
			}
			if v.IsSecret() || !v.IsString() || v.StringValue() == "" {
				return
			}
			s := v.StringValue()
			credentialInText := strings.Contains(s, "AccountKey=") || passwordInText(s)
			if (secretish(leaf) && !strings.HasPrefix(s, "@Microsoft.KeyVault(")) || credentialInText {
				c.fail(RuleNoPlainSecrets, r, "%s holds a credential in plain text", path)
			}
		})
	}
}

// classicDataFactory are the classic provider's Data Factory types the
// platform may use: none of them carries Data Factory JSON. Every other
// classic Data Factory type does (typePropertiesJson, activitiesJson, or a
// typed linked service azurerm turns into one) and azurerm round-trips it
// through its vendored model, which drops fields and rewrites nulls (DESIGN.md,
// "Azure facts that bite"). Linked services, datasets and pipelines are
// generic ARM resources instead, their body sent as written.
var classicDataFactory = []string{
	inventory.DataFactory,
	inventory.IntegrationRuntimeRule,
	inventory.ManagedPrivateEndpoint,
	inventory.TriggerSchedule,
}

// dataFactoryEntities fails a classic Data Factory resource of any other
// type, and a generic Data Factory entity that is not the 2018-06-01 REST
// body as written: properties an object without nulls (a null is what the
// classic workaround sent; leave a field out instead).
func (c *checker) dataFactoryEntities() {
	c.rule(RuleADFAsWritten)
	for _, r := range c.res.Resources {
		if strings.HasPrefix(r.Type, "azure:datafactory/") && !slices.Contains(classicDataFactory, r.Type) {
			c.fail(RuleADFAsWritten, r, "%s rewrites its Data Factory JSON through azurerm's model: register the entity as azure-native:resources:Resource with its REST body as properties", r.Type)
		}
	}
	for _, r := range c.res.ByType(inventory.GenericResource) {
		if c.in(r, "resourceProviderNamespace") != "Microsoft.DataFactory" {
			continue
		}
		c.want(RuleADFAsWritten, r, "apiVersion", "2018-06-01")
		props, ok := c.in(r, "properties").(map[string]any)
		if !ok {
			c.fail(RuleADFAsWritten, r, "properties is not an object: it must be the entity's REST body")
			continue
		}
		if path := nullAt(props, "properties"); path != "" {
			c.fail(RuleADFAsWritten, r, "%s is null: leave the field out", path)
		}
	}
}

// nullAt returns the path of the first null in v (keys in order), "" if none.
func nullAt(v any, path string) string {
	switch v := v.(type) {
	case nil:
		return path
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p := nullAt(v[k], path+"."+k); p != "" {
				return p
			}
		}
	case []any:
		for i, e := range v {
			if p := nullAt(e, fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	}
	return ""
}

func walk(v resource.PropertyValue, path string, visit func(string, resource.PropertyValue)) {
	switch {
	case v.IsSecret():
		visit(path, v)
	case v.IsObject():
		// In key order, so a resource's violations come in a stable order.
		obj := v.ObjectValue()
		for _, k := range obj.StableKeys() {
			walk(obj[k], strings.TrimPrefix(path+"."+string(k), "."), visit)
		}
	case v.IsArray():
		for i, e := range v.ArrayValue() {
			walk(e, fmt.Sprintf("%s[%d]", path, i), visit)
		}
	default:
		visit(path, v)
	}
}

func (c *checker) prod() {
	c.rule(RuleProdProtected)
	for _, typ := range stateful {
		for _, r := range c.res.ByType(typ) {
			if !r.Protect {
				c.fail(RuleProdProtected, r, "stateful resource is not protected")
			}
		}
	}
	c.rule(RuleProdResourceLock)
	locked := map[any]bool{}
	for _, l := range c.res.ByType(inventory.ResourceGroupLock) {
		if c.in(l, "level") == "CanNotDelete" {
			locked[c.in(l, "resourceGroupName")] = true
		}
	}
	for _, rg := range c.res.ByType(inventory.ResourceGroup) {
		if !locked[c.in(rg, "resourceGroupName")] {
			c.fail(RuleProdResourceLock, rg, "resource group has no CanNotDelete lock")
		}
	}
	c.rule(RuleProdPrivate)
	for _, typ := range []string{inventory.StorageAccount, inventory.SQLServer} {
		for _, r := range c.res.ByType(typ) {
			c.want(RuleProdPrivate, r, "publicNetworkAccess", "Disabled")
		}
	}
	for _, r := range c.res.ByType(inventory.KeyVault) {
		c.want(RuleProdPrivate, r, "properties.publicNetworkAccess", "Disabled")
	}
	c.rule(RuleProdSubnetNSG)
	for _, r := range c.res.ByType(inventory.Subnet) {
		if c.in(r, "networkSecurityGroup.id") == nil {
			c.fail(RuleProdSubnetNSG, r, "subnet has no network security group")
		}
	}
}
