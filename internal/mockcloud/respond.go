package mockcloud

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// armIDs maps a resource type to the ARM id Azure gives it. {rg} stands for
// the resource group id; {name} placeholders are inputs of the resource.
var armIDs = map[string]string{
	"azure-native:resources:ResourceGroup": "/subscriptions/{sub}/resourceGroups/{resourceGroupName}",
	// The generic ARM resource: a child of parentResourcePath, which is
	// "<type>/<name>" pairs ("factories/adf-shop-dev").
	"azure-native:resources:Resource":                               "{rg}/providers/{resourceProviderNamespace}/{parentResourcePath}/{resourceType}/{resourceName}",
	"azure-native:authorization:ManagementLockAtResourceGroupLevel": "{rg}/providers/Microsoft.Authorization/locks/{lockName}",
	"azure-native:authorization:RoleAssignment":                     "{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
	"azure-native:insights:DiagnosticSetting":                       "{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}",
	"azure-native:insights:Component":                               "{rg}/providers/Microsoft.Insights/components/{resourceName}",
	"azure-native:insights:AutoscaleSetting":                        "{rg}/providers/Microsoft.Insights/autoscalesettings/{autoscaleSettingName}",
	"azure-native:operationalinsights:Workspace":                    "{rg}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}",
	"azure-native:keyvault:Vault":                                   "{rg}/providers/Microsoft.KeyVault/vaults/{vaultName}",
	"azure-native:keyvault:Secret":                                  "{rg}/providers/Microsoft.KeyVault/vaults/{vaultName}/secrets/{secretName}",
	"azure-native:storage:StorageAccount":                           "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}",
	"azure-native:storage:BlobServiceProperties":                    "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/default",
	"azure-native:storage:QueueServiceProperties":                   "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/queueServices/default",
	"azure-native:storage:BlobContainer":                            "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/default/containers/{containerName}",
	"azure-native:storage:Queue":                                    "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/queueServices/default/queues/{queueName}",
	"azure-native:storage:ManagementPolicy":                         "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/managementPolicies/default",
	"azure-native:sql:Server":                                       "{rg}/providers/Microsoft.Sql/servers/{serverName}",
	"azure-native:sql:Database":                                     "{rg}/providers/Microsoft.Sql/servers/{serverName}/databases/{databaseName}",
	"azure-native:sql:FailoverGroup":                                "{rg}/providers/Microsoft.Sql/servers/{serverName}/failoverGroups/{failoverGroupName}",
	"azure-native:sql:FirewallRule":                                 "{rg}/providers/Microsoft.Sql/servers/{serverName}/firewallRules/{firewallRuleName}",
	"azure-native:sql:ExtendedServerBlobAuditingPolicy":             "{rg}/providers/Microsoft.Sql/servers/{serverName}/extendedAuditingSettings/{blobAuditingPolicyName}",
	"azure-native:sql:BackupShortTermRetentionPolicy":               "{rg}/providers/Microsoft.Sql/servers/{serverName}/databases/{databaseName}/backupShortTermRetentionPolicies/{policyName}",
	"azure-native:sql:LongTermRetentionPolicy":                      "{rg}/providers/Microsoft.Sql/servers/{serverName}/databases/{databaseName}/backupLongTermRetentionPolicies/{policyName}",
	"azure-native:sql:TransparentDataEncryption":                    "{rg}/providers/Microsoft.Sql/servers/{serverName}/databases/{databaseName}/transparentDataEncryption/{tdeName}",
	"azure-native:sql:GeoBackupPolicy":                              "{rg}/providers/Microsoft.Sql/servers/{serverName}/databases/{databaseName}/geoBackupPolicies/{geoBackupPolicyName}",
	"azure-native:network:VirtualNetwork":                           "{rg}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}",
	"azure-native:network:Subnet":                                   "{rg}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}",
	"azure-native:network:NetworkSecurityGroup":                     "{rg}/providers/Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}",
	"azure-native:network:PrivateEndpoint":                          "{rg}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}",
	"azure-native:network:PrivateDnsZoneGroup":                      "{rg}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}/privateDnsZoneGroups/{privateDnsZoneGroupName}",
	"azure-native:network:PrivateZone":                              "{rg}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}",
	"azure-native:network:VirtualNetworkLink":                       "{rg}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}/virtualNetworkLinks/{virtualNetworkLinkName}",
	// Front Door Standard/Premium and its WAF policy.
	"azure-native:cdn:Profile":         "{rg}/providers/Microsoft.Cdn/profiles/{profileName}",
	"azure-native:cdn:AFDEndpoint":     "{rg}/providers/Microsoft.Cdn/profiles/{profileName}/afdEndpoints/{endpointName}",
	"azure-native:cdn:AFDOriginGroup":  "{rg}/providers/Microsoft.Cdn/profiles/{profileName}/originGroups/{originGroupName}",
	"azure-native:cdn:AFDOrigin":       "{rg}/providers/Microsoft.Cdn/profiles/{profileName}/originGroups/{originGroupName}/origins/{originName}",
	"azure-native:cdn:AFDCustomDomain": "{rg}/providers/Microsoft.Cdn/profiles/{profileName}/customDomains/{customDomainName}",
	"azure-native:cdn:Route":           "{rg}/providers/Microsoft.Cdn/profiles/{profileName}/afdEndpoints/{endpointName}/routes/{routeName}",
	"azure-native:cdn:SecurityPolicy":  "{rg}/providers/Microsoft.Cdn/profiles/{profileName}/securityPolicies/{securityPolicyName}",
	"azure-native:network:Policy":      "{rg}/providers/Microsoft.Network/frontDoorWebApplicationFirewallPolicies/{policyName}",
	// Classic provider types name themselves with "name".
	"azure:appservice/servicePlan:ServicePlan":                                     "{rg}/providers/Microsoft.Web/serverFarms/{name}",
	"azure:appservice/linuxWebApp:LinuxWebApp":                                     "{rg}/providers/Microsoft.Web/sites/{name}",
	"azure:appservice/linuxFunctionApp:LinuxFunctionApp":                           "{rg}/providers/Microsoft.Web/sites/{name}",
	"azure:appservice/linuxWebAppSlot:LinuxWebAppSlot":                             "{appServiceId}/slots/{name}",
	"azure:appservice/virtualNetworkSwiftConnection:VirtualNetworkSwiftConnection": "{appServiceId}/config/virtualNetwork",
	"azure:datafactory/factory:Factory":                                            "{rg}/providers/Microsoft.DataFactory/factories/{name}",
	"azure:datafactory/triggerSchedule:TriggerSchedule":                            "{dataFactoryId}/triggers/{name}",
	"azure:datafactory/integrationRuntimeRule:IntegrationRuntimeRule":              "{dataFactoryId}/integrationruntimes/{name}",
	"azure:datafactory/managedPrivateEndpoint:ManagedPrivateEndpoint":              "{dataFactoryId}/managedVirtualNetworks/default/managedPrivateEndpoints/{name}",
}

