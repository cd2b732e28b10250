package tests

// The edge (edge.New) alone, with two web apps and a slot locked to it
// as apps.New wires them, under a small mock of its own that answers the
// values Front Door computes (frontDoorId, the endpoints' hostnames, the
// custom domains' validation tokens). The whole program, on mockcloud's
// answers, is TestAppsBehindFrontDoor, TestAuthInProgram and
// TestEdgeInProgram.

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/apps"
	"github.com/ecommerce-platform/infra/apps/edge"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// Azure contracts, written out as Microsoft documents them.
const (
	edgeServiceTag = "AzureFrontDoor.Backend"
	edgeCallback   = "/.auth/login/aad/callback"
	edgePremium    = "Premium_AzureFrontDoor"
	edgeStandard   = "Standard_AzureFrontDoor"
	edgeDRS        = "Microsoft_DefaultRuleSet"
	edgeBotManager = "Microsoft_BotManagerRuleSet"
	edgePortalHost = "app-shop-edge-portal.azurewebsites.net"
	edgeBackHost   = "app-shop-edge-backoffice.azurewebsites.net"
	edgeWorkspace  = "/subscriptions/" + mockcloud.SubscriptionID + "/resourceGroups/rg-edge/providers/Microsoft.OperationalInsights/workspaces/log-edge"
)

// edgeMock records resources and answers like Azure: ids, names, and what
// Front Door computes.
type edgeMock struct {
	mu  sync.Mutex
	res []inventory.Resource
}

// edgeNameKeys are the inputs azure-native resources are named by, a
// child's own before its parents' (a route names its endpoint and profile too).
var edgeNameKeys = []string{"routeName", "originName", "customDomainName", "securityPolicyName", "endpointName", "originGroupName", "policyName", "profileName", "name"}

func (m *edgeMock) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	in := inventory.Plain(resource.NewObjectProperty(args.Inputs)).(map[string]any)
	out := args.Inputs.Copy()
	set := func(k string, v any) { out[resource.PropertyKey(k)] = resource.NewPropertyValue(v) }
	name := args.Name
	for _, k := range edgeNameKeys {
		if v, ok := in[k].(string); ok && v != "" {
			name = v
			break
		}
	}
	id := fmt.Sprintf("/subscriptions/%s/resourceGroups/rg-edge/providers/%s/%s", mockcloud.SubscriptionID, args.TypeToken, args.Name)
	set("id", id)
	set("name", name)
	switch args.TypeToken {
	case inventory.FrontDoorProfile:
		set("frontDoorId", uuid.NewSHA1(uuid.NameSpaceURL, []byte("frontdoor:"+name)).String())
	case inventory.AFDEndpoint:
		set("hostName", name+"-b4cdhxa2dgdxfwfn.z01.azurefd.net")
	case inventory.AFDCustomDomain:
		set("validationProperties", map[string]any{"validationToken": "token-" + name})
	case inventory.LinuxWebApp:
		set("defaultHostname", name+".azurewebsites.net")
	case inventory.LinuxWebAppSlot:
		set("defaultHostname", "slot-"+name+".azurewebsites.net")
	}
	m.mu.Lock()
	m.res = append(m.res, inventory.Resource{URN: "urn:edge::" + args.TypeToken + "::" + args.Name, Type: args.TypeToken, Name: args.Name,
		Custom: args.Custom, ID: id, Inputs: args.Inputs, Outputs: out})
	m.mu.Unlock()
	return id, out, nil
}

func (m *edgeMock) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return args.Args, nil
}

// edgeCfg is a Premium edge in Prevention with both custom domains and
// backoffice ranges; tests change what they look at.
func edgeCfg() config.Edge {
	return config.Edge{
		Enabled: true, SKU: edgePremium, WAFMode: "Prevention",
		PortalDomain: "shop.example.com", BackofficeDomain: "admin.shop.example.com",
		BackofficeAllowedRanges: []string{"203.0.113.0/24", "2001:db8::/32"},
		SignInRateLimit:         100, CheckoutRateLimit: 60,
	}
}

