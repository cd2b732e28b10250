package baseline

// Application Insights with local auth off accepts telemetry only from
// Microsoft Entra identities holding Monitoring Metrics Publisher on it.
// AppInsightsAuthSetting tells the Functions host and App Service's
// autoinstrumentation to send with the site's system-assigned identity
// ("Authorization=AAD"; a user-assigned one adds ";ClientId=<client id>"):
// "Microsoft Entra authentication for Application Insights",
// https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication.
// An app's own SDK does not read it: such an app sets its credential in
// code (README, "Telemetry without keys").
const (
	AppInsightsAuthSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"
	AppInsightsEntraAuth   = "Authorization=AAD"
)

// AppInsightsAgentSetting turns on App Service's autoinstrumentation of a
// .NET web app, with no code in the app; AppInsightsAgentLinux is its value
// on Linux ("~2 for Windows or ~3 for Linux"; the agent's default mode needs
// no XDT_MicrosoftApplicationInsights_* setting):
// https://learn.microsoft.com/azure/azure-monitor/app/azure-web-apps-net-core
const (
	AppInsightsAgentSetting = "ApplicationInsightsAgent_EXTENSION_VERSION"
	AppInsightsAgentLinux   = "~3"
)
