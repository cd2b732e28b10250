package analytics

import (
	"github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// StagingContainer holds the interim files of the staged copies.
const StagingContainer = "etl-staging"

// stagingDays is how long a staged file, or an old version of one, is kept:
// the copy deletes its files when it succeeds, a failed run leaves them.
const stagingDays = 2

// stagingSoftDeleteDays is how long a deleted staged file stays recoverable.
// Staged files are transient copies of customer and order data that a rerun
// replaces: the account keeps them one day after deletion, not the weeks
// core's account keeps product images and order documents.
const stagingSoftDeleteDays = 1

// stagingStore is the staging account as the factory sees it.
type stagingStore struct {
	accountID    pulumi.StringOutput
	blobEndpoint pulumi.StringOutput
	containerID  pulumi.StringOutput
}

// staging creates the storage account the copies stage through. It is the
// layer's own rather than a container in core's account because:
//   - the factory's managed private endpoint and blob role then reach this
//     account only, never the one holding product images, order documents
//     and the Functions host's keys;
//   - staged files are transient copies of customer and order data: a
//     lifecycle rule deletes leftovers and old versions after stagingDays,
//     and they need no geo-replication.
//
// Like core's account it takes no shared keys and, with private networking,
// no public traffic: only the factory's managed private endpoint.
func (a *Analytics) staging(ctx *pulumi.Context, name string) (*stagingStore, error) {
	o, c := a.args.Options, a.args.Core
	account, blobService, err := o.StorageAccount(ctx, name+"-st", baseline.StorageAccountArgs{
		AccountName:             a.args.Names.Name(naming.StorageAccount, "etl"),
		SKU:                     "Standard_LRS", // transient data: a rerun replaces it
		Private:                 c.Network != nil,
		BlobSoftDeleteDays:      stagingSoftDeleteDays,
		ContainerSoftDeleteDays: stagingSoftDeleteDays,
	}, c.ResourceGroupName, a)
	if err != nil {
		return nil, err
	}
	a.StagingAccountName = account.Name
	s := &stagingStore{accountID: account.ID().ToStringOutput(), blobEndpoint: account.PrimaryEndpoints.Blob()}

	container, err := storage.NewBlobContainer(ctx, name+"-st-"+StagingContainer, &storage.BlobContainerArgs{
		AccountName:       account.Name,
		ResourceGroupName: c.ResourceGroupName,
		ContainerName:     pulumi.String(StagingContainer),
		PublicAccess:      storage.PublicAccessNone,
	}, o.Stateful(account, pulumi.DependsOn([]pulumi.Resource{blobService}))...)
	if err != nil {
		return nil, err
	}
	s.containerID = container.ID().ToStringOutput()

	if _, err := storage.NewManagementPolicy(ctx, name+"-st-lifecycle", &storage.ManagementPolicyArgs{
		AccountName:          account.Name,
		ResourceGroupName:    c.ResourceGroupName,
		ManagementPolicyName: pulumi.String("default"),
		Policy: storage.ManagementPolicySchemaArgs{Rules: storage.ManagementPolicyRuleArray{storage.ManagementPolicyRuleArgs{
			Name:    pulumi.String("delete-leftover-staging"),
			Type:    pulumi.String("Lifecycle"),
			Enabled: pulumi.Bool(true),
			Definition: storage.ManagementPolicyDefinitionArgs{
				Filters: storage.ManagementPolicyFilterArgs{
					BlobTypes:   pulumi.StringArray{pulumi.String("blockBlob")},
					PrefixMatch: pulumi.StringArray{pulumi.String(StagingContainer + "/")},
				},
				Actions: storage.ManagementPolicyActionArgs{
					BaseBlob: storage.ManagementPolicyBaseBlobArgs{
						Delete: storage.DateAfterModificationArgs{DaysAfterModificationGreaterThan: pulumi.Float64(stagingDays)},
					},
					Version: storage.ManagementPolicyVersionArgs{
						Delete: storage.DateAfterCreationArgs{DaysAfterCreationGreaterThan: pulumi.Float64(stagingDays)},
					},
				},
			},
		}}},
	}, pulumi.Parent(account)); err != nil {
		return nil, err
	}

	if _, err := baseline.SendDiagnostics(ctx, name+"-st-diag", s.accountID, o.Workspace, baseline.StorageAccount, account); err != nil {
		return nil, err
	}
	_, err = baseline.SendDiagnostics(ctx, name+"-st-blob-diag", pulumi.Sprintf("%s/blobServices/default", s.accountID), o.Workspace, baseline.StorageService, account)
	return s, err
}