// runEdge creates the edge, and the two web apps and a portal slot locked
// to it, as apps.New will. (The edge's outputs, as the apps layer passes
// them on: TestAppsWiredInProgram, TestAuthInProgram, TestEdgeInProgram.)
func runEdge(t *testing.T, cfg config.Edge) *inventory.Result {
	t.Helper()
	m := &edgeMock{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		e, err := edge.New(ctx, "edge", edge.Args{
			Options:           baseline.Options{Tags: map[string]string{"stack": "edge"}},
			ResourceGroupName: pulumi.String("rg-edge"),
			Names:             edge.Names{Profile: "afd-shop-edge", WAFPolicy: "fdfpshopedge", PortalEndpoint: "fde-shop-portal", BackofficeEndpoint: "fde-shop-backoffice"},
			Edge:              cfg,
			HealthCheckPath:   "/healthz",
			PortalHost:        pulumi.String(edgePortalHost),
			BackofficeHost:    pulumi.String(edgeBackHost),
			Workspace:         pulumi.String(edgeWorkspace),
		})
		if err != nil {
			return err
		}
		// The portals' access restrictions, as the apps layer sets them.
		site := baseline.Site{
			PublicNetworkAccess:            true,
			AccessRestrictionDefaultAction: pulumi.String(edge.AccessRestrictionDefaultAction),
			AccessRestrictions:             edge.FrontDoorAccessRestrictions(e.FrontDoorID),
		}
		for _, w := range []string{apps.Portal, apps.Backoffice} {
			web := site.LinuxWebApp()
			web.ResourceGroupName, web.Location, web.ServicePlanId = pulumi.String("rg-edge"), pulumi.String("westeurope"), pulumi.String("plan")
			app, err := appservice.NewLinuxWebApp(ctx, "app-shop-edge-"+w, &web)
			if err != nil {
				return err
			}
			if w == apps.Portal {
				slot := site.LinuxWebAppSlot()
				slot.AppServiceId = app.ID()
				if _, err := appservice.NewLinuxWebAppSlot(ctx, "staging", &slot); err != nil {
					return err
				}
			}
		}
		return nil
	}, pulumi.WithMocks("ecommerce", "edge", m))
	require.NoError(t, err)
	sort.Slice(m.res, func(i, j int) bool { return m.res[i].URN < m.res[j].URN })
	return &inventory.Result{Project: "ecommerce", Stack: "edge", Resources: m.res}
}

// byInput returns the one resource of typ whose input key equals value.
func byInput(t *testing.T, res *inventory.Result, typ, key string, value any) inventory.Resource {
	t.Helper()
	var found []inventory.Resource
	for _, r := range res.ByType(typ) {
		if r.Input(key) == value {
			found = append(found, r)
		}
	}
	require.Lenf(t, found, 1, "want one %s with %s = %v", typ, key, value)
	return found[0]
}

func ids(list any) []string {
	var out []string
	items, _ := list.([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["id"].(string))
	}
	sort.Strings(out)
	return out
}

// TestEdgeOriginsPointAtTheWebApps: each portal's origin is its web app's
// default hostname, sent as Host header too, probed on the health path.
func TestEdgeOriginsPointAtTheWebApps(t *testing.T) {
	res := runEdge(t, edgeCfg())
	hasInputs(t, one(t, res, inventory.FrontDoorProfile, "edge-afd"), map[string]any{"sku.name": edgePremium, "location": "Global"})
	for w, host := range map[string]string{apps.Portal: edgePortalHost, apps.Backoffice: edgeBackHost} {
		hasInputs(t, byInput(t, res, inventory.AFDOrigin, "originName", w), map[string]any{
			"hostName": host, "originHostHeader": host, "enforceCertificateNameCheck": true, "enabledState": "Enabled", "httpsPort": 443.0, "originGroupName": w})
		hasInputs(t, byInput(t, res, inventory.AFDOriginGroup, "originGroupName", w), map[string]any{
			"healthProbeSettings.probePath":                         "/healthz",
			"healthProbeSettings.probeProtocol":                     "Https",
			"healthProbeSettings.probeRequestType":                  "HEAD",
			"healthProbeSettings.probeIntervalInSeconds":            120.0,
			"loadBalancingSettings.sampleSize":                      4.0,
			"loadBalancingSettings.successfulSamplesRequired":       3.0,
			"loadBalancingSettings.additionalLatencyInMilliseconds": 50.0,
			"sessionAffinityState":                                  "Disabled",
		})
	}
	assert.Len(t, res.ByType(inventory.AFDOrigin), 2)
	assert.Len(t, res.ByType(inventory.AFDEndpoint), 2, "an endpoint per portal")
}

