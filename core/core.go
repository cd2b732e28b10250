// Package core is the platform's foundation layer: the resource group,
// monitoring, Key Vault, the storage account with its queues, the
// transactional Azure SQL database, the queue-triggered background worker and,
// where configured, the private network. Later layers consume its outputs.
package core

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
)

// The work queues. Producers (portals, backoffice) and the worker agree on
// these names; each has a poison queue the Functions host moves a message to
// after queueMaxDequeueCount failed attempts.
const (
	QueueOrderConfirmations = "order-confirmations"
	QueueInventoryUpdates   = "inventory-updates"
	QueueNotifications      = "notifications"
)

// Queues lists the work queues.
var Queues = []string{QueueOrderConfirmations, QueueInventoryUpdates, QueueNotifications}

// PoisonQueue is the name of the queue failed messages of queue go to.
func PoisonQueue(queue string) string { return queue + "-poison" }

// Blob containers.
const (
	ContainerProductImages  = "product-images"
	ContainerOrderDocuments = "order-documents"
)

// SQLAdmin is the Entra principal (a group) administering the SQL servers.
type SQLAdmin struct {
	Login    pulumi.StringInput // display name
	ObjectID pulumi.StringInput
}

// Args configure the core layer.
type Args struct {
	Options     baseline.Options
	Names       naming.Namer
	Network     config.Network
	Monitoring  config.Monitoring
	KeyVault    config.KeyVault
	Storage     config.Storage
	SQL         config.SQL
	Worker      config.Worker
	EmailAPIKey config.Secret
	SQLAdmin    SQLAdmin
	// Prerequisites (optional) must exist before the resource group, and so
	// before every resource in it: the subscription's resource provider
	// registrations.
	Prerequisites []pulumi.Resource
}

// Core is the foundation layer. Its exported outputs are what later layers consume.
type Core struct {
	pulumi.ResourceState

	ResourceGroupName pulumi.StringOutput
	ResourceGroupID   pulumi.StringOutput

	WorkspaceID pulumi.StringOutput
	// AppInsightsConnectionString is a secret: it carries the ingestion key.
	AppInsightsConnectionString pulumi.StringOutput
	AppInsightsID               pulumi.StringOutput

	KeyVaultID   pulumi.StringOutput
	KeyVaultName pulumi.StringOutput
	KeyVaultURI  pulumi.StringOutput
	// EmailAPIKeySecretURI is the versionless Key Vault URI of the e-mail API
	// key, empty when no key is configured.
	EmailAPIKeySecretURI pulumi.StringOutput

	StorageAccountID   pulumi.StringOutput
	StorageAccountName pulumi.StringOutput
	BlobEndpoint       pulumi.StringOutput
	QueueEndpoint      pulumi.StringOutput
	// QueueIDs and ContainerIDs map names to resource ids, the scopes of role assignments.
	QueueIDs     map[string]pulumi.StringOutput
	ContainerIDs map[string]pulumi.StringOutput

	SQLServerID   pulumi.StringOutput
	SQLServerName pulumi.StringOutput
	SQLServerFQDN pulumi.StringOutput
	SQLDatabaseID pulumi.StringOutput
	SQLDatabase   pulumi.StringOutput

	WorkerName        pulumi.StringOutput
	WorkerPrincipalID pulumi.StringOutput

	// Network is nil unless private networking is on.
	Network *Network

	opts  baseline.Options
	names naming.Namer
}

// New creates the core layer.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Core, error) {
	c := &Core{QueueIDs: map[string]pulumi.StringOutput{}, ContainerIDs: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource("ecommerce:core:Core", name, c, opts...); err != nil {
		return nil, err
	}
	n := args.Names

	rg, err := resources.NewResourceGroup(ctx, name+"-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String(n.Name(naming.ResourceGroup, "")),
		Location:          pulumi.String(args.Options.Location),
		Tags:              args.Options.TagMap(),
	}, args.Options.Stateful(c, pulumi.DependsOn(args.Prerequisites))...)
	if err != nil {
		return nil, err
	}
	c.ResourceGroupName, c.ResourceGroupID = rg.Name, rg.ID().ToStringOutput()
	if args.Options.Lock {
		if _, err := authorization.NewManagementLockAtResourceGroupLevel(ctx, name+"-rg-lock", &authorization.ManagementLockAtResourceGroupLevelArgs{
			ResourceGroupName: rg.Name,
			LockName:          pulumi.String("do-not-delete"),
			Level:             pulumi.String("CanNotDelete"),
			Notes:             pulumi.String("Production data lives here. Remove this lock deliberately before deleting anything."),
		}, pulumi.Parent(rg)); err != nil {
			return nil, err
		}
	}

	steps := []func(*pulumi.Context, string, Args) error{
		c.monitoring, c.network, c.keyVault, c.storage, c.sql, c.worker,
	}
	c.opts, c.names = args.Options, n
	for _, step := range steps {
		if err := step(ctx, name, args); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"resourceGroupName":  c.ResourceGroupName,
		"workspaceId":        c.WorkspaceID,
		"keyVaultUri":        c.KeyVaultURI,
		"storageAccountName": c.StorageAccountName,
		"blobEndpoint":       c.BlobEndpoint,
		"queueEndpoint":      c.QueueEndpoint,
		"sqlServerFqdn":      c.SQLServerFQDN,
		"sqlDatabase":        c.SQLDatabase,
		"workerName":         c.WorkerName,
		"workerPrincipalId":  c.WorkerPrincipalID,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Options returns the cross-cutting options later layers share with core:
// the same tags, protection and lock, with diagnostics sent to core's
// workspace and private endpoints placed in core's network.
func (c *Core) Options() baseline.Options {
	o := c.opts
	o.Workspace = c.WorkspaceID
	return o
}

// PrivateNetwork returns where later layers put their private endpoints, or
// nil when the stack uses public endpoints.
func (c *Core) PrivateNetwork() *baseline.PrivateNetwork {
	if c.Network == nil {
		return nil
	}
	return c.Network.private
}

// SQLConnectionString is the passwordless ADO.NET connection string of the
// transactional database: the caller authenticates with its managed identity.
func (c *Core) SQLConnectionString() pulumi.StringOutput {
	return pulumi.Sprintf("Server=tcp:%s,1433;Database=%s;Authentication=Active Directory Managed Identity;Encrypt=True;TrustServerCertificate=False;", c.SQLServerFQDN, c.SQLDatabase)
}

// Grants are the worker's database grants: it reads orders and products,
// writes order status and stock levels.
func (c *Core) Grants() []sqlgrants.Grant {
	return []sqlgrants.Grant{{
		Server:   c.SQLServerFQDN,
		Database: c.SQLDatabase,
		User:     c.WorkerName,
		ObjectID: c.WorkerPrincipalID,
		Roles:    []string{"db_datareader", "db_datawriter"},
	}}
}

// diagnostics sends a resource's logs and metrics to the workspace.
func (c *Core) diagnostics(ctx *pulumi.Context, name string, id pulumi.StringInput, d baseline.Diagnostics, parent pulumi.Resource) error {
	_, err := baseline.SendDiagnostics(ctx, name+"-diag", id, c.WorkspaceID, d, parent)
	if err != nil {
		return fmt.Errorf("diagnostics of %s: %w", name, err)
	}
	return nil
}
