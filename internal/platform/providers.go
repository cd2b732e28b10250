package platform

import (
	// Classic provider: the resources it serves (App Service, Data Factory)
	// have no fetchable azure-native module here; see core/worker.go.
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ResourceProviders are the Azure resource provider namespaces the platform's
// resources belong to (Microsoft.Resources and Microsoft.Authorization are
// registered in every subscription). A fresh subscription has most of them
// unregistered, and azure-native registers none: its first PUT then fails
// with "The subscription is not registered to use namespace ..."
// (pulumi-azure-native issue 3479). Names from
// https://learn.microsoft.com/azure/azure-resource-manager/management/azure-services-resource-providers.
//
// Spelled byte for byte as ARM lists them: azurerm matches this list
// case-sensitively against the subscription's providers and only logs a
// name it does not find (v4.61.0 internal/resourceproviders/required.go,
// requiring_registration.go). ARM lists Azure Monitor in lower case.
var ResourceProviders = []string{
	"Microsoft.Cdn",         // Front Door Standard/Premium (the edge)
	"Microsoft.Consumption", // the stack's budget
	"Microsoft.DataFactory",
	"microsoft.insights", // Application Insights, diagnostics, alerts, autoscale, workbooks
	"Microsoft.KeyVault",
	"Microsoft.Network",
	"Microsoft.OperationalInsights",
	"Microsoft.Sql",
	"Microsoft.Storage",
	"Microsoft.Web",
}

// classicProvider is the one classic (azurerm) provider every classic
// resource of the stack goes through. Two of its settings make the first
// deploy of a fresh subscription work:
//   - azurerm registers the providers it is given while it is configured,
//     and waits for each to finish (internal/resourceproviders in azurerm
//     v4.61.0); Pulumi configures an explicit provider as the provider
//     resource's create step, so everything that depends on this resource
//     runs after the registration. "none" limits registration to ours.
//   - v6 needs a subscription id; taking azure-native's keeps both providers
//     on the same subscription with no azure:subscriptionId to keep in step.
//
// azurerm's own azurerm_resource_provider_registration resource is no
// alternative: it fails with "requires import" on a provider that is already
// registered, which is every subscription's second stack.
func classicProvider(ctx *pulumi.Context, subscriptionID string) (*azure.Provider, error) {
	return azure.NewProvider(ctx, "azure-classic", &azure.ProviderArgs{
		SubscriptionId:                pulumi.String(subscriptionID),
		ResourceProviderRegistrations: pulumi.String("none"),
		ResourceProvidersToRegisters:  pulumi.ToStringArray(ResourceProviders),
		// azurerm requires the block; its defaults are what the stack wants.
		Features: azure.ProviderFeaturesArgs{},
	})
}