// TestEdgeRoutes: every route reaches its portal's origin group and
// custom domain (that HTTP is redirected and the origin reached over HTTPS
// only is the edge-https-only rule's); pages are not cached, static files
// are cached and compressed.
func TestEdgeRoutes(t *testing.T) {
	res := runEdge(t, edgeCfg())
	routes := res.ByType(inventory.FrontDoorRoute)
	require.Len(t, routes, 3, "pages on both portals, static files on the customer portal only")
	for _, r := range routes { // HTTPS to the origin, HTTP redirected: the edge-https-only rule
		assert.Equal(t, []any{"Http", "Https"}, r.Input("supportedProtocols"), r.Name)
		assert.Equal(t, "Enabled", r.Input("linkToDefaultDomain"), r.Name)
	}
	for w, domain := range map[string]string{apps.Portal: "shop.example.com", apps.Backoffice: "admin.shop.example.com"} {
		group := byInput(t, res, inventory.AFDOriginGroup, "originGroupName", w).Output("id")
		custom := byInput(t, res, inventory.AFDCustomDomain, "hostName", domain)
		hasInputs(t, custom, map[string]any{"tlsSettings.certificateType": "ManagedCertificate", "tlsSettings.minimumTlsVersion": "TLS12"})
		assert.Equal(t, "TenantReuse", byInput(t, res, inventory.AFDEndpoint, "endpointName", "fde-shop-"+w).Input("autoGeneratedDomainNameLabelScope"), w)

		pages := byInput(t, res, inventory.FrontDoorRoute, "routeName", w) // dynamic pages are never cached
		hasInputs(t, pages, map[string]any{"patternsToMatch": []any{"/*"}, "cacheConfiguration": nil})
		if w == apps.Backoffice {
			// Front Door would hand a cached staff-only file to anyone
			// with its URL, without the sign-in the origin demands.
			for _, r := range routes {
				if r.Input("endpointName") == "fde-shop-"+w {
					assert.Nil(t, r.Input("cacheConfiguration"), "%s: the backoffice has no caching route", r.Name)
				}
			}
			assert.Equal(t, []string{custom.Output("id").(string)}, ids(pages.Input("customDomains")), w)
			assert.Equal(t, group, pages.Input("originGroup.id"), w)
			continue
		}
		static := byInput(t, res, inventory.FrontDoorRoute, "routeName", w+"-static")
		hasInputs(t, static, map[string]any{"patternsToMatch": []any{"/assets/*"}, "cacheConfiguration.queryStringCachingBehavior": "UseQueryString",
			"cacheConfiguration.compressionSettings.isCompressionEnabled": true})
		types, _ := static.Input("cacheConfiguration.compressionSettings.contentTypesToCompress").([]any)
		assert.Subset(t, types, []any{"text/html", "text/css", "application/javascript"}, w)
		for _, r := range []inventory.Resource{pages, static} {
			assert.Equal(t, group, r.Input("originGroup.id"), "%s routes to its own origin group", r.Name)
			assert.Equal(t, "fde-shop-"+w, r.Input("endpointName"), r.Name)
			assert.Equal(t, []string{custom.Output("id").(string)}, ids(r.Input("customDomains")), r.Name)
		}
	}
}

// TestEdgeWAFLinkedToEveryDomain: one security policy links the WAF
// policy to both endpoints and both custom domains, on every path.
func TestEdgeWAFLinkedToEveryDomain(t *testing.T) {
	for name, cfg := range map[string]config.Edge{"with custom domains": edgeCfg(), "without": {Enabled: true, SKU: edgeStandard, WAFMode: "Detection", SignInRateLimit: 100, CheckoutRateLimit: 60}} {
		t.Run(name, func(t *testing.T) {
			res := runEdge(t, cfg)
			var want []string
			for _, typ := range []string{inventory.AFDEndpoint, inventory.AFDCustomDomain} {
				for _, r := range res.ByType(typ) {
					want = append(want, r.Output("id").(string))
				}
			}
			sort.Strings(want)
			sp := one(t, res, inventory.SecurityPolicy, "edge-waf-link")
			hasInputs(t, sp, map[string]any{"parameters.type": "WebApplicationFirewall", "parameters.wafPolicy.id": one(t, res, inventory.WAFPolicy, "edge-waf").Output("id")})
			assoc, _ := sp.Input("parameters.associations").([]any)
			require.Len(t, assoc, 1)
			a := assoc[0].(map[string]any)
			assert.Equal(t, want, ids(a["domains"]))
			assert.Equal(t, []any{"/*"}, a["patternsToMatch"])
			assert.Len(t, want, 2+len(res.ByType(inventory.AFDCustomDomain)))
		})
	}
}

