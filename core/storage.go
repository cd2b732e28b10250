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

// storage creates the account (to the baseline: identity-only, soft delete,
// versioning), the containers and the work queues.
func (c *Core) storage(ctx *pulumi.Context, name string, args Args) error {
	o := args.Options
	account, blobService, err := o.StorageAccount(ctx, name+"-st", baseline.StorageAccountArgs{
		AccountName:             args.Names.Name(naming.StorageAccount, ""),
		SKU:                     args.Storage.SKU,
		Private:                 c.Network != nil,
		BlobSoftDeleteDays:      args.Storage.BlobSoftDeleteDays,
		ContainerSoftDeleteDays: args.Storage.ContainerSoftDeleteDays,
	}, c.ResourceGroupName, c)
	if err != nil {
		return err
	}
	c.StorageAccountID = account.ID().ToStringOutput()
	c.StorageAccountName = account.Name
	c.BlobEndpoint = account.PrimaryEndpoints.Blob()
	c.QueueEndpoint = account.PrimaryEndpoints.Queue()

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
	// The table service holds no data of ours, but the Functions host
	// writes its diagnostic events there (core/worker.go), so it is
	// monitored and reached privately like the others.
	for _, svc := range []string{"blob", "queue", "table"} {
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
