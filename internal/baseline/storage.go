package baseline

import (
	"github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StorageAccountArgs describe a storage account.
type StorageAccountArgs struct {
	AccountName string
	SKU         string
	// Private closes the public endpoint: only private endpoints reach the account.
	Private                 bool
	BlobSoftDeleteDays      int
	ContainerSoftDeleteDays int
}

// StorageAccount creates a storage account to the security baseline:
// identity-only (shared keys off, OAuth by default), no public blobs, HTTPS
// and TLS 1.2, no cross-tenant replication; and its blob service's safety
// nets: versioning, blob and container soft delete. Containers should
// depend on the returned blob service, whose settings must be in place first.
func (o Options) StorageAccount(ctx *pulumi.Context, name string, a StorageAccountArgs, resourceGroupName pulumi.StringInput, parent pulumi.Resource) (*storage.StorageAccount, *storage.BlobServiceProperties, error) {
	network := &storage.NetworkRuleSetArgs{DefaultAction: storage.DefaultActionAllow, Bypass: pulumi.String("AzureServices")}
	publicAccess := "Enabled"
	if a.Private {
		network.DefaultAction = storage.DefaultActionDeny
		publicAccess = "Disabled"
	}
	account, err := storage.NewStorageAccount(ctx, name, &storage.StorageAccountArgs{
		AccountName:                  pulumi.String(a.AccountName),
		ResourceGroupName:            resourceGroupName,
		Location:                     pulumi.String(o.Location),
		Kind:                         storage.KindStorageV2,
		Sku:                          storage.SkuArgs{Name: pulumi.String(a.SKU)},
		AccessTier:                   storage.AccessTierHot,
		AllowBlobPublicAccess:        pulumi.Bool(false),
		AllowSharedKeyAccess:         pulumi.Bool(false),
		AllowCrossTenantReplication:  pulumi.Bool(false),
		DefaultToOAuthAuthentication: pulumi.Bool(true),
		EnableHttpsTrafficOnly:       pulumi.Bool(true),
		MinimumTlsVersion:            storage.MinimumTlsVersion_TLS1_2,
		PublicNetworkAccess:          pulumi.String(publicAccess),
		NetworkRuleSet:               network,
		Tags:                         o.TagMap(),
	}, o.Stateful(parent)...)
	if err != nil {
		return nil, nil, err
	}
	blob, err := storage.NewBlobServiceProperties(ctx, name+"-blob", &storage.BlobServicePropertiesArgs{
		AccountName:                    account.Name,
		ResourceGroupName:              resourceGroupName,
		BlobServicesName:               pulumi.String("default"),
		IsVersioningEnabled:            pulumi.Bool(true),
		DeleteRetentionPolicy:          storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(a.BlobSoftDeleteDays)},
		ContainerDeleteRetentionPolicy: storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(a.ContainerSoftDeleteDays)},
	}, pulumi.Parent(account))
	if err != nil {
		return nil, nil, err
	}
	return account, blob, nil
}