// TestEdgeWAFModesAndRuleSets: the mode is the config's; Premium runs the
// default rule set 2.1 blocking and the bot manager, Standard neither.
func TestEdgeWAFModesAndRuleSets(t *testing.T) {
	premium := runEdge(t, edgeCfg())
	waf := one(t, premium, inventory.WAFPolicy, "edge-waf") // mode and state in prod: the prod-web-behind-waf rule
	hasInputs(t, waf, map[string]any{"policySettings.requestBodyCheck": "Enabled", "sku.name": edgePremium, "location": "Global"})
	sets, _ := waf.Input("managedRules.managedRuleSets").([]any)
	require.Len(t, sets, 2)
	drs, bot := sets[0].(map[string]any), sets[1].(map[string]any)
	hasKeys(t, drs, map[string]any{"ruleSetType": edgeDRS, "ruleSetVersion": "2.1", "ruleSetAction": "Block"}, "DRS")
	hasKeys(t, bot, map[string]any{"ruleSetType": edgeBotManager, "ruleSetVersion": "1.1"}, "bot manager")
	// The one exclusion: the ID token form field, for rule 942440 only.
	overrides := drs["ruleGroupOverrides"].([]any)
	require.Len(t, overrides, 1)
	o := overrides[0].(map[string]any)
	assert.Equal(t, "SQLI", o["ruleGroupName"])
	assert.Equal(t, []any{map[string]any{"ruleId": "942440", "enabledState": "Enabled", "action": "AnomalyScoring",
		"exclusions": []any{map[string]any{"matchVariable": "RequestBodyPostArgNames", "selectorMatchOperator": "Equals", "selector": "id_token"}}}}, o["rules"])

	cfg := edgeCfg()
	cfg.SKU, cfg.WAFMode = edgeStandard, "Detection"
	standard := runEdge(t, cfg)
	// Standard runs no managed rule set, the bot manager included.
	hasInputs(t, one(t, standard, inventory.WAFPolicy, "edge-waf"), map[string]any{"policySettings.mode": "Detection", "sku.name": edgeStandard, "managedRules": nil})
}

