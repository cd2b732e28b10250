package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StorageAccountArgs describe a storage account.
type StorageAccountArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	AccountName       string             `arg:"required"`
	SKU               string             `arg:"required"`
	// Private closes the public endpoint: only private endpoints reach the account.
	Private                 bool `arg:"optional"`
	BlobSoftDeleteDays      int  `arg:"required"`
	ContainerSoftDeleteDays int  `arg:"required"`
	// Workspace receives the account's metrics and its services' logs.
	Workspace pulumi.StringInput `arg:"required"`
	// Services are the services in use ("blob", "queue", "table"), each
	// sending its own logs and metrics.
	Services []string `arg:"required"`
}

// Storage is a storage account and its blob service.
type Storage struct {
	Account *storage.StorageAccount
	// BlobService holds the blob safety nets: containers depend on it,
	// whose settings must be in place first.
	BlobService *storage.BlobServiceProperties
}

// StorageAccount creates a storage account to the security baseline:
// identity-only (shared keys off, OAuth by default), no public blobs, HTTPS
// and TLS 1.2, no cross-tenant replication; its blob service's safety nets:
// versioning, blob and container soft delete; and the diagnostics of the
// account and of each service in use. The account is protected like any
// other stateful resource; opts apply to it.
func (o Options) StorageAccount(ctx *pulumi.Context, name string, a StorageAccountArgs, opts ...pulumi.ResourceOption) (*Storage, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	network := &storage.NetworkRuleSetArgs{DefaultAction: storage.DefaultActionAllow, Bypass: pulumi.String("AzureServices")}
	publicAccess := "Enabled"
	if a.Private {
		network.DefaultAction = storage.DefaultActionDeny
		publicAccess = "Disabled"
	}
	account, err := storage.NewStorageAccount(ctx, name, &storage.StorageAccountArgs{
		AccountName:                  pulumi.String(a.AccountName),
		ResourceGroupName:            a.ResourceGroupName,
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
	}, o.Stateful(opts...)...)
	if err != nil {
		return nil, err
	}
	blob, err := storage.NewBlobServiceProperties(ctx, name+"-blob", &storage.BlobServicePropertiesArgs{
		AccountName:                    account.Name,
		ResourceGroupName:              a.ResourceGroupName,
		BlobServicesName:               pulumi.String("default"),
		IsVersioningEnabled:            pulumi.Bool(true),
		DeleteRetentionPolicy:          storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(a.BlobSoftDeleteDays)},
		ContainerDeleteRetentionPolicy: storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(a.ContainerSoftDeleteDays)},
	}, pulumi.Parent(account))
	if err != nil {
		return nil, err
	}

	accountID := account.ID().ToStringOutput()
	if _, err := Diagnostics(ctx, name+"-diag", DiagnosticsArgs{ResourceID: accountID, Workspace: a.Workspace, Signals: StorageAccount}, pulumi.Parent(account)); err != nil {
		return nil, err
	}
	for _, svc := range a.Services {
		id := pulumi.Sprintf("%s/%sServices/default", accountID, svc)
		if _, err := Diagnostics(ctx, name+"-"+svc+"-diag", DiagnosticsArgs{ResourceID: id, Workspace: a.Workspace, Signals: StorageService}, pulumi.Parent(account)); err != nil {
			return nil, fmt.Errorf("diagnostics of %s's %s service: %w", name, svc, err)
		}
	}
	return &Storage{Account: account, BlobService: blob}, nil
}
