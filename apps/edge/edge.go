// Package edge is the apps layer's edge: Azure Front Door Standard/Premium
// with a web application firewall in front of both portals, and what the
// web apps and the app registrations need to accept traffic only through it.
// It creates no component of its own: the apps component parents its
// resources.
package edge

import (
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/cdn/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Each portal gets an endpoint of its own, so a hostname of its own
// (<endpoint>-<hash>.z01.azurefd.net, and optionally a custom domain), rather
// than a path on one shared hostname. Both apps serve App Service
// authentication at the same root paths (/.auth/login/aad/callback, /.auth/me),
// which one hostname cannot route to two origins; and separate hostnames keep
// the customer portal and the backoffice separate browser origins, so neither
// reads the other's cookies or scripts. Every route therefore matches the whole
// hostname ("/*"), plus, on the customer portal only, a cached route for static
// assets.

// The portals' workloads, the apps layer's too: the edge has a face for each.
const (
	Portal     = "portal"
	Backoffice = "backoffice"
)

// Contracts with Azure, as Microsoft documents them.
const (
	// FrontDoorServiceTag is the service tag of the addresses Front Door
	// connects to origins from ("AzureFrontDoor.Backend", not .Frontend or
	// .FirstParty): https://learn.microsoft.com/azure/frontdoor/origin-security#ip-address-filtering
	FrontDoorServiceTag = "AzureFrontDoor.Backend"
	// ForwardProxyConvention makes App Service authentication build its
	// redirects from X-Forwarded-Host and X-Forwarded-Proto, which Front Door
	// sets to the host the browser used; otherwise it redirects to the
	// origin's *.azurewebsites.net host, which admits only Front Door. Value
	// for AuthSettingsV2.ForwardProxyConvention (httpSettings.forwardProxy.convention):
	// https://learn.microsoft.com/azure/app-service/configure-authentication-file-based
	ForwardProxyConvention = "Standard"
	// AccessRestrictionDefaultAction is the web apps' and slots'
	// SiteConfig.IpRestrictionDefaultAction behind Front Door: whatever
	// FrontDoorAccessRestrictions does not allow is denied.
	AccessRestrictionDefaultAction = "Deny"
	// wafPolicyType is the security policy type that links a WAF policy.
	wafPolicyType = "WebApplicationFirewall"
	// global is the location of Front Door's resources: they are not regional.
	global = "Global"
)

// Paths the WAF's rate limits watch. SignInPath is App Service
// authentication's (its callback, auth.CallbackPath, lies under it);
// CheckoutPath is the customer portal's checkout, a contract with its code.
const (
	SignInPath   = "/.auth/login"
	CheckoutPath = "/checkout"
)

// StaticAssetsPattern is the customer portal's path for static files (CSS,
// scripts, fonts, images), a contract with its code: the one route Front Door
// caches and compresses. The backoffice has no such route: Front Door serves a
// cached file to anyone who asks for its URL, without the sign-in the origin
// would have demanded, and the backoffice's files are staff-only. Compression is part of a route's cache configuration and
// works only where caching is on
// (https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-compression),
// and dynamic pages must never be cached
// (https://learn.microsoft.com/azure/frontdoor/front-door-caching), so
// static files get a route of their own.
const StaticAssetsPattern = "/assets/*"

// compressedTypes are the text types Front Door compresses on the static
// route; images other than SVG and fonts in WOFF2 are compressed already.
var compressedTypes = []string{
	"text/css", "text/html", "text/javascript", "text/plain",
	"application/javascript", "application/json", "application/xml", "image/svg+xml",
}

// frontDoorDiagnostics are a Front Door profile's log categories: requests,
// origin health probes and the WAF's matches, where blocks become visible
// (https://learn.microsoft.com/azure/frontdoor/front-door-diagnostics).
var frontDoorDiagnostics = baseline.Signals{
	LogCategories: []string{"FrontDoorAccessLog", "FrontDoorHealthProbeLog", "FrontDoorWebApplicationFirewallLog"},
	Metrics:       []string{"AllMetrics"},
}

// Names are the Azure names of the edge's resources.
type Names struct {
	Profile   string
	WAFPolicy string // letters and digits only, starting with a letter
	// PortalEndpoint and BackofficeEndpoint are the endpoints' names, the
	// first label of their generated hostnames.
	PortalEndpoint     string
	BackofficeEndpoint string
}

// NamesOf derives the edge's names from the stack's Namer. Front Door
// is not regional, so none carries a region code (see naming's kinds).
func NamesOf(names naming.Namer) Names {
	return Names{
		Profile:            names.Name(naming.FrontDoorProfile, ""),
		WAFPolicy:          names.Name(naming.FrontDoorWAFPolicy, ""),
		PortalEndpoint:     names.Name(naming.FrontDoorEndpoint, Portal),
		BackofficeEndpoint: names.Name(naming.FrontDoorEndpoint, Backoffice),
	}
}

// Args configure the edge.
type Args struct {
	// Options are the stack's cross-cutting settings: the edge's resources
	// carry its tags.
	Options           baseline.Options   `arg:"required"`
	ResourceGroupName pulumi.StringInput `arg:"required"`
	Names             Names              `arg:"required"`
	Edge              config.Edge        `arg:"required"`
	// HealthCheckPath is probed on every origin; it must answer 200 without
	// sign-in and return no data.
	HealthCheckPath string `arg:"required"`
	// PortalHost and BackofficeHost are the web apps' default hostnames, the
	// origins.
	PortalHost     pulumi.StringInput `arg:"required"`
	BackofficeHost pulumi.StringInput `arg:"required"`
	// StandbyPortalHost and StandbyBackofficeHost are the standby's web
	// apps, each portal's origin at priority 2: Front Door sends traffic
	// there only while every priority-1 origin fails its health probes
	// (https://learn.microsoft.com/azure/frontdoor/routing-methods#priority).
	// nil without a standby.
	StandbyPortalHost     pulumi.StringInput `arg:"optional"`
	StandbyBackofficeHost pulumi.StringInput `arg:"optional"`
	// Workspace is the Log Analytics workspace id the profile's logs go to.
	Workspace pulumi.StringInput `arg:"required"`
}

// Site is one portal's face on the edge.
type Site struct {
	// EndpointHostname is the endpoint's generated hostname, the CNAME
	// target of the custom domain.
	EndpointHostname pulumi.StringOutput
	// Hosts are every hostname the portal answers on: the endpoint's and the
	// custom domain, if any. Sign-in redirects back to each.
	Hosts pulumi.StringArrayOutput
	// URL is the public URL: the custom domain's where there is one.
	URL pulumi.StringOutput
	// CustomDomain is nil without a custom domain.
	CustomDomain *Domain
}

// Domain is a custom domain and what its DNS zone needs: a TXT record
// _dnsauth.<Hostname> holding ValidationToken, and a CNAME to the endpoint.
type Domain struct {
	Hostname        string
	ValidationToken pulumi.StringOutput
}

// Edge is the Front Door profile with its WAF.
type Edge struct {
	ProfileID pulumi.StringOutput
	// FrontDoorID is the profile's frontDoorId, the value Front Door sends to
	// origins in the X-Azure-FDID header.
	FrontDoorID pulumi.StringOutput
	WAFPolicyID pulumi.StringOutput
	Portal      *Site
	Backoffice  *Site
}

// New creates the Front Door profile, an endpoint, origin group, origin
// and routes per portal, the optional custom domains, the WAF policy linked
// to every domain, and the profile's diagnostics. It is part of the apps
// layer, not a component of its own: opts parent the profile and the WAF
// policy to the apps component, and the rest hangs below them.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Edge, error) {
	if err := baseline.CheckArgs("edge", args); err != nil {
		return nil, err
	}
	e := &Edge{}
	cfg, tags := args.Edge, args.Options.TagMap()
	profile, err := cdn.NewProfile(ctx, name+"-afd", &cdn.ProfileArgs{
		ProfileName:       pulumi.String(args.Names.Profile),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(global),
		Sku:               cdn.SkuArgs{Name: pulumi.String(cfg.SKU)},
		Tags:              tags,
	}, opts...)
	if err != nil {
		return nil, err
	}
	e.ProfileID, e.FrontDoorID = profile.ID().ToStringOutput(), profile.FrontDoorId
	if _, err := baseline.Diagnostics(ctx, name+"-afd-diag", baseline.DiagnosticsArgs{
		ResourceID: e.ProfileID, Workspace: args.Workspace, Signals: frontDoorDiagnostics,
	}, pulumi.Parent(profile)); err != nil {
		return nil, err
	}

	p := edgeProfile{profile: profile, rg: args.ResourceGroupName, tags: tags, health: args.HealthCheckPath}
	portal, err := p.site(ctx, name+"-"+Portal, Portal, args.Names.PortalEndpoint, args.PortalHost, args.StandbyPortalHost, cfg.PortalDomain, true)
	if err != nil {
		return nil, err
	}
	backoffice, err := p.site(ctx, name+"-"+Backoffice, Backoffice, args.Names.BackofficeEndpoint, args.BackofficeHost, args.StandbyBackofficeHost, cfg.BackofficeDomain, false)
	if err != nil {
		return nil, err
	}

	waf, err := network.NewPolicy(ctx, name+"-waf", &network.PolicyArgs{
		PolicyName:        pulumi.String(args.Names.WAFPolicy),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(global),
		// The policy's tier must be the profile's.
		Sku: network.SkuArgs{Name: pulumi.String(cfg.SKU)},
		PolicySettings: network.FrontDoorPolicySettingsArgs{
			EnabledState:     pulumi.String("Enabled"),
			Mode:             pulumi.String(cfg.WAFMode),
			RequestBodyCheck: pulumi.String("Enabled"),
		},
		CustomRules:  network.CustomRuleListArgs{Rules: customRules(cfg, args.HealthCheckPath, backoffice.hostMatch)},
		ManagedRules: managedRules(cfg),
		Tags:         tags,
	}, opts...)
	if err != nil {
		return nil, err
	}
	e.WAFPolicyID = waf.ID().ToStringOutput()

	// One security policy puts every domain, generated and custom, behind
	// the WAF: a domain left out would reach the origins unfiltered.
	var domains cdn.ActivatedResourceReferenceArray
	for _, s := range []*edgeSite{portal, backoffice} {
		domains = append(domains, s.domainIDs...)
	}
	if _, err := cdn.NewSecurityPolicy(ctx, name+"-waf-link", &cdn.SecurityPolicyArgs{
		SecurityPolicyName: pulumi.String("waf"),
		ProfileName:        profile.Name,
		ResourceGroupName:  args.ResourceGroupName,
		Parameters: cdn.SecurityPolicyWebApplicationFirewallParametersArgs{
			Type:      pulumi.String(wafPolicyType),
			WafPolicy: cdn.ResourceReferenceArgs{Id: waf.ID()},
			Associations: cdn.SecurityPolicyWebApplicationFirewallAssociationArray{
				cdn.SecurityPolicyWebApplicationFirewallAssociationArgs{Domains: domains, PatternsToMatch: pulumi.ToStringArray([]string{"/*"})},
			},
		},
	}, pulumi.Parent(waf)); err != nil {
		return nil, err
	}

	e.Portal, e.Backoffice = &portal.Site, &backoffice.Site
	return e, nil
}

