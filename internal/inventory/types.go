package inventory

// The Pulumi type tokens of the resources the plan is read by (the policy,
// the cost estimate, the plan's renderings and the tests), in one place.
// Each is the token its provider's SDK registers, so a misspelt one finds
// nothing in a plan and the tests that look for it fail.
const (
	// azure-native v2.
	AFDCustomDomain                        = "azure-native:cdn:AFDCustomDomain"
	AFDEndpoint                            = "azure-native:cdn:AFDEndpoint"
	AFDOrigin                              = "azure-native:cdn:AFDOrigin"
	AFDOriginGroup                         = "azure-native:cdn:AFDOriginGroup"
	ActionGroup                            = "azure-native:insights:ActionGroup"
	ActivityLogAlert                       = "azure-native:insights:ActivityLogAlert"
	AppInsights                            = "azure-native:insights:Component"
	AutoscaleSetting                       = "azure-native:insights:AutoscaleSetting"
	BackupShortTermRetentionPolicy         = "azure-native:sql:BackupShortTermRetentionPolicy"
	BlobContainer                          = "azure-native:storage:BlobContainer"
	BlobServiceProperties                  = "azure-native:storage:BlobServiceProperties"
	Budget                                 = "azure-native:consumption:Budget"
	DiagnosticSetting                      = "azure-native:insights:DiagnosticSetting"
	ExtendedServerBlobAuditingPolicy       = "azure-native:sql:ExtendedServerBlobAuditingPolicy"
	FirewallRule                           = "azure-native:sql:FirewallRule"
	FrontDoorProfile                       = "azure-native:cdn:Profile"
	FrontDoorRoute                         = "azure-native:cdn:Route"
	GenericResource                        = "azure-native:resources:Resource"
	GeoBackupPolicy                        = "azure-native:sql:GeoBackupPolicy"
	KeyVault                               = "azure-native:keyvault:Vault"
	KeyVaultSecret                         = "azure-native:keyvault:Secret"
	LogAnalyticsWorkspace                  = "azure-native:operationalinsights:Workspace"
	LongTermRetentionPolicy                = "azure-native:sql:LongTermRetentionPolicy"
	ManagementPolicy                       = "azure-native:storage:ManagementPolicy"
	MetricAlert                            = "azure-native:insights:MetricAlert"
	NetworkSecurityGroup                   = "azure-native:network:NetworkSecurityGroup"
	PrivateDnsZoneGroup                    = "azure-native:network:PrivateDnsZoneGroup"
	PrivateEndpoint                        = "azure-native:network:PrivateEndpoint"
	PrivateZone                            = "azure-native:network:PrivateZone"
	ResourceGroup                          = "azure-native:resources:ResourceGroup"
	ResourceGroupLock                      = "azure-native:authorization:ManagementLockAtResourceGroupLevel"
	RoleAssignment                         = "azure-native:authorization:RoleAssignment"
	SQLDatabase                            = "azure-native:sql:Database"
	SQLFailoverGroup                       = "azure-native:sql:FailoverGroup"
	SQLServer                              = "azure-native:sql:Server"
	ScheduledQueryRule                     = "azure-native:insights:ScheduledQueryRule"
	SecurityPolicy                         = "azure-native:cdn:SecurityPolicy"
	ServerAdvancedThreatProtectionSettings = "azure-native:sql:ServerAdvancedThreatProtectionSettings"
	ServerSecurityAlertPolicy              = "azure-native:sql:ServerSecurityAlertPolicy"
	StorageAccount                         = "azure-native:storage:StorageAccount"
	StorageQueue                           = "azure-native:storage:Queue"
	Subnet                                 = "azure-native:network:Subnet"
	TransparentDataEncryption              = "azure-native:sql:TransparentDataEncryption"
	VirtualNetwork                         = "azure-native:network:VirtualNetwork"
	VirtualNetworkLink                     = "azure-native:network:VirtualNetworkLink"
	VirtualNetworkPeering                  = "azure-native:network:VirtualNetworkPeering"
	WAFPolicy                              = "azure-native:network:Policy"
	WebTest                                = "azure-native:insights:WebTest"
	Workbook                               = "azure-native:insights:Workbook"

	// classic azure v6 (pulumi-azure).
	DataFactory            = "azure:datafactory/factory:Factory"
	IntegrationRuntimeRule = "azure:datafactory/integrationRuntimeRule:IntegrationRuntimeRule"
	LinuxFunctionApp       = "azure:appservice/linuxFunctionApp:LinuxFunctionApp"
	LinuxWebApp            = "azure:appservice/linuxWebApp:LinuxWebApp"
	LinuxWebAppSlot        = "azure:appservice/linuxWebAppSlot:LinuxWebAppSlot"
	ManagedPrivateEndpoint = "azure:datafactory/managedPrivateEndpoint:ManagedPrivateEndpoint"
	ServicePlan            = "azure:appservice/servicePlan:ServicePlan"
	TriggerSchedule        = "azure:datafactory/triggerSchedule:TriggerSchedule"

	// azuread v5.
	AppRoleAssignment       = "azuread:index/appRoleAssignment:AppRoleAssignment"
	ApplicationAppRole      = "azuread:index/applicationAppRole:ApplicationAppRole"
	ApplicationRedirectUris = "azuread:index/applicationRedirectUris:ApplicationRedirectUris"
	ApplicationRegistration = "azuread:index/applicationRegistration:ApplicationRegistration"
	EntraGroup              = "azuread:index/group:Group"
	ServicePrincipal        = "azuread:index/servicePrincipal:ServicePrincipal"

	// Pulumi's own.
	AzureADProvider = "pulumi:providers:azuread"
)
