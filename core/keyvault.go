package core

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// EmailAPIKeySecret is the Key Vault secret holding the e-mail provider's API key.
const EmailAPIKeySecret = "email-api-key"

// KeyVault is the stack's vault.
type KeyVault struct {
	ID   pulumi.StringOutput
	Name pulumi.StringOutput
	URI  pulumi.StringOutput
	// EmailAPIKeySecretURI is the versionless URI of the e-mail API key
	// secret, empty when no key is configured.
	EmailAPIKeySecretURI pulumi.StringOutput
}

// keyVault creates the vault in RBAC mode (no access policies): access is
// granted by role assignments scoped to the vault or to single secrets.
func keyVault(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, opts ...pulumi.ResourceOption) (KeyVault, error) {
	o := args.Options
	props := keyvault.VaultPropertiesArgs{
		TenantId:                  pulumi.String(o.TenantID),
		Sku:                       keyvault.SkuArgs{Family: pulumi.String("A"), Name: keyvault.SkuNameStandard},
		EnableRbacAuthorization:   pulumi.Bool(true),
		EnableSoftDelete:          pulumi.Bool(true),
		SoftDeleteRetentionInDays: pulumi.Int(args.KeyVault.SoftDeleteDays),
		PublicNetworkAccess:       pulumi.String("Enabled"),
		NetworkAcls: keyvault.NetworkRuleSetArgs{
			DefaultAction: pulumi.String("Allow"),
			Bypass:        pulumi.String("AzureServices"),
		},
	}
	if args.KeyVault.PurgeProtection {
		// Azure refuses an explicit false, and true can never be undone.
		props.EnablePurgeProtection = pulumi.Bool(true)
	}
	if f.Network != nil {
		props.PublicNetworkAccess = pulumi.String("Disabled")
		props.NetworkAcls = keyvault.NetworkRuleSetArgs{DefaultAction: pulumi.String("Deny"), Bypass: pulumi.String("AzureServices")}
	}
	vault, err := keyvault.NewVault(ctx, name+"-kv", &keyvault.VaultArgs{
		VaultName:         pulumi.String(args.Names.Name(naming.KeyVault, "")),
		ResourceGroupName: f.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		Properties:        props,
		Tags:              o.TagMap(),
	}, o.Stateful(opts...)...)
	if err != nil {
		return KeyVault{}, err
	}
	kv := KeyVault{
		ID:                   vault.ID().ToStringOutput(),
		Name:                 vault.Name,
		URI:                  vault.Properties.VaultUri(),
		EmailAPIKeySecretURI: pulumi.String("").ToStringOutput(),
	}

	if args.EmailAPIKey.IsSet() {
		secretOpts := []pulumi.ResourceOption{pulumi.Parent(vault)}
		if args.Hooks != nil {
			// The worker reads the key through a versionless Key Vault
			// reference, which App Service re-reads only within a day.
			site := func(n naming.Namer) string {
				return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Web/sites/%s",
					o.SubscriptionID, n.Name(naming.ResourceGroup, ""), n.Name(naming.FunctionApp, "worker"))
			}
			workers := []string{site(args.Names)}
			if dr := args.DisasterRecovery; dr.Enabled {
				workers = append(workers, site(dr.SecondaryNames)) // the standby's worker reads it too
			}
			refresh, err := args.Hooks.RefreshOnUpdate(ctx, workers...)
			if err != nil {
				return KeyVault{}, err
			}
			secretOpts = append(secretOpts, refresh)
		}
		secret, err := keyvault.NewSecret(ctx, name+"-kv-email-api-key", &keyvault.SecretArgs{
			SecretName:        pulumi.String(EmailAPIKeySecret),
			VaultName:         vault.Name,
			ResourceGroupName: f.ResourceGroupName,
			Properties:        keyvault.SecretPropertiesArgs{Value: secretOf(args.EmailAPIKey), ContentType: pulumi.String("text/plain")},
		}, secretOpts...)
		if err != nil {
			return KeyVault{}, err
		}
		kv.EmailAPIKeySecretURI = secret.Properties.SecretUri()
	}

	if _, err := baseline.Diagnostics(ctx, name+"-kv-diag", baseline.DiagnosticsArgs{
		ResourceID: kv.ID, Workspace: f.Workspace, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(vault)); err != nil {
		return KeyVault{}, err
	}
	return kv, privateEndpoint(ctx, name+"-kv-pep", args, f, vault.ID(), "vault", opts...)
}

// secretOf is a configured secret as the Pulumi secret it enters the
// program as: config itself knows no Pulumi types.
func secretOf(s config.Secret) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.String(s.Reveal())).(pulumi.StringOutput)
}