// edgeProfile is what every portal's Front Door resources share.
type edgeProfile struct {
	profile *cdn.Profile
	rg      pulumi.StringInput
	tags    pulumi.StringMap
	health  string
}

// edgeSite is a portal's Site with what the WAF needs of it.
type edgeSite struct {
	Site
	// domainIDs are the endpoint's and the custom domain's resource ids.
	domainIDs cdn.ActivatedResourceReferenceArray
	// hostMatch are the hostnames a WAF rule matches the Host header against.
	hostMatch pulumi.StringArray
}

// site creates one portal's endpoint, origin group, origins (the standby
// at priority 2 where there is one), custom domain and routes; cacheAssets
// adds the cached route for StaticAssetsPattern.
func (p edgeProfile) site(ctx *pulumi.Context, name, workload, endpointName string, origin, standby pulumi.StringInput, domain string, cacheAssets bool) (*edgeSite, error) {
	endpoint, err := cdn.NewAFDEndpoint(ctx, name+"-fde", &cdn.AFDEndpointArgs{
		EndpointName:      pulumi.String(endpointName),
		ProfileName:       p.profile.Name,
		ResourceGroupName: p.rg,
		Location:          pulumi.String(global),
		EnabledState:      pulumi.String("Enabled"),
		// The generated hostname's hash derives from tenant and name, so a
		// re-created endpoint keeps its hostname and the redirect URIs
		// registered for it stay valid.
		AutoGeneratedDomainNameLabelScope: pulumi.String("TenantReuse"),
		Tags:                              p.tags,
	}, pulumi.Parent(p.profile))
	if err != nil {
		return nil, err
	}
	group, err := cdn.NewAFDOriginGroup(ctx, name+"-og", &cdn.AFDOriginGroupArgs{
		OriginGroupName:   pulumi.String(workload),
		ProfileName:       p.profile.Name,
		ResourceGroupName: p.rg,
		// HEAD: the probe needs the status code, not the body. Every Front
		// Door point of presence probes on its own, so the origin sees many
		// probes per interval; two minutes keeps that small.
		HealthProbeSettings: cdn.HealthProbeParametersArgs{
			ProbePath:              pulumi.String(p.health),
			ProbeProtocol:          cdn.ProbeProtocolHttps,
			ProbeRequestType:       cdn.HealthProbeRequestTypeHEAD,
			ProbeIntervalInSeconds: pulumi.Int(120),
		},
		// The portal's defaults: an origin is healthy when 3 of the last 4
		// probes succeeded; origins within 50 ms of the fastest share traffic.
		LoadBalancingSettings: cdn.LoadBalancingSettingsParametersArgs{
			SampleSize:                      pulumi.Int(4),
			SuccessfulSamplesRequired:       pulumi.Int(3),
			AdditionalLatencyInMilliseconds: pulumi.Int(50),
		},
		// Sessions live in the sign-in cookie (see site.go): any instance
		// serves any request.
		SessionAffinityState: pulumi.String("Disabled"),
	}, pulumi.Parent(p.profile))
	if err != nil {
		return nil, err
	}
	newOrigin := func(logical, originName string, host pulumi.StringInput, priority int, opts ...pulumi.ResourceOption) (*cdn.AFDOrigin, error) {
		return cdn.NewAFDOrigin(ctx, logical, &cdn.AFDOriginArgs{
			OriginName:        pulumi.String(originName),
			OriginGroupName:   group.Name,
			ProfileName:       p.profile.Name,
			ResourceGroupName: p.rg,
			HostName:          host,
			// App Service picks the app by Host header: its default hostname,
			// since no custom domain is bound on the app itself.
			OriginHostHeader:            host,
			HttpPort:                    pulumi.Int(80),
			HttpsPort:                   pulumi.Int(443),
			Priority:                    pulumi.Int(priority),
			Weight:                      pulumi.Int(1000),
			EnabledState:                pulumi.String("Enabled"),
			EnforceCertificateNameCheck: pulumi.Bool(true),
		}, append([]pulumi.ResourceOption{pulumi.Parent(group)}, opts...)...)
	}
	originRes, err := newOrigin(name+"-origin", workload, origin, 1)
	if err != nil {
		return nil, err
	}
	origins := []pulumi.Resource{originRes}
	if standby != nil {
		// Azure refuses concurrent changes to one origin group's origins.
		standbyRes, err := newOrigin(name+"-origin-standby", workload+"-standby", standby, 2, pulumi.DependsOn(origins))
		if err != nil {
			return nil, err
		}
		origins = append(origins, standbyRes)
	}

	s := &edgeSite{domainIDs: cdn.ActivatedResourceReferenceArray{cdn.ActivatedResourceReferenceArgs{Id: endpoint.ID()}}}
	s.EndpointHostname = endpoint.HostName
	s.hostMatch = pulumi.StringArray{endpoint.HostName}
	hosts := pulumi.StringArray{endpoint.HostName}
	s.URL = pulumi.Sprintf("https://%s", endpoint.HostName)
	var routeDomains cdn.ActivatedResourceReferenceArray
	if domain != "" {
		custom, err := cdn.NewAFDCustomDomain(ctx, name+"-domain", &cdn.AFDCustomDomainArgs{
			CustomDomainName:  pulumi.String(strings.ReplaceAll(domain, ".", "-")),
			HostName:          pulumi.String(domain),
			ProfileName:       p.profile.Name,
			ResourceGroupName: p.rg,
			// Front Door issues and renews the certificate once the domain
			// is validated; TLS 1.2 is the floor.
			TlsSettings: cdn.AFDDomainHttpsParametersArgs{
				CertificateType:   pulumi.String("ManagedCertificate"),
				MinimumTlsVersion: cdn.AfdMinimumTlsVersionTLS12,
			},
			// The managed certificate arrives after validation, so
			// tlsSettings.secret appears after the domain's read-back:
			// Azure's to set, not drift.
		}, pulumi.Parent(p.profile), pulumi.IgnoreChanges([]string{"tlsSettings.secret"}))
		if err != nil {
			return nil, err
		}
		ref := cdn.ActivatedResourceReferenceArgs{Id: custom.ID()}
		routeDomains = append(routeDomains, ref)
		s.domainIDs = append(s.domainIDs, ref)
		s.hostMatch = append(s.hostMatch, pulumi.String(domain))
		hosts = append(hosts, pulumi.String(domain))
		s.URL = pulumi.String("https://" + domain).ToStringOutput()
		s.CustomDomain = &Domain{Hostname: domain, ValidationToken: custom.ValidationProperties.ValidationToken()}
	}
	s.Hosts = hosts.ToStringArrayOutput()

	// Both routes accept HTTP only to redirect it to HTTPS, and reach the
	// origin over HTTPS alone. The dynamic route has no cache configuration,
	// which is how a route turns caching off.
	route := func(suffix, routeName, pattern string, cache cdn.AfdRouteCacheConfigurationPtrInput) error {
		_, err := cdn.NewRoute(ctx, name+suffix, &cdn.RouteArgs{
			RouteName:           pulumi.String(routeName),
			EndpointName:        endpoint.Name,
			ProfileName:         p.profile.Name,
			ResourceGroupName:   p.rg,
			OriginGroup:         cdn.ResourceReferenceArgs{Id: group.ID()},
			CustomDomains:       routeDomains,
			LinkToDefaultDomain: pulumi.String("Enabled"),
			PatternsToMatch:     pulumi.ToStringArray([]string{pattern}),
			SupportedProtocols:  pulumi.ToStringArray([]string{"Http", "Https"}),
			HttpsRedirect:       pulumi.String("Enabled"),
			ForwardingProtocol:  pulumi.String("HttpsOnly"),
			CacheConfiguration:  cache,
			EnabledState:        pulumi.String("Enabled"),
			// A route to an origin group without origins is refused, and
			// its group's origins settle first.
		}, pulumi.Parent(endpoint), pulumi.DependsOn(origins))
		return err
	}
	if err := route("-route", workload, "/*", nil); err != nil {
		return nil, err
	}
	if !cacheAssets {
		return s, nil
	}
	// Static files: cached per full URL, query string included, as
	// versioned asset links (?v=<hash>) rely on; compressed when text.
	static := cdn.AfdRouteCacheConfigurationArgs{
		QueryStringCachingBehavior: pulumi.String("UseQueryString"),
		CompressionSettings: cdn.CompressionSettingsArgs{
			IsCompressionEnabled:   pulumi.Bool(true),
			ContentTypesToCompress: pulumi.ToStringArray(compressedTypes),
		},
	}
	if err := route("-static-route", workload+"-static", StaticAssetsPattern, static); err != nil {
		return nil, err
	}
	return s, nil
}

