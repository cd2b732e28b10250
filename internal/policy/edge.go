package policy

import (
	"slices"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// The edge's rules (issue 12): the portals sit behind Front Door's WAF and
// accept nothing else.
const (
	RuleEdgeHTTPSOnly     = "edge-https-only"
	RuleProdBehindWAF     = "prod-web-behind-waf"
	RuleProdOriginsLocked = "prod-origins-locked-to-front-door"
)

// frontDoorServiceTag is the service tag of Front Door's addresses towards
// origins (edge.FrontDoorServiceTag; policy does not import the layers).
const frontDoorServiceTag = "AzureFrontDoor.Backend"

// publicWebTypes are the web types Front Door fronts: the portals and their
// slots. The worker accepts no public traffic in prod.
var publicWebTypes = []string{
	inventory.LinuxWebApp,
	inventory.LinuxWebAppSlot,
}

func (c *checker) edge(prod bool) {
	c.rule(RuleEdgeHTTPSOnly)
	for _, r := range c.res.ByType(inventory.FrontDoorRoute) {
		c.want(RuleEdgeHTTPSOnly, r, "forwardingProtocol", "HttpsOnly")
		protocols, _ := c.in(r, "supportedProtocols").([]any)
		if slices.Contains(protocols, any("Http")) && c.in(r, "httpsRedirect") != "Enabled" {
			c.fail(RuleEdgeHTTPSOnly, r, "accepts HTTP without redirecting it to HTTPS")
		}
	}
	if !prod {
		return
	}
	c.behindWAF()
	c.originsLocked()
}

// behindWAF: every public web app is the origin of Front Door routes, and
// every domain of those routes is linked to a WAF policy in Prevention mode.
func (c *checker) behindWAF() {
	c.rule(RuleProdBehindWAF)
	preventing := map[any]bool{}
	for _, r := range c.res.ByType(inventory.WAFPolicy) {
		c.want(RuleProdBehindWAF, r, "policySettings.mode", "Prevention")
		c.want(RuleProdBehindWAF, r, "policySettings.enabledState", "Enabled")
		if c.in(r, "policySettings.mode") == "Prevention" && c.in(r, "policySettings.enabledState") == "Enabled" {
			preventing[c.out(r, "id")] = true
		}
	}
	protected := map[any]bool{}
	for _, r := range c.res.ByType(inventory.SecurityPolicy) {
		if !preventing[c.in(r, "parameters.wafPolicy.id")] {
			continue
		}
		associations, _ := c.in(r, "parameters.associations").([]any)
		for _, a := range associations {
			domains, _ := a.(map[string]any)["domains"].([]any)
			for _, d := range domains {
				protected[d.(map[string]any)["id"]] = true
			}
		}
	}
	// Endpoints and origin groups by profile and name, as routes and
	// origins name them.
	ids := map[[3]any]any{}
	for typ, key := range map[string]string{inventory.AFDEndpoint: "endpointName", inventory.AFDOriginGroup: "originGroupName"} {
		for _, r := range c.res.ByType(typ) {
			ids[[3]any{typ, c.in(r, "profileName"), c.in(r, key)}] = c.out(r, "id")
		}
	}
	// covered maps an origin group id to whether every route to it is
	// covered; a group no route reaches is absent.
	covered := map[any]bool{}
	for _, r := range c.res.ByType(inventory.FrontDoorRoute) {
		group := c.in(r, "originGroup.id")
		ok := protected[ids[[3]any{inventory.AFDEndpoint, c.in(r, "profileName"), c.in(r, "endpointName")}]]
		domains, _ := c.in(r, "customDomains").([]any)
		for _, d := range domains {
			ok = ok && protected[d.(map[string]any)["id"]]
		}
		if prev, seen := covered[group]; seen {
			ok = ok && prev
		}
		covered[group] = ok
	}
	behind := map[any]bool{} // origin hostname -> every route to it covered
	for _, r := range c.res.ByType(inventory.AFDOrigin) {
		group := ids[[3]any{inventory.AFDOriginGroup, c.in(r, "profileName"), c.in(r, "originGroupName")}]
		if ok, routed := covered[group]; routed {
			host := c.in(r, "hostName")
			prev, seen := behind[host]
			behind[host] = ok && (!seen || prev)
		}
	}
	for _, r := range c.res.ByType(inventory.LinuxWebApp) {
		if c.in(r, "publicNetworkAccessEnabled") == false {
			continue
		}
		ok, routed := behind[c.out(r, "defaultHostname")]
		switch {
		case !routed:
			c.fail(RuleProdBehindWAF, r, "is the origin of no Front Door route")
		case !ok:
			c.fail(RuleProdBehindWAF, r, "is reachable through a Front Door domain that no WAF policy in Prevention mode covers")
		}
	}
}

// originsLocked: every public web app and slot denies what its access
// restrictions do not allow, and allows only Front Door's service tag
// carrying one of this plan's profiles' ids in X-Azure-FDID.
func (c *checker) originsLocked() {
	c.rule(RuleProdOriginsLocked)
	profiles := map[any]bool{}
	for _, p := range c.res.ByType(inventory.FrontDoorProfile) {
		if id := c.out(p, "frontDoorId"); id != nil {
			profiles[id] = true
		}
	}
	for _, typ := range publicWebTypes {
		for _, r := range c.res.ByType(typ) {
			if c.in(r, "publicNetworkAccessEnabled") == false {
				continue
			}
			c.want(RuleProdOriginsLocked, r, "siteConfig.ipRestrictionDefaultAction", "Deny")
			restrictions, _ := c.in(r, "siteConfig.ipRestrictions").([]any)
			for i, raw := range restrictions {
				rule, _ := raw.(map[string]any)
				if action, _ := rule["action"].(string); action != "" && action != "Allow" {
					continue
				}
				if rule["serviceTag"] != frontDoorServiceTag {
					c.fail(RuleProdOriginsLocked, r, "ipRestrictions[%d] allows traffic that is not Front Door's (service tag %s)", i, frontDoorServiceTag)
					continue
				}
				headers, _ := rule["headers"].(map[string]any)
				fdids, _ := headers["xAzureFdids"].([]any)
				ours := len(fdids) > 0
				for _, id := range fdids {
					ours = ours && profiles[id]
				}
				if !ours {
					c.fail(RuleProdOriginsLocked, r, "ipRestrictions[%d] allows Front Door profiles other than this stack's (X-Azure-FDID)", i)
				}
			}
		}
	}
}