var placeholder = regexp.MustCompile(`\{([A-Za-z]+)\}`)

// respond returns the id and the outputs Azure would report for a resource:
// its inputs plus the properties Azure computes.
func respond(typ, urn string, inputs resource.PropertyMap) (string, resource.PropertyMap) {
	plain := inventory.Plain(resource.NewObjectProperty(inputs)).(map[string]any)
	in := func(key string) string {
		v, _ := plain[key].(string)
		return v
	}
	outputs := inputs.Copy()
	set := func(key string, value any) { outputs[resource.PropertyKey(key)] = resource.NewPropertyValue(value) }

	id := "mock-" + stableUUID("id", urn)
	if tmpl, ok := armIDs[typ]; ok {
		tmpl = strings.ReplaceAll(tmpl, "{rg}", "/subscriptions/{sub}/resourceGroups/{resourceGroupName}")
		missing := false
		id = placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
			key := m[1 : len(m)-1]
			if key == "sub" {
				return SubscriptionID
			}
			v := in(key)
			if v == "" {
				missing = true
			}
			return v
		})
		if missing {
			id = "mock-" + stableUUID("id", urn) // an input the id needs was not set
		}
	}
	set("id", id)
	name := id[strings.LastIndex(id, "/")+1:]
	if _, ok := outputs["name"]; !ok && strings.HasPrefix(typ, "azure-native:") {
		set("name", name) // azure-native reports the physical name as "name"
	}

	// Identities: a system-assigned identity gets a principal id.
	if identity, ok := plain["identity"].(map[string]any); ok {
		if t, _ := identity["type"].(string); strings.Contains(t, "SystemAssigned") {
			identity["principalId"] = stableUUID("principal", urn)
			identity["tenantId"] = TenantID
			set("identity", identity)
		}
	}

	switch typ {
	case "azure-native:keyvault:Secret":
		props, _ := inventory.Plain(inputs["properties"]).(map[string]any)
		if props == nil {
			props = map[string]any{}
		}
		vault := in("vaultName")
		props["secretUri"] = fmt.Sprintf("https://%s.vault.azure.net/secrets/%s", vault, name)
		props["secretUriWithVersion"] = fmt.Sprintf("https://%s.vault.azure.net/secrets/%s/%s", vault, name, strings.ReplaceAll(stableUUID("version", urn), "-", ""))
		set("properties", props)
	case "azure-native:storage:StorageAccount":
		endpoints := map[string]any{}
		for _, svc := range []string{"blob", "queue", "table", "file", "dfs", "web"} {
			endpoints[svc] = fmt.Sprintf("https://%s.%s.core.windows.net/", name, svc)
		}
		set("primaryEndpoints", endpoints)
	case "azure-native:sql:Server":
		set("fullyQualifiedDomainName", name+".database.windows.net")
	case "azure-native:sql:Database":
		set("databaseId", stableUUID("database", urn))
	case "azure-native:keyvault:Vault":
		props, _ := inventory.Plain(inputs["properties"]).(map[string]any)
		if props == nil {
			props = map[string]any{}
		}
		props["vaultUri"] = fmt.Sprintf("https://%s.vault.azure.net/", name)
		set("properties", props)
	case "azure-native:operationalinsights:Workspace":
		set("customerId", stableUUID("workspace", urn))
	case "azure-native:insights:Component":
		key := stableUUID("instrumentation", urn)
		set("instrumentationKey", key)
		set("appId", stableUUID("appinsights", urn))
		set("connectionString", fmt.Sprintf("InstrumentationKey=%s;IngestionEndpoint=https://%s-1.in.applicationinsights.azure.com/;LiveEndpoint=https://%s.livediagnostics.monitor.azure.com/", key, in("location"), in("location")))
	case "azure:appservice/linuxWebApp:LinuxWebApp", "azure:appservice/linuxFunctionApp:LinuxFunctionApp":
		set("defaultHostname", in("name")+".azurewebsites.net")
		set("outboundIpAddresses", "20.50.2.10,20.50.2.11")
	case "azure:appservice/linuxWebAppSlot:LinuxWebAppSlot":
		app := in("appServiceId")
		set("defaultHostname", app[strings.LastIndex(app, "/")+1:]+"-"+in("name")+".azurewebsites.net")
	case "azuread:index/applicationRegistration:ApplicationRegistration":
		set("clientId", stableUUID("client", urn))
		set("objectId", stableUUID("object", urn))
		id = "/applications/" + stableUUID("object", urn)
		set("id", id)
	case "azure-native:cdn:Profile":
		// The id Front Door sends origins in X-Azure-FDID: a GUID of the
		// profile's own, stable per profile.
		set("frontDoorId", stableUUID("frontdoor", urn))
	case "azure-native:cdn:AFDEndpoint":
		// <endpoint>-<16-character hash>.z01.azurefd.net, as Azure generates it.
		hash := strings.ReplaceAll(stableUUID("endpoint", urn), "-", "")[:16]
		set("hostName", fmt.Sprintf("%s-%s.z01.azurefd.net", in("endpointName"), hash))
	case "azure-native:cdn:AFDCustomDomain":
		// The token the domain's _dnsauth TXT record must hold.
		set("validationProperties", map[string]any{
			"validationToken": strings.ReplaceAll(stableUUID("validation", urn), "-", "")[:32],
		})
	// The ids azuread gives them, which `pulumi import` takes too.
	case "azuread:index/applicationAppRole:ApplicationAppRole":
		id = in("applicationId") + "/appRoles/" + in("roleId")
		set("id", id)
	case "azuread:index/applicationRedirectUris:ApplicationRedirectUris":
		id = in("applicationId") + "/redirectUris/" + in("type")
		set("id", id)
	case "azuread:index/appRoleAssignment:AppRoleAssignment":
		id = fmt.Sprintf("/servicePrincipals/%s/appRoleAssignedTo/%s", in("resourceObjectId"), stableUUID("assignment", urn))
		set("id", id)
	case "azuread:index/servicePrincipal:ServicePrincipal", "azuread:index/group:Group":
		id = stableUUID("object", urn)
		set("objectId", id)
		set("id", id)
	}
	return id, outputs
}