// customRules are the shop's own WAF rules, evaluated before the managed
// ones in priority order, lowest first; every action but Log ends the
// evaluation (https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-custom-rules).
// Rate limits count per client socket address over one minute
// (https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-rate-limit).
func customRules(cfg config.Edge, healthPath string, backofficeHosts pulumi.StringArray) network.CustomRuleArray {
	var rules network.CustomRuleArray
	if len(cfg.BackofficeAllowedRanges) > 0 {
		backoffice := network.FrontDoorMatchConditionArgs{
			MatchVariable: pulumi.String("RequestHeader"), Selector: pulumi.String("Host"),
			Operator: pulumi.String("Equal"), MatchValue: backofficeHosts,
			Transforms: pulumi.ToStringArray([]string{"Lowercase"}),
		}
		// The availability tests probe the backoffice's health path from
		// Azure's test locations, outside the allowed ranges: Allow exactly
		// that path, read-only, ahead of the block. The path is anonymous
		// and answers an empty 200 (see behindFrontDoor). Front Door's
		// RequestUri is the whole URL (scheme, host, path, query), so the
		// exact path is a regular expression on it; the bare path is also
		// matched in case the WAF hands over the path alone.
		path := regexp.QuoteMeta(strings.ToLower(healthPath))
		rules = append(rules, matchRule("BackofficeHealthProbe", 5, "Allow",
			backoffice,
			network.FrontDoorMatchConditionArgs{
				MatchVariable: pulumi.String("RequestUri"), Operator: pulumi.String("RegEx"),
				MatchValue: pulumi.ToStringArray([]string{"^https://[^/?#]+" + path + "$", "^" + path + "$"}),
				Transforms: pulumi.ToStringArray([]string{"Lowercase"}),
			},
			network.FrontDoorMatchConditionArgs{
				MatchVariable: pulumi.String("RequestMethod"), Operator: pulumi.String("Equal"),
				MatchValue: pulumi.ToStringArray([]string{"GET", "HEAD"}),
			},
		))
		// SocketAddr, not RemoteAddr: RemoteAddr is taken from
		// X-Forwarded-For, which the client writes itself.
		rules = append(rules, matchRule("BackofficeAllowedRanges", 10, "Block",
			backoffice,
			network.FrontDoorMatchConditionArgs{
				MatchVariable: pulumi.String("SocketAddr"), Operator: pulumi.String("IPMatch"),
				NegateCondition: pulumi.Bool(true), MatchValue: pulumi.ToStringArray(cfg.BackofficeAllowedRanges),
			},
		))
	}
	rateLimit := func(ruleName string, priority int, path string, perMinute int) network.CustomRuleArgs {
		return network.CustomRuleArgs{
			Name: pulumi.String(ruleName), Priority: pulumi.Int(priority),
			RuleType: pulumi.String("RateLimitRule"), Action: pulumi.String("Block"), EnabledState: pulumi.String("Enabled"),
			RateLimitDurationInMinutes: pulumi.Int(1), RateLimitThreshold: pulumi.Int(perMinute),
			MatchConditions: network.FrontDoorMatchConditionArray{network.FrontDoorMatchConditionArgs{
				MatchVariable: pulumi.String("RequestUri"), Operator: pulumi.String("Contains"),
				MatchValue: pulumi.ToStringArray([]string{path}), Transforms: pulumi.ToStringArray([]string{"Lowercase"}),
			}},
		}
	}
	return append(rules,
		rateLimit("SignInRateLimit", 20, SignInPath, cfg.SignInRateLimit),
		rateLimit("CheckoutRateLimit", 30, CheckoutPath, cfg.CheckoutRateLimit),
	)
}

