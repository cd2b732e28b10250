package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Containers the Functions host keeps its leases and keys in. Creating them
// here lets the worker's blob role be scoped to them instead of the account.
const (
	containerWebJobsHosts   = "azure-webjobs-hosts"
	containerWebJobsSecrets = "azure-webjobs-secrets"
)

// storage creates the account (identity-only: shared keys off), its blob
// service safety nets, the containers and the work queues.
func (c *Core) storage(ctx *pulumi.Context, name string, args Args) error {
	o := args.Options
	network := &storage.NetworkRuleSetArgs{DefaultAction: storage.DefaultActionAllow, Bypass: pulumi.String("AzureServices")}
	publicAccess := "Enabled"
	if c.Network != nil {
		network.DefaultAction = storage.DefaultActionDeny
		publicAccess = "Disabled"
	}
	account, err := storage.NewStorageAccount(ctx, name+"-st", &storage.StorageAccountArgs{
		AccountName:                  pulumi.String(args.Names.Name(naming.StorageAccount, "")),
		ResourceGroupName:            c.ResourceGroupName,
		Location:                     pulumi.String(o.Location),
		Kind:                         storage.KindStorageV2,
		Sku:                          storage.SkuArgs{Name: pulumi.String(args.Storage.SKU)},
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
	}, o.Stateful(c)...)
	if err != nil {
		return err
	}
	c.StorageAccountID = account.ID().ToStringOutput()
	c.StorageAccountName = account.Name
	c.BlobEndpoint = account.PrimaryEndpoints.Blob()
	c.QueueEndpoint = account.PrimaryEndpoints.Queue()

	blobService, err := storage.NewBlobServiceProperties(ctx, name+"-st-blob", &storage.BlobServicePropertiesArgs{
		AccountName:                    account.Name,
		ResourceGroupName:              c.ResourceGroupName,
		BlobServicesName:               pulumi.String("default"),
		IsVersioningEnabled:            pulumi.Bool(true),
		DeleteRetentionPolicy:          storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(args.Storage.BlobSoftDeleteDays)},
		ContainerDeleteRetentionPolicy: storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(args.Storage.ContainerSoftDeleteDays)},
	}, pulumi.Parent(account))
	if err != nil {
		return err
	}

	for _, container := range []string{ContainerProductImages, ContainerOrderDocuments, containerWebJobsHosts, containerWebJobsSecrets} {
		bc, err := storage.NewBlobContainer(ctx, name+"-st-"+container, &storage.BlobContainerArgs{
			AccountName:       account.Name,
			ResourceGroupName: c.ResourceGroupName,
			ContainerName:     pulumi.String(container),
			PublicAccess:      storage.PublicAccessNone,
		}, o.Stateful(account, pulumi.DependsOn([]pulumi.Resource{blobService}))...)
		if err != nil {
			return err
		}
		c.ContainerIDs[container] = bc.ID().ToStringOutput()
	}

	for _, queue := range Queues {
		for _, q := range []string{queue, PoisonQueue(queue)} {
			sq, err := storage.NewQueue(ctx, name+"-st-"+q, &storage.QueueArgs{
				AccountName:       account.Name,
				ResourceGroupName: c.ResourceGroupName,
				QueueName:         pulumi.String(q),
			}, pulumi.Parent(account))
			if err != nil {
				return err
			}
			c.QueueIDs[q] = sq.ID().ToStringOutput()
		}
	}

	if err := c.diagnostics(ctx, name+"-st", c.StorageAccountID, baseline.StorageAccount, account); err != nil {
		return err
	}
	for _, svc := range []string{"blob", "queue"} {
		id := pulumi.Sprintf("%s/%sServices/default", c.StorageAccountID, svc)
		if err := c.diagnostics(ctx, name+"-st-"+svc, id, baseline.StorageService, account); err != nil {
			return err
		}
		if err := c.privateEndpoint(ctx, name+"-st-"+svc, account.ID(), svc); err != nil {
			return err
		}
	}
	return nil
}
