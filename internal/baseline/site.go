package baseline

import (
	// Classic provider: the azure-native "web" module cannot be fetched here.
	// Swap the adapters to azure-native web.WebApp and WebAppSlot when it can.
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Site is what an App Service site of the program sets, in no provider's
// types: a web app, its staging slot and the worker Function App are each
// built from one. The classic provider spells the three with different Go
// types, so an adapter per type (LinuxWebApp, LinuxWebAppSlot,
// LinuxFunctionApp) copies a Site into its own, field by field, adding the
// hardening every site gets (Hardened) and a system-assigned identity. The
// layers decide the values; the adapters decide nothing.
//
// A nil pointer input leaves the provider's default (and the input unset).
type Site struct {
	AppSettings pulumi.StringMap
	Tags        pulumi.StringMap
	// PublicNetworkAccess opens the site's public endpoint.
	PublicNetworkAccess bool
	// SubnetID is the subnet the site's outbound traffic enters (regional
	// VNet integration), nil for none; RouteAllThroughVNet sends all of it
	// there, not only private addresses.
	SubnetID            pulumi.StringPtrInput
	RouteAllThroughVNet bool
	// DotnetVersion is the .NET runtime; IsolatedWorker is the Functions
	// isolated worker model (nil for a web app).
	DotnetVersion  string
	IsolatedWorker pulumi.BoolPtrInput
	// ClientAffinity is ARR affinity (web apps; a Function App has none).
	ClientAffinity pulumi.BoolPtrInput
	// HealthCheckPath is probed by App Service on every instance; an
	// instance failing it HealthCheckEvictionMinutes long is taken out.
	HealthCheckPath            pulumi.StringPtrInput
	HealthCheckEvictionMinutes pulumi.IntPtrInput
	// AppInsightsConnectionString in the site config is where the Functions
	// host reads it (Function Apps only; web apps read the app setting).
	AppInsightsConnectionString pulumi.StringPtrInput
	// AccessRestrictionDefaultAction applies to what no AccessRestrictions
	// rule allows (nil: Allow).
	AccessRestrictionDefaultAction pulumi.StringPtrInput
	AccessRestrictions             []AccessRestriction
}

// AccessRestriction is one rule of a site's access restrictions: traffic
// from a service tag, optionally only with one of FrontDoorIDs in its
// X-Azure-FDID header.
type AccessRestriction struct {
	Name         string
	Priority     int
	Action       string
	ServiceTag   string
	FrontDoorIDs pulumi.StringArrayInput
}

// SiteSignIn is App Service authentication (Easy Auth v2) with Microsoft
// Entra ID, for a web app and its slot.
type SiteSignIn struct {
	RequireAuthentication bool
	// UnauthenticatedAction is "RedirectToLoginPage" or "AllowAnonymous".
	UnauthenticatedAction string
	ClientID              pulumi.StringInput
	// Issuer is the OpenID Connect issuer (tenantAuthEndpoint).
	Issuer pulumi.StringInput
	// ForwardProxyConvention builds redirects from X-Forwarded-Host behind
	// a proxy (nil: NoProxy); ExcludedPaths skip authentication.
	ForwardProxyConvention pulumi.StringPtrInput
	ExcludedPaths          pulumi.StringArrayInput
}

// LinuxWebApp is s as a web app's arguments; the caller adds the name,
// resource group, location, plan and sign-in. AppInsightsConnectionString
// and IsolatedWorker are a Function App's only.
func (s Site) LinuxWebApp() appservice.LinuxWebAppArgs {
	h := Hardened
	return appservice.LinuxWebAppArgs{
		Identity:                                   appservice.LinuxWebAppIdentityArgs{Type: pulumi.String(systemAssigned)},
		HttpsOnly:                                  pulumi.Bool(h.HTTPSOnly),
		PublicNetworkAccessEnabled:                 pulumi.Bool(s.PublicNetworkAccess),
		ClientAffinityEnabled:                      s.ClientAffinity,
		FtpPublishBasicAuthenticationEnabled:       pulumi.Bool(h.BasicPublishingAuth),
		WebdeployPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		VirtualNetworkSubnetId:                     s.SubnetID,
		SiteConfig: appservice.LinuxWebAppSiteConfigArgs{
			AlwaysOn:                     pulumi.Bool(true),
			FtpsState:                    pulumi.String(h.FTPSState),
			Http2Enabled:                 pulumi.Bool(h.HTTP2),
			MinimumTlsVersion:            pulumi.String(h.MinimumTLSVersion),
			ScmMinimumTlsVersion:         pulumi.String(h.MinimumTLSVersion),
			RemoteDebuggingEnabled:       pulumi.Bool(h.RemoteDebugging),
			HealthCheckPath:              s.HealthCheckPath,
			HealthCheckEvictionTimeInMin: s.HealthCheckEvictionMinutes,
			VnetRouteAllEnabled:          pulumi.Bool(s.RouteAllThroughVNet),
			IpRestrictionDefaultAction:   s.AccessRestrictionDefaultAction,
			IpRestrictions:               webAppRestrictions(s.AccessRestrictions),
			ApplicationStack: appservice.LinuxWebAppSiteConfigApplicationStackArgs{
				DotnetVersion: pulumi.String(s.DotnetVersion),
			},
		},
		AppSettings: s.AppSettings,
		Tags:        s.Tags,
	}
}

// LinuxWebAppSlot is s as a slot's arguments; the caller adds the name, the
// app and sign-in.
func (s Site) LinuxWebAppSlot() appservice.LinuxWebAppSlotArgs {
	h := Hardened
	return appservice.LinuxWebAppSlotArgs{
		Identity:                                   appservice.LinuxWebAppSlotIdentityArgs{Type: pulumi.String(systemAssigned)},
		HttpsOnly:                                  pulumi.Bool(h.HTTPSOnly),
		PublicNetworkAccessEnabled:                 pulumi.Bool(s.PublicNetworkAccess),
		ClientAffinityEnabled:                      s.ClientAffinity,
		FtpPublishBasicAuthenticationEnabled:       pulumi.Bool(h.BasicPublishingAuth),
		WebdeployPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		VirtualNetworkSubnetId:                     s.SubnetID,
		SiteConfig: appservice.LinuxWebAppSlotSiteConfigArgs{
			AlwaysOn:                     pulumi.Bool(true),
			FtpsState:                    pulumi.String(h.FTPSState),
			Http2Enabled:                 pulumi.Bool(h.HTTP2),
			MinimumTlsVersion:            pulumi.String(h.MinimumTLSVersion),
			ScmMinimumTlsVersion:         pulumi.String(h.MinimumTLSVersion),
			RemoteDebuggingEnabled:       pulumi.Bool(h.RemoteDebugging),
			HealthCheckPath:              s.HealthCheckPath,
			HealthCheckEvictionTimeInMin: s.HealthCheckEvictionMinutes,
			VnetRouteAllEnabled:          pulumi.Bool(s.RouteAllThroughVNet),
			IpRestrictionDefaultAction:   s.AccessRestrictionDefaultAction,
			IpRestrictions:               slotRestrictions(s.AccessRestrictions),
			ApplicationStack: appservice.LinuxWebAppSlotSiteConfigApplicationStackArgs{
				DotnetVersion: pulumi.String(s.DotnetVersion),
			},
		},
		AppSettings: s.AppSettings,
		Tags:        s.Tags,
	}
}

// LinuxFunctionApp is s as a Function App's arguments; the caller adds the
// name, resource group, location, plan and host storage. A Function App has
// no ARR affinity, so ClientAffinity does not apply; only it has
// AppInsightsConnectionString and IsolatedWorker.
func (s Site) LinuxFunctionApp() appservice.LinuxFunctionAppArgs {
	h := Hardened
	return appservice.LinuxFunctionAppArgs{
		Identity:                             appservice.LinuxFunctionAppIdentityArgs{Type: pulumi.String(systemAssigned)},
		HttpsOnly:                            pulumi.Bool(h.HTTPSOnly),
		PublicNetworkAccessEnabled:           pulumi.Bool(s.PublicNetworkAccess),
		FtpPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		WebdeployPublishBasicAuthenticationEnabled: pulumi.Bool(h.BasicPublishingAuth),
		VirtualNetworkSubnetId:                     s.SubnetID,
		SiteConfig: appservice.LinuxFunctionAppSiteConfigArgs{
			AlwaysOn:                            pulumi.Bool(true),
			FtpsState:                           pulumi.String(h.FTPSState),
			Http2Enabled:                        pulumi.Bool(h.HTTP2),
			MinimumTlsVersion:                   pulumi.String(h.MinimumTLSVersion),
			ScmMinimumTlsVersion:                pulumi.String(h.MinimumTLSVersion),
			RemoteDebuggingEnabled:              pulumi.Bool(h.RemoteDebugging),
			HealthCheckPath:                     s.HealthCheckPath,
			HealthCheckEvictionTimeInMin:        s.HealthCheckEvictionMinutes,
			VnetRouteAllEnabled:                 pulumi.Bool(s.RouteAllThroughVNet),
			ApplicationInsightsConnectionString: s.AppInsightsConnectionString,
			IpRestrictionDefaultAction:          s.AccessRestrictionDefaultAction,
			IpRestrictions:                      functionAppRestrictions(s.AccessRestrictions),
			ApplicationStack: appservice.LinuxFunctionAppSiteConfigApplicationStackArgs{
				DotnetVersion:            pulumi.String(s.DotnetVersion),
				UseDotnetIsolatedRuntime: s.IsolatedWorker,
			},
		},
		AppSettings: s.AppSettings,
		Tags:        s.Tags,
	}
}

// WebApp is the sign-in as a web app's authentication settings.
func (a SiteSignIn) WebApp() appservice.LinuxWebAppAuthSettingsV2Args {
	return appservice.LinuxWebAppAuthSettingsV2Args{
		AuthEnabled:           pulumi.Bool(true),
		RuntimeVersion:        pulumi.String(easyAuthRuntime),
		RequireHttps:          pulumi.Bool(true),
		RequireAuthentication: pulumi.Bool(a.RequireAuthentication),
		UnauthenticatedAction: pulumi.String(a.UnauthenticatedAction),
		DefaultProvider:       pulumi.String(entraProvider),
		ActiveDirectoryV2: appservice.LinuxWebAppAuthSettingsV2ActiveDirectoryV2Args{
			ClientId:           a.ClientID,
			TenantAuthEndpoint: a.Issuer,
		},
		// Claims reach the app in X-MS-CLIENT-PRINCIPAL; no tokens at rest.
		Login:                  appservice.LinuxWebAppAuthSettingsV2LoginArgs{TokenStoreEnabled: pulumi.Bool(false)},
		ForwardProxyConvention: a.ForwardProxyConvention,
		ExcludedPaths:          a.ExcludedPaths,
	}
}

// Slot is the sign-in as a slot's authentication settings.
func (a SiteSignIn) Slot() appservice.LinuxWebAppSlotAuthSettingsV2Args {
	return appservice.LinuxWebAppSlotAuthSettingsV2Args{
		AuthEnabled:           pulumi.Bool(true),
		RuntimeVersion:        pulumi.String(easyAuthRuntime),
		RequireHttps:          pulumi.Bool(true),
		RequireAuthentication: pulumi.Bool(a.RequireAuthentication),
		UnauthenticatedAction: pulumi.String(a.UnauthenticatedAction),
		DefaultProvider:       pulumi.String(entraProvider),
		ActiveDirectoryV2: appservice.LinuxWebAppSlotAuthSettingsV2ActiveDirectoryV2Args{
			ClientId:           a.ClientID,
			TenantAuthEndpoint: a.Issuer,
		},
		Login:                  appservice.LinuxWebAppSlotAuthSettingsV2LoginArgs{TokenStoreEnabled: pulumi.Bool(false)},
		ForwardProxyConvention: a.ForwardProxyConvention,
		ExcludedPaths:          a.ExcludedPaths,
	}
}

const (
	systemAssigned = "SystemAssigned"
	// easyAuthRuntime is App Service authentication's runtime version, and
	// entraProvider its name for Microsoft Entra ID.
	easyAuthRuntime = "~1"
	entraProvider   = "azureactivedirectory"
)

// restrictions converts the rules into a provider's list with row, nil
// for no rules, so that the input stays unset.
func restrictions[L ~[]T, T any](rules []AccessRestriction, row func(AccessRestriction) T) L {
	var out L
	for _, r := range rules {
		out = append(out, row(r))
	}
	return out
}

func webAppRestrictions(rules []AccessRestriction) appservice.LinuxWebAppSiteConfigIpRestrictionArray {
	return restrictions[appservice.LinuxWebAppSiteConfigIpRestrictionArray](rules, func(r AccessRestriction) appservice.LinuxWebAppSiteConfigIpRestrictionInput {
		return appservice.LinuxWebAppSiteConfigIpRestrictionArgs{Name: pulumi.String(r.Name), Priority: pulumi.Int(r.Priority), Action: pulumi.String(r.Action),
			ServiceTag: pulumi.String(r.ServiceTag), Headers: appservice.LinuxWebAppSiteConfigIpRestrictionHeadersArgs{XAzureFdids: r.FrontDoorIDs}}
	})
}

func slotRestrictions(rules []AccessRestriction) appservice.LinuxWebAppSlotSiteConfigIpRestrictionArray {
	return restrictions[appservice.LinuxWebAppSlotSiteConfigIpRestrictionArray](rules, func(r AccessRestriction) appservice.LinuxWebAppSlotSiteConfigIpRestrictionInput {
		return appservice.LinuxWebAppSlotSiteConfigIpRestrictionArgs{Name: pulumi.String(r.Name), Priority: pulumi.Int(r.Priority), Action: pulumi.String(r.Action),
			ServiceTag: pulumi.String(r.ServiceTag), Headers: appservice.LinuxWebAppSlotSiteConfigIpRestrictionHeadersArgs{XAzureFdids: r.FrontDoorIDs}}
	})
}

func functionAppRestrictions(rules []AccessRestriction) appservice.LinuxFunctionAppSiteConfigIpRestrictionArray {
	return restrictions[appservice.LinuxFunctionAppSiteConfigIpRestrictionArray](rules, func(r AccessRestriction) appservice.LinuxFunctionAppSiteConfigIpRestrictionInput {
		return appservice.LinuxFunctionAppSiteConfigIpRestrictionArgs{Name: pulumi.String(r.Name), Priority: pulumi.Int(r.Priority), Action: pulumi.String(r.Action),
			ServiceTag: pulumi.String(r.ServiceTag), Headers: appservice.LinuxFunctionAppSiteConfigIpRestrictionHeadersArgs{XAzureFdids: r.FrontDoorIDs}}
	})
}