// matchRule is an enabled custom rule that takes action on a request
// meeting every condition.
func matchRule(ruleName string, priority int, action string, conditions ...network.FrontDoorMatchConditionInput) network.CustomRuleArgs {
	return network.CustomRuleArgs{
		Name: pulumi.String(ruleName), Priority: pulumi.Int(priority),
		RuleType: pulumi.String("MatchRule"), Action: pulumi.String(action), EnabledState: pulumi.String("Enabled"),
		MatchConditions: network.FrontDoorMatchConditionArray(conditions),
	}
}

// Managed rule sets, as Front Door's WAF names them
// (https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-drs).
const (
	defaultRuleSet        = "Microsoft_DefaultRuleSet"
	defaultRuleSetVersion = "2.1"
	botManagerRuleSet     = "Microsoft_BotManagerRuleSet"
	botManagerVersion     = "1.1"
)

// managedRules are Microsoft's rule sets, which only Premium runs ("Managed
// rule sets, such as the Default Rule Set, require the Premium tier",
// https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-custom-rules-powershell).
// The default rule set scores anomalies and blocks a request whose score
// reaches the threshold.
func managedRules(cfg config.Edge) network.ManagedRuleSetListPtrInput {
	if !cfg.Premium() {
		return nil
	}
	return network.ManagedRuleSetListArgs{ManagedRuleSets: network.FrontDoorManagedRuleSetArray{
		network.FrontDoorManagedRuleSetArgs{
			RuleSetType: pulumi.String(defaultRuleSet), RuleSetVersion: pulumi.String(defaultRuleSetVersion),
			RuleSetAction: pulumi.String("Block"),
			// Known false positive: Entra posts the ID token to
			// /.auth/login/aad/callback as the form field id_token, and a JWT
			// often holds "--", which rule 942440 (SQL comment sequence) reads
			// as SQL (coreruleset/coreruleset#2460). Without this exclusion
			// sign-in fails whenever a token happens to contain it. Only that
			// field, only that rule.
			RuleGroupOverrides: network.FrontDoorManagedRuleGroupOverrideArray{network.FrontDoorManagedRuleGroupOverrideArgs{
				RuleGroupName: pulumi.String("SQLI"),
				Rules: network.FrontDoorManagedRuleOverrideArray{network.FrontDoorManagedRuleOverrideArgs{
					RuleId: pulumi.String("942440"), EnabledState: pulumi.String("Enabled"), Action: pulumi.String("AnomalyScoring"),
					Exclusions: network.ManagedRuleExclusionArray{network.ManagedRuleExclusionArgs{
						MatchVariable: pulumi.String("RequestBodyPostArgNames"), SelectorMatchOperator: pulumi.String("Equals"), Selector: pulumi.String("id_token"),
					}},
				}},
			}},
		},
		network.FrontDoorManagedRuleSetArgs{RuleSetType: pulumi.String(botManagerRuleSet), RuleSetVersion: pulumi.String(botManagerVersion)},
	}}
}

// frontDoorRestriction admits Front Door's addresses, and of those only the
// requests this profile forwards: the service tag alone would admit every
// customer's Front Door
// (https://learn.microsoft.com/azure/app-service/app-service-ip-restrictions#restrict-access-to-a-specific-azure-front-door-instance).
const (
	frontDoorRuleName     = "FrontDoor"
	frontDoorRulePriority = 100
)

// FrontDoorAccessRestrictions are a site's access restrictions behind Front
// Door, for frontDoorID (Edge.FrontDoorID), with
// AccessRestrictionDefaultAction for everything else. The SCM site keeps its
// own rules (ScmUseMainIpRestriction false), so deployments still reach it.
// Access restrictions stay with their slot in a swap, so each slot needs its
// own.
func FrontDoorAccessRestrictions(frontDoorID pulumi.StringInput) []baseline.AccessRestriction {
	return []baseline.AccessRestriction{{
		Name: frontDoorRuleName, Priority: frontDoorRulePriority, Action: "Allow",
		ServiceTag: FrontDoorServiceTag, FrontDoorIDs: pulumi.StringArray{frontDoorID},
	}}
}
