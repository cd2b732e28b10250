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
func staging(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (Staging, error) {
	o, f := args.Options, args.Foundation
	st, err := o.StorageAccount(ctx, name+"-st", baseline.StorageAccountArgs{
		ResourceGroupName:       f.ResourceGroupName,
		AccountName:             stagingName(args),
		SKU:                     "Standard_LRS", // transient data: a rerun replaces it
		Private:                 f.Network != nil,
		BlobSoftDeleteDays:      stagingSoftDeleteDays,
		ContainerSoftDeleteDays: stagingSoftDeleteDays,
		Workspace:               f.Workspace,
		Services:                []string{"blob"},
	}, opts...)
	if err != nil {
		return Staging{}, err
	}
	account := st.Account
	s := Staging{AccountID: account.ID().ToStringOutput(), AccountName: account.Name, BlobEndpoint: account.PrimaryEndpoints.Blob()}

	container, err := storage.NewBlobContainer(ctx, name+"-st-"+StagingContainer, &storage.BlobContainerArgs{
		AccountName:       account.Name,
		ResourceGroupName: f.ResourceGroupName,
		ContainerName:     pulumi.String(StagingContainer),
		PublicAccess:      storage.PublicAccessNone,
	}, o.Stateful(pulumi.Parent(account), pulumi.DependsOn([]pulumi.Resource{st.BlobService}))...)
	if err != nil {
		return Staging{}, err
	}
	s.ContainerID = container.ID().ToStringOutput()

	if _, err := storage.NewManagementPolicy(ctx, name+"-st-lifecycle", &storage.ManagementPolicyArgs{
		AccountName:          account.Name,
		ResourceGroupName:    f.ResourceGroupName,
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
		return Staging{}, err
	}
	return s, nil
}

// stagingName names the staging account. A storage account's name carries
// no region code (24 characters leave little room), so in the standby's
// region the account takes the pair's name, with the code beside the
// suffix: the primary's account keeps its global name while its region is
// lost (config refuses a stack whose name leaves no room for it).
func stagingName(args Args) string {
	if args.Standby == nil {
		return args.Names.Name(naming.StorageAccount, "etl")
	}
	return args.Names.PairName(naming.StorageAccount, "etl")
}
