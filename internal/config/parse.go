package config

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// vCore counts Azure SQL offers for Gen5 General Purpose and Business
// Critical; serverless also offers 1.
var sqlCapacities = []int{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80}

var (
	guidPattern     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	sqlSkuPattern   = regexp.MustCompile(`^(GP|BC)(_S)?_Gen5_([0-9]+)$`)
	durationPattern = regexp.MustCompile(`^P([0-9]+)([DWMY])$`)
	// dnsZoneIDPattern is a private DNS zone's ARM id; ARM matches the
	// segments' names case-insensitively.
	dnsZoneIDPattern = regexp.MustCompile(`(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Network/privateDnsZones/([^/]+)$`)
)

// parser reads raw values, falling back to the declared defaults, and
// collects every problem instead of stopping at the first.
type parser struct {
	values   map[string]Value
	problems []Problem
}

func (p *parser) problem(key, format string, args ...any) {
	p.problems = append(p.problems, Problem{Key: FullName(key), Rule: fmt.Sprintf(format, args...)})
}

// str returns the raw value or the declared default; a missing required key
// is a problem.
func (p *parser) str(key string) string {
	k, ok := keyByName[key]
	if !ok {
		panic("config: undeclared key " + key) // a programming error, caught by every test
	}
	if v, ok := p.values[key]; ok {
		if k.Secret && !v.Secret && v.Raw != "" {
			p.problem(key, "must be set as a secret (pulumi config set --secret %s ...), it is stored in plain text", FullName(key))
		}
		raw := strings.TrimSpace(v.Raw)
		if raw == "" && k.Required {
			// Set to "" is as missing as not set: the checks below skip an
			// empty required value, so this is its only report.
			p.problem(key, "is required (%s)", k.Description)
		}
		return raw
	}
	if k.Required {
		p.problem(key, "is required (%s)", k.Description)
	}
	return k.Default
}

// rule returns the key's declaration after checking it declares what the
// calling parser method reads: a mismatch is a programming error, caught by
// every test.
func rule(key string, format Format, needRange, needAllowed bool) Key {
	k, ok := keyByName[key]
	if !ok || k.Format != format || (k.Range == nil) == needRange || (k.Allowed == nil) == needAllowed {
		panic(fmt.Sprintf("config: key %s is not declared as format %q (range %v, allowed values %v)", key, format, needRange, needAllowed))
	}
	return k
}

// value is the key's value as written, or its default, with no problem
// reported (str reports them), in canonical form for a boolean: what a prod
// demand is checked on.
func (p *parser) value(k Key) string {
	v, ok := p.values[k.Name]
	raw := k.Default
	if ok {
		raw = strings.TrimSpace(v.Raw)
	}
	if b, err := strconv.ParseBool(raw); err == nil && k.Type == "boolean" {
		return strconv.FormatBool(b)
	}
	return raw
}

// atoi is an integer value already checked by intRange.
func atoi(v string) int {
	n, _ := strconv.Atoi(v)
	return n
}

// set reports whether the stack sets the key explicitly.
func (p *parser) set(key string) bool {
	_, ok := p.values[key]
	return ok
}