// TestEdgeCustomRules: rate limits on sign-in and checkout per client IP
// and minute; the backoffice's hosts admit only the configured ranges,
// except for the availability tests' GET of the health path.
func TestEdgeCustomRules(t *testing.T) {
	res := runEdge(t, edgeCfg())
	host := byInput(t, res, inventory.AFDEndpoint, "endpointName", "fde-shop-backoffice").Output("hostName").(string)
	rules, _ := one(t, res, inventory.WAFPolicy, "edge-waf").Input("customRules.rules").([]any)
	require.Len(t, rules, 4)
	byName := map[string]map[string]any{}
	for _, r := range rules {
		byName[r.(map[string]any)["name"].(string)] = r.(map[string]any)
	}
	for name, want := range map[string][2]any{"SignInRateLimit": {"/.auth/login", 100.0}, "CheckoutRateLimit": {"/checkout", 60.0}} {
		require.NotNil(t, byName[name], name)
		hasKeys(t, byName[name], map[string]any{"ruleType": "RateLimitRule", "action": "Block", "rateLimitDurationInMinutes": 1.0, "rateLimitThreshold": want[1],
			"matchConditions": []any{map[string]any{"matchVariable": "RequestUri", "operator": "Contains", "matchValue": []any{want[0]}, "transforms": []any{"Lowercase"}}}}, name)
	}
	assert.True(t, strings.HasPrefix(edgeCallback, byName["SignInRateLimit"]["matchConditions"].([]any)[0].(map[string]any)["matchValue"].([]any)[0].(string)),
		"the sign-in limit covers the sign-in callback")
	ip := byName["BackofficeAllowedRanges"]
	require.NotNil(t, ip)
	hasKeys(t, ip, map[string]any{"ruleType": "MatchRule", "action": "Block", "matchConditions": []any{
		map[string]any{"matchVariable": "RequestHeader", "selector": "Host", "operator": "Equal",
			"matchValue": []any{host, "admin.shop.example.com"}, "transforms": []any{"Lowercase"}},
		map[string]any{"matchVariable": "SocketAddr", "operator": "IPMatch", "negateCondition": true, "matchValue": []any{"203.0.113.0/24", "2001:db8::/32"}},
	}}, "IP rule")

	// The health path is allowed ahead of the block. Front Door's WAF
	// evaluates custom rules lowest priority number first, and Allow (like
	// every action but Log) ends the evaluation: "Rules with lower-priority
	// values are evaluated before rules with higher values. The rule
	// evaluation stops on any rule action except for Log." "Allow: The WAF
	// allows the request to process, logs an entry in WAF logs, and exits."
	// https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-custom-rules
	// Match variables and operators are the SDK's FrontDoorMatchVariable
	// and FrontDoorMatchOperator enums (RequestUri, RequestMethod, RegEx;
	// Front Door has no path-only variable). Its RequestUri holds the whole
	// URL, scheme and host included, so "Equal /healthz" would never match:
	// https://learn.microsoft.com/answers/questions/2264564/azure-front-door-firewall-custom-rule
	probe := byName["BackofficeHealthProbe"]
	require.NotNil(t, probe)
	hasKeys(t, probe, map[string]any{"ruleType": "MatchRule", "action": "Allow", "enabledState": "Enabled"}, "probe rule")
	assert.Less(t, probe["priority"].(float64), ip["priority"].(float64), "the Allow is evaluated before the IP block")
	conds := probe["matchConditions"].([]any)
	require.Len(t, conds, 3)
	assert.Equal(t, ip["matchConditions"].([]any)[0], conds[0], "the backoffice's hosts, as the block matches them")
	hasKeys(t, conds[1], map[string]any{"matchVariable": "RequestUri", "operator": "RegEx", "transforms": []any{"Lowercase"}, "negateCondition": nil}, "probe URI")
	assert.Equal(t, map[string]any{"matchVariable": "RequestMethod", "operator": "Equal", "matchValue": []any{"GET", "HEAD"}}, conds[2])
	// The exact health path (the availability tests' URL), on either form
	// of RequestUri, and nothing else.
	matches := func(uri string) bool { return edgeRegExMatch(conds[1], uri) }
	for _, u := range []string{"https://" + host + "/healthz", "https://admin.shop.example.com/healthz", "https://admin.shop.example.com:443/healthz", "/healthz", "HTTPS://ADMIN.SHOP.EXAMPLE.COM/HEALTHZ"} {
		assert.True(t, matches(u), "%s is the health path", u)
	}
	for _, u := range []string{"https://" + host + "/healthz/admin", "https://" + host + "/healthz?x=1", "https://" + host + "/admin/healthz",
		"https://" + host + "/healthzz", "https://" + host + "/", "/admin?next=/healthz", "https://" + host + "/x/https://a/healthz"} {
		assert.False(t, matches(u), "%s is not the health path", u)
	}

	cfg := edgeCfg()
	cfg.BackofficeAllowedRanges = nil
	res = runEdge(t, cfg)
	rules, _ = one(t, res, inventory.WAFPolicy, "edge-waf").Input("customRules.rules").([]any)
	assert.Len(t, rules, 2, "no ranges, no IP rule and no exception to it")
}

// edgeRegExMatch applies a RegEx match condition to uri as the WAF does:
// its transforms (Lowercase), then its patterns, any of which may match.
// The patterns use only what Go's RE2 and the WAF's regex engine share (no
// backreferences, captures or lookarounds, per the custom rules page).
func edgeRegExMatch(cond any, uri string) bool {
	c := cond.(map[string]any)
	if slices.Contains(c["transforms"].([]any), any("Lowercase")) {
		uri = strings.ToLower(uri)
	}
	for _, p := range c["matchValue"].([]any) {
		if regexp.MustCompile(p.(string)).MatchString(uri) {
			return true
		}
	}
	return false
}

