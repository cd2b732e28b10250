package tests

// The Pulumi type tokens the tests read plans by, in one place.

const (
	tLock           = "azure-native:authorization:ManagementLockAtResourceGroupLevel"
	tRoleAssignment = "azure-native:authorization:RoleAssignment"

	tAFDDomain   = "azure-native:cdn:AFDCustomDomain"
	tAFDEndpoint = "azure-native:cdn:AFDEndpoint"
	tAFDOrigin   = "azure-native:cdn:AFDOrigin"
	tAFDGroup    = "azure-native:cdn:AFDOriginGroup"
	tAFDProfile  = "azure-native:cdn:Profile"
	tAFDRoute    = "azure-native:cdn:Route"
	tAFDSecurity = "azure-native:cdn:SecurityPolicy"

	tActionGroup = "azure-native:insights:ActionGroup"
	tActivityLog = "azure-native:insights:ActivityLogAlert"
	tAutoscale   = "azure-native:insights:AutoscaleSetting"
	tAppInsights = "azure-native:insights:Component"
	tDiagnostic  = "azure-native:insights:DiagnosticSetting"
	tMetricAlert = "azure-native:insights:MetricAlert"
	tLogAlert    = "azure-native:insights:ScheduledQueryRule"
	tWebTest     = "azure-native:insights:WebTest"
	tWorkbook    = "azure-native:insights:Workbook"

	tSecret = "azure-native:keyvault:Secret"
	tVault  = "azure-native:keyvault:Vault"

	tNSG       = "azure-native:network:NetworkSecurityGroup"
	tWAFPolicy = "azure-native:network:Policy"
	tZoneGroup = "azure-native:network:PrivateDnsZoneGroup"
	tEndpoint  = "azure-native:network:PrivateEndpoint"
	tZone      = "azure-native:network:PrivateZone"
	tSubnet    = "azure-native:network:Subnet"
	tVNet      = "azure-native:network:VirtualNetwork"
	tZoneLink  = "azure-native:network:VirtualNetworkLink"

	tWorkspace = "azure-native:operationalinsights:Workspace"

	tGeneric       = "azure-native:resources:Resource"
	tResourceGroup = "azure-native:resources:ResourceGroup"

	tSQLPITR       = "azure-native:sql:BackupShortTermRetentionPolicy"
	tSQLDatabase   = "azure-native:sql:Database"
	tSQLAudit      = "azure-native:sql:ExtendedServerBlobAuditingPolicy"
	tSQLFirewall   = "azure-native:sql:FirewallRule"
	tGeoBackup     = "azure-native:sql:GeoBackupPolicy"
	tSQLLTR        = "azure-native:sql:LongTermRetentionPolicy"
	tSQLServer     = "azure-native:sql:Server"
	tSecurityAlert = "azure-native:sql:ServerSecurityAlertPolicy"
	tSQLTDE        = "azure-native:sql:TransparentDataEncryption"

	tContainer      = "azure-native:storage:BlobContainer"
	tBlobService    = "azure-native:storage:BlobServiceProperties"
	tQueue          = "azure-native:storage:Queue"
	tStorageAccount = "azure-native:storage:StorageAccount"

	tFunctionApp = "azure:appservice/linuxFunctionApp:LinuxFunctionApp"
	tWebApp      = "azure:appservice/linuxWebApp:LinuxWebApp"
	tWebAppSlot  = "azure:appservice/linuxWebAppSlot:LinuxWebAppSlot"
	tPlan        = "azure:appservice/servicePlan:ServicePlan"

	tFactory         = "azure:datafactory/factory:Factory"
	tRuntime         = "azure:datafactory/integrationRuntimeRule:IntegrationRuntimeRule"
	tManagedEndpoint = "azure:datafactory/managedPrivateEndpoint:ManagedPrivateEndpoint"
	tTrigger         = "azure:datafactory/triggerSchedule:TriggerSchedule"

	tAppRoleAssignment = "azuread:index/appRoleAssignment:AppRoleAssignment"
	tAppRole           = "azuread:index/applicationAppRole:ApplicationAppRole"
	tRedirects         = "azuread:index/applicationRedirectUris:ApplicationRedirectUris"
	tRegistration      = "azuread:index/applicationRegistration:ApplicationRegistration"
	tGroup             = "azuread:index/group:Group"
	tServicePrincipal  = "azuread:index/servicePrincipal:ServicePrincipal"

	tAzureADProvider = "pulumi:providers:azuread"

	tBudget = "azure-native:consumption:Budget"
)