func (p *parser) oneOf(key string) string {
	allowed := rule(key, "", false, true).Allowed
	v := p.str(key)
	if v == "" && keyByName[key].Required {
		return ""
	}
	if !slices.Contains(allowed, v) {
		p.problem(key, "%q is not one of %s", v, strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// textChecks are the formats text reads.
var textChecks = map[Format]func(string) error{FormatTagValue: tagValue, FormatURLPath: urlPath, FormatMonth: month}

func (p *parser) text(key string) string {
	check := textChecks[keyByName[key].Format]
	if check == nil {
		panic("config: key " + key + " has no text format")
	}
	v := p.str(key)
	if v == "" && keyByName[key].Required {
		return ""
	}
	if err := check(v); err != nil {
		p.problem(key, "%v", err)
		return ""
	}
	return v
}

func (p *parser) location(key string) string {
	rule(key, FormatRegion, false, false)
	v := p.str(key)
	if v == "" {
		return ""
	}
	if _, ok := naming.RegionCode(v); !ok {
		p.problem(key, "%q is not a known Azure region name (lowercase, no spaces, e.g. westeurope); known: %s", v, strings.Join(naming.Regions(), ", "))
		return ""
	}
	return v
}

func (p *parser) boolean(key string) bool {
	v := p.str(key)
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.problem(key, "%q is not a boolean (true or false)", v)
	}
	return b
}

func (p *parser) integer(key string) (int, bool) {
	v := p.str(key)
	n, err := strconv.Atoi(v)
	if err != nil {
		p.problem(key, "%q is not an integer", v)
		return 0, false
	}
	return n, true
}

func (p *parser) intRange(key string) int {
	r := rule(key, "", true, false).Range
	lo, hi := r.Min, r.Max
	n, ok := p.integer(key)
	if ok && (n < lo || n > hi) {
		p.problem(key, "%d is out of range %d-%d", n, lo, hi)
		return 0
	}
	return n
}

func (p *parser) cidr(key string) string {
	r := rule(key, FormatCIDR, true, false).Range
	minPrefix, maxPrefix := r.Min, r.Max
	v := p.str(key)
	ip, network, err := net.ParseCIDR(v)
	if err != nil || ip.To4() == nil {
		p.problem(key, "%q is not an IPv4 CIDR such as 10.40.0.0/16", v)
		return ""
	}
	ones, _ := network.Mask.Size()
	switch {
	case ones < minPrefix || ones > maxPrefix:
		p.problem(key, "prefix /%d is out of range /%d-/%d", ones, minPrefix, maxPrefix)
	case !ip.Equal(network.IP):
		p.problem(key, "%q is not a network address (did you mean %s?)", v, network)
	case !ip.IsPrivate():
		p.problem(key, "%q is not in a private (RFC 1918) range", v)
	default:
		return network.String()
	}
	return ""
}

func (p *parser) guids(key string) []string {
	atLeast := rule(key, FormatGUIDList, false, false).MinItems
	v := p.str(key)
	var ids []string
	if err := json.Unmarshal([]byte(v), &ids); err != nil {
		// Empty is no list: fine for an optional key, and a required one
		// is reported by str already.
		if v != "" {
			p.problem(key, "must be a list of object ids (GUIDs), got %q", v)
		}
		return nil
	}
	if len(ids) < atLeast {
		p.problem(key, "must list at least %d object id(s)", atLeast)
	}
	for i, id := range ids {
		if !guidPattern.MatchString(id) {
			p.problem(key, "item %d (%q) is not a GUID", i, id)
		}
	}
	return ids
}

func (p *parser) optionalGUID(key string) string {
	rule(key, FormatGUID, false, false)
	v := p.str(key)
	if v != "" && !guidPattern.MatchString(v) {
		p.problem(key, "%q is not a GUID", v)
		return ""
	}
	return v
}

func (p *parser) sqlSku(key string) SQLSku {
	rule(key, FormatSQLSku, false, false)
	v := p.str(key)
	m := sqlSkuPattern.FindStringSubmatch(v)
	if m == nil {
		p.problem(key, "%q is not a vCore SKU name (GP_Gen5_N, GP_S_Gen5_N or BC_Gen5_N)", v)
		return SQLSku{}
	}
	capacity, _ := strconv.Atoi(m[3])
	sku := SQLSku{Name: v, Family: "Gen5", Capacity: capacity, Serverless: m[2] != "", Tier: "GeneralPurpose"}
	if m[1] == "BC" {
		sku.Tier = "BusinessCritical"
	}
	capacities := sqlCapacities
	if sku.Serverless {
		capacities = append([]int{1}, sqlCapacities...)
	}
	switch {
	case sku.Serverless && m[1] == "BC":
		p.problem(key, "%q: serverless is offered in General Purpose only", v)
	case !slices.Contains(capacities, capacity):
		p.problem(key, "%q: %d vCores is not offered (allowed: %v)", v, capacity, capacities)
	default:
		return sku
	}
	return SQLSku{}
}

func (p *parser) autoPause(key string, sku SQLSku) int {
	r := rule(key, FormatPauseDelay, true, false).Range
	if !sku.Serverless {
		// The CLI passes Pulumi.yaml's default along, so only a changed value is a mistake.
		if p.set(key) && p.values[key].Raw != keyByName[key].Default && sku.Name != "" {
			p.problem(key, "applies to serverless SKUs (GP_S_Gen5_N) only, not %s", sku.Name)
		}
		return 0
	}
	n, ok := p.integer(key)
	if ok && n != -1 && (n < r.Min || n > r.Max) {
		p.problem(key, "%d is out of range: -1 (never pause) or %d-%d minutes", n, r.Min, r.Max)
		return 0
	}
	return n
}

func (p *parser) duration(key string) string {
	k := rule(key, FormatDuration, true, false)
	unit, lo, hi := k.Unit, k.Range.Min, k.Range.Max
	v := p.str(key)
	if v == "" {
		return ""
	}
	m := durationPattern.FindStringSubmatch(v)
	if m == nil || m[2][0] != unit {
		p.problem(key, "%q is not an ISO 8601 duration in %c units, e.g. P%d%c", v, unit, lo, unit)
		return ""
	}
	if n, _ := strconv.Atoi(m[1]); n < lo || n > hi {
		p.problem(key, "%q is out of range P%d%c-P%d%c", v, lo, unit, hi, unit)
		return ""
	}
	return v
}

func (p *parser) planSku(key string) string {
	allowed := rule(key, FormatPlanSKU, false, true).Allowed
	v := p.str(key)
	if v == "Y1" || strings.HasPrefix(v, "EP") {
		p.problem(key, "%q is a Consumption/Elastic Premium plan, which needs a storage key for its content share; use a dedicated plan (%s)", v, strings.Join(allowed, ", "))
		return ""
	}
	if !slices.Contains(allowed, v) {
		p.problem(key, "%q is not one of %s", v, strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// hostnameLabel is one DNS label: letters, digits and inner hyphens (RFC 1123).
var hostnameLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// hostname reads an optional custom domain: a lowercase DNS name of at least
// two labels, at most 253 characters, with an alphabetic top-level label.
// Front Door's own and App Service's hostnames are refused: they are the
// domains Azure gives, not custom ones.
func (p *parser) hostname(key string) string {
	rule(key, FormatHostname, false, false)
	v := p.str(key)
	if v == "" {
		return ""
	}
	labels := strings.Split(v, ".")
	ok := len(v) <= 253 && len(labels) >= 2 && strings.Trim(labels[len(labels)-1], "abcdefghijklmnopqrstuvwxyz") == ""
	for _, l := range labels {
		ok = ok && hostnameLabel.MatchString(l)
	}
	if !ok {
		p.problem(key, "%q is not a DNS hostname such as shop.example.com (lowercase letters, digits and inner hyphens in dot-separated labels, no wildcard)", v)
		return ""
	}
	for _, azure := range []string{".azurefd.net", ".azurewebsites.net"} {
		if strings.HasSuffix(v, azure) {
			p.problem(key, "%q is a hostname Azure assigns, not a custom domain", v)
			return ""
		}
	}
	return v
}

// cidrList reads a list of public IPv4 or IPv6 network addresses. Private
// ranges are refused: Front Door sees the public address a request comes
// from, never an office's internal one.
func (p *parser) cidrList(key string) []string {
	rule(key, FormatCIDRList, false, false)
	v := p.str(key)
	var ranges []string
	if err := json.Unmarshal([]byte(v), &ranges); err != nil {
		if v != "" {
			p.problem(key, "must be a list of IP ranges in CIDR notation such as [\"203.0.113.0/24\"], got %q", v)
		}
		return nil
	}
	var out []string
	for i, r := range ranges {
		ip, network, err := net.ParseCIDR(r)
		switch {
		case err != nil:
			p.problem(key, "item %d (%q) is not an IP range in CIDR notation such as 203.0.113.0/24", i, r)
		case !ip.Equal(network.IP):
			p.problem(key, "item %d (%q) is not a network address (did you mean %s?)", i, r, network)
		case ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast():
			p.problem(key, "item %d (%q) is not a public range: Front Door sees the public address a request comes from", i, r)
		default:
			out = append(out, network.String())
		}
	}
	return out
}

// valid reports whether no problem names the key so far, so that a rule
// relating keys does not repeat a key's own complaint.
func (p *parser) valid(key string) bool {
	return !slices.ContainsFunc(p.problems, func(pr Problem) bool { return pr.Key == FullName(key) })
}

func (p *parser) emails(key string) []string {
	rule(key, FormatEmailList, false, false)
	v := p.str(key)
	var addresses []string
	if err := json.Unmarshal([]byte(v), &addresses); err != nil {
		if v != "" {
			p.problem(key, "must be a list of e-mail addresses, got %q", v)
		}
		return nil
	}
	for i, a := range addresses {
		switch {
		case !alerts.IsEmail(a):
			p.problem(key, "item %d (%q) is not an e-mail address (a plain address such as ops@example.com)", i, a)
		case slices.Index(addresses, a) != i:
			p.problem(key, "item %d (%q) is listed twice", i, a)
		}
	}
	return addresses
}

// httpsURL reads a secret URL. Its message never repeats the value.
func (p *parser) httpsURL(key string) Secret {
	rule(key, FormatHTTPSURL, false, false)
	v := p.str(key)
	if v == "" {
		return Secret{}
	}
	if u, err := url.Parse(v); err != nil || u.Scheme != "https" || u.Host == "" {
		p.problem(key, "must be an https URL with a host (https://host/path); the value is not shown, it is a secret")
		return Secret{}
	}
	return Secret{value: v}
}

func (p *parser) secret(key string) Secret {
	return Secret{value: p.str(key)}
}

func tagValue(v string) error {
	if v == "" || len(v) > 256 {
		return fmt.Errorf("must be 1-256 characters (it becomes a tag value)")
	}
	return nil
}

// monthPattern is a YYYY-MM month.
var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// month checks a budget's first month: Azure's budgets start on the first
// of a month, 2017-06-01 at the earliest (the Budgets API's timePeriod).
func month(v string) error {
	if v == "" {
		return nil // not set: the budget starts in the month it is created
	}
	if !monthPattern.MatchString(v) || v < "2017-06" {
		return fmt.Errorf("%q must be a month YYYY-MM, 2017-06 or later", v)
	}
	return nil
}

func urlPath(v string) error {
	if !strings.HasPrefix(v, "/") || strings.ContainsAny(v, " ?#") {
		return fmt.Errorf("%q must be a URL path starting with / without spaces, query or fragment", v)
	}
	return nil
}

// dnsZoneIDs reads a landing zone's central private DNS zones: ARM ids of
// zones, each one the program needs, each once, all of them (each private
// endpoint registers in its group's zone). It returns them by group id.
func (p *parser) dnsZoneIDs(key string) map[string]string {
	rule(key, FormatDNSZoneIDs, false, false)
	v := p.str(key)
	var ids []string
	if err := json.Unmarshal([]byte(v), &ids); err != nil {
		if v != "" {
			p.problem(key, "must be a list of private DNS zone resource ids such as [\"/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net\"], got %q", v)
		}
		return nil
	}
	if len(ids) == 0 {
		return nil
	}
	byZone := map[string]string{}
	for _, g := range PrivateDNSGroups {
		byZone[PrivateDNSZones[g]] = g
	}
	out, bad := map[string]string{}, false
	for i, id := range ids {
		m := dnsZoneIDPattern.FindStringSubmatch(id)
		if m == nil || !guidPattern.MatchString(m[1]) {
			p.problem(key, "item %d (%q) is not a private DNS zone's resource id (/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>)", i, id)
			bad = true
			continue
		}
		zone := strings.ToLower(m[3]) // DNS names are case-insensitive
		group, ok := byZone[zone]
		switch {
		case !ok:
			p.problem(key, "item %d (%q): %s is not a zone the program needs (%s)", i, id, m[3], strings.Join(zoneNames(), ", "))
			bad = true
		case out[group] != "":
			p.problem(key, "item %d (%q): zone %s is listed twice", i, id, zone)
			bad = true
		default:
			out[group] = id
		}
	}
	if bad {
		return nil
	}
	var missing []string
	for _, g := range PrivateDNSGroups {
		if out[g] == "" {
			missing = append(missing, PrivateDNSZones[g])
		}
	}
	if len(missing) > 0 {
		p.problem(key, "lacks %s: each private endpoint registers in its group's zone, and with privateDnsZoneIds the program creates none", strings.Join(missing, ", "))
		return nil
	}
	return out
}

// zoneNames are the private DNS zones the program needs, in group order.
func zoneNames() []string {
	names := make([]string, len(PrivateDNSGroups))
	for i, g := range PrivateDNSGroups {
		names[i] = PrivateDNSZones[g]
	}
	return names
}
