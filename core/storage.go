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

// Storage is the storage account with its containers and queues.
type Storage struct {
	AccountID     pulumi.StringOutput
	AccountName   pulumi.StringOutput
	BlobEndpoint  pulumi.StringOutput
	QueueEndpoint pulumi.StringOutput
	// QueueIDs and ContainerIDs map names to resource ids, the scopes of role assignments.
	QueueIDs     map[string]pulumi.StringOutput
	ContainerIDs map[string]pulumi.StringOutput
}

// storageAccount creates the account (to the baseline: identity-only, soft
// delete, versioning, diagnostics), the containers and the work queues.
// The table service holds no data of ours, but the Functions host writes its
// diagnostic events there (core/worker.go), so it is monitored and reached
// privately like the others.
func storageAccount(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, opts ...pulumi.ResourceOption) (Storage, error) {
	o := args.Options
	services := []string{"blob", "queue", "table"}
	st, err := o.StorageAccount(ctx, name+"-st", baseline.StorageAccountArgs{
		ResourceGroupName:       f.ResourceGroupName,
		AccountName:             args.Names.Name(naming.StorageAccount, ""),
		SKU:                     args.Storage.SKU,
		Private:                 f.Network != nil,
		BlobSoftDeleteDays:      args.Storage.BlobSoftDeleteDays,
		ContainerSoftDeleteDays: args.Storage.ContainerSoftDeleteDays,
		Workspace:               f.Workspace,
		Services:                services,
	}, opts...)
	if err != nil {
		return Storage{}, err
	}
	account := st.Account
	s := Storage{
		AccountID:     account.ID().ToStringOutput(),
		AccountName:   account.Name,
		BlobEndpoint:  account.PrimaryEndpoints.Blob(),
		QueueEndpoint: account.PrimaryEndpoints.Queue(),
		QueueIDs:      map[string]pulumi.StringOutput{},
		ContainerIDs:  map[string]pulumi.StringOutput{},
	}

	for _, container := range []string{ContainerProductImages, ContainerOrderDocuments, containerWebJobsHosts, containerWebJobsSecrets} {
		bc, err := storage.NewBlobContainer(ctx, name+"-st-"+container, &storage.BlobContainerArgs{
			AccountName:       account.Name,
			ResourceGroupName: f.ResourceGroupName,
			ContainerName:     pulumi.String(container),
			PublicAccess:      storage.PublicAccessNone,
		}, o.Stateful(pulumi.Parent(account), pulumi.DependsOn([]pulumi.Resource{st.BlobService}))...)
		if err != nil {
			return Storage{}, err
		}
		s.ContainerIDs[container] = bc.ID().ToStringOutput()
	}

	for _, queue := range Queues {
		for _, q := range []string{queue.Name, queue.Poison()} {
			sq, err := storage.NewQueue(ctx, name+"-st-"+q, &storage.QueueArgs{
				AccountName:       account.Name,
				ResourceGroupName: f.ResourceGroupName,
				QueueName:         pulumi.String(q),
			}, pulumi.Parent(account))
			if err != nil {
				return Storage{}, err
			}
			s.QueueIDs[q] = sq.ID().ToStringOutput()
		}
	}

	for _, svc := range services {
		if err := privateEndpoint(ctx, name+"-st-"+svc+"-pep", args, f, account.ID(), svc, opts...); err != nil {
			return Storage{}, err
		}
	}
	return s, nil
}