// TestEdgeAccessRestrictionsCarryTheProfilesID: the apps and the slot
// allow only Front Door's service tag with this profile's frontDoorId and
// deny the rest (that each stack's apps carry their own profile's id:
// TestAppsBehindFrontDoor).
func TestEdgeAccessRestrictionsCarryTheProfilesID(t *testing.T) {
	res := runEdge(t, edgeCfg())
	fdid := one(t, res, inventory.FrontDoorProfile, "edge-afd").Output("frontDoorId")
	require.NotEmpty(t, fdid)
	webs := append(res.ByType(inventory.LinuxWebApp), res.ByType(inventory.LinuxWebAppSlot)...)
	require.Len(t, webs, 3)
	for _, w := range webs {
		hasInputs(t, w, map[string]any{ // the SCM site keeps its own rules
			"siteConfig.ipRestrictionDefaultAction": "Deny", "siteConfig.scmUseMainIpRestriction": nil,
			"siteConfig.ipRestrictions": []any{map[string]any{
				"name": "FrontDoor", "priority": 100.0, "action": "Allow", "serviceTag": edgeServiceTag,
				"headers": map[string]any{"xAzureFdids": []any{fdid}},
			}},
		})
	}
	assert.Equal(t, "Standard", edge.ForwardProxyConvention)
}

// TestEdgeConfigRefusals: Standard and Detection are refused in prod, a
// custom domain that is no hostname is refused; each names its key.
func TestEdgeConfigRefusals(t *testing.T) {
	_, err := parseStack(t, "prod", map[string]string{"frontDoorSku": edgeStandard, "wafMode": "Detection"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ecommerce:frontDoorSku: must be Premium_AzureFrontDoor in prod")
	assert.Contains(t, err.Error(), "ecommerce:wafMode: must be Prevention in prod")
	_, err = parseStack(t, "dev", map[string]string{"portalCustomDomain": "shop_example.com"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `ecommerce:portalCustomDomain: "shop_example.com" is not a DNS hostname`)
	assert.Equal(t, config.Edge{Enabled: true, SKU: edgePremium, WAFMode: "Prevention", SignInRateLimit: 100, CheckoutRateLimit: 60}, stackConfig(t, "prod", nil).Edge)
}

// TestEdgeInProgram: prod with both custom domains, as the whole program
// plans it: mockcloud answers Front Door's computed values (a GUID
// frontDoorId per profile, <endpoint>-<hash>.z01.azurefd.net hostnames, a
// validation token per custom domain); the public URLs are the domains',
// and every rule passes.
func TestEdgeInProgram(t *testing.T) {
	res := runStack(t, "prod", map[string]string{"portalCustomDomain": "shop.example.com", "backofficeCustomDomain": "admin.shop.example.com"})
	report := policy.Check(res, true)
	assert.Empty(t, report.Violations)
	assert.Contains(t, report.Rules, policy.RuleProdBehindWAF)

	profile := one(t, res, inventory.FrontDoorProfile, "apps-edge-afd")
	fdid, _ := profile.Output("frontDoorId").(string)
	_, err := uuid.Parse(fdid)
	assert.NoError(t, err, "frontDoorId is a GUID")
	// The same on every run: TestNamesStableAcrossRuns. That the WAF covers
	// the domains is the rule's above; which route serves which domain,
	// TestEdgeRoutes'.
	for w, host := range map[string]string{apps.Portal: "shop.example.com", apps.Backoffice: "admin.shop.example.com"} {
		endpoint := one(t, res, inventory.AFDEndpoint, "apps-edge-"+w+"-fde")
		assert.Regexp(t, `^`+endpoint.Input("endpointName").(string)+`-[0-9a-f]{16}\.z01\.azurefd\.net$`, endpoint.Output("hostName"))
		domain := one(t, res, inventory.AFDCustomDomain, "apps-edge-"+w+"-domain")
		assert.Equal(t, host, domain.Input("hostName"))
		assert.NotEmpty(t, domain.Output("validationProperties.validationToken"), "the _dnsauth TXT record's value")
		assert.Equal(t, "https://"+host, res.Outputs[w+"Url"].Value)
	}
}
