package baseline

// Application Insights with local auth off accepts telemetry only from
// Microsoft Entra identities holding Monitoring Metrics Publisher on it.
// The SDKs and the Functions host use the site's system-assigned identity
// when this setting is "Authorization=AAD" (the user-assigned form adds
// ";ClientId=<client id>"): "Microsoft Entra authentication for
// Application Insights",
// https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication.
const (
	AppInsightsAuthSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"
	AppInsightsEntraAuth   = "Authorization=AAD"
)
