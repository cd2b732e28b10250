// Package core is the platform's foundation layer: the resource group,
// monitoring, Key Vault, the storage account with its queues, the
// transactional Azure SQL database, the queue-triggered background worker and,
// where configured, the private network. Later layers consume its outputs,
// and its Foundation (resource group, workspace, network) is theirs too.
package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/hooks"
	"github.com/ecommerce-platform/infra/internal/naming"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
)

// Queue is one work queue: its name, on which producers (portals,
// backoffice) and the worker agree, and the app setting that carries the
// name to their code (a contract with it).
type Queue struct {
	Name    string
	Setting string
}

// Poison is the queue the Functions host moves a message of q to after
// queueMaxDequeueCount failed attempts.
func (q Queue) Poison() string { return q.Name + "-poison" }

// The work queues.
var (
	OrderConfirmations = Queue{Name: "order-confirmations", Setting: "ORDER_CONFIRMATIONS_QUEUE"}
	InventoryUpdates   = Queue{Name: "inventory-updates", Setting: "INVENTORY_UPDATES_QUEUE"}
	Notifications      = Queue{Name: "notifications", Setting: "NOTIFICATIONS_QUEUE"}
	// Queues lists them, in the order the stack output lists their names.
	Queues = []Queue{OrderConfirmations, InventoryUpdates, Notifications}
)

// Blob containers.
const (
	ContainerProductImages  = "product-images"
	ContainerOrderDocuments = "order-documents"
)

// Args configure the core layer.
type Args struct {
	Options    baseline.Options  `arg:"required"`
	Names      naming.Namer      `arg:"required"`
	Network    config.Network    `arg:"optional"` // zero: public endpoints
	Monitoring config.Monitoring `arg:"required"`
	// Alerts say who is told when an alert fires, and the tuned thresholds.
	Alerts   config.Alerts   `arg:"required"`
	KeyVault config.KeyVault `arg:"required"`
	Storage  config.Storage  `arg:"required"`
	SQL      config.SQL      `arg:"required"`
	Worker   config.Worker   `arg:"required"`
	// DisasterRecovery builds the standby's data tier (standby.go); zero:
	// none.
	DisasterRecovery config.DisasterRecovery `arg:"optional"`
	EmailAPIKey      config.Secret           `arg:"optional"`
	// SQLAdmin administers the SQL server (auth's group).
	SQLAdmin baseline.SQLAdmin `arg:"required"`
	// Budget is the resource group's monthly cost budget (budget.go).
	Budget BudgetArgs `arg:"required"`
	// AppPlan is the portals' plan, created here when the worker shares it
	// (Worker.SharesAppPlan); nil otherwise.
	AppPlan *AppPlanArgs `arg:"optional"`
	// Prerequisites must exist before the resource group, and so before
	// every resource in it: the subscription's resource provider registrations.
	Prerequisites []pulumi.Resource `arg:"optional"`
	// Hooks refresh the worker's Key Vault references after the e-mail key
	// changes, in a real `up`; nil binds none.
	Hooks *hooks.Set `arg:"optional"`
}

// Core is the foundation layer. Its exported outputs are what later layers
// consume, grouped by resource.
type Core struct {
	pulumi.ResourceState

	// Foundation is where the other layers' resources go and report.
	Foundation baseline.Foundation

	ResourceGroup ResourceGroup
	Monitoring    Monitoring
	KeyVault      KeyVault
	Storage       Storage
	Database      Database
	Worker        Worker
	// Network is nil unless private networking is on.
	Network *Network
	// Standby is nil unless the stack runs a warm standby.
	Standby *Standby
	// Grants are the database grants the worker's identity needs.
	Grants []sqlgrants.Grant
	// Budget is the resource group's cost budget.
	Budget Budget
	// SharedPlanID is the portals' plan the worker runs on, for the apps
	// layer to take; nil unless the worker shares it.
	SharedPlanID pulumi.StringInput
}

// ResourceGroup is the stack's resource group.
type ResourceGroup struct {
	Name pulumi.StringOutput
	ID   pulumi.StringOutput
	// Resource is the group itself, what teardown deletes
	// (baseline.Options.TeardownWith).
	Resource pulumi.Resource
}

// New creates the core layer. Each step takes what it needs and returns
// what it makes, so the order below is the order of the data.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Core, error) {
	var missing []string
	if args.Worker.SharesAppPlan && args.AppPlan == nil {
		missing = append(missing, "AppPlan (Worker.SharesAppPlan)")
	}
	if err := baseline.CheckArgs("core", args, missing...); err != nil {
		return nil, err
	}
	c := &Core{}
	// nil while a group itself registers, first.
	teardown := args.Options.TeardownWith(func(resource string) pulumi.Resource {
		if !baseline.IsStandby(resource) {
			return c.ResourceGroup.Resource
		}
		if c.Standby == nil {
			return nil
		}
		return c.Standby.group
	})
	if err := ctx.RegisterComponentResource("ecommerce:core:Core", name, c, append(opts, teardown)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	rg, err := resourceGroup(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	c.ResourceGroup = rg
	if c.Monitoring, err = monitoring(ctx, name, args, rg.Name, parent); err != nil {
		return nil, err
	}
	if c.Network, err = privateNetwork(ctx, name, args, rg.Name, c.Monitoring.WorkspaceID, parent); err != nil {
		return nil, err
	}
	actionGroupID, err := actionGroup(ctx, name, args, rg.Name, parent)
	if err != nil {
		return nil, err
	}
	if c.Budget, err = budget(ctx, name, args.Budget, args.Names, rg, actionGroupID, parent); err != nil {
		return nil, err
	}
	c.Foundation = baseline.Foundation{ResourceGroupName: rg.Name, Workspace: c.Monitoring.WorkspaceID, ActionGroup: actionGroupID, Group: rg.Resource}
	if c.Network != nil {
		c.Foundation.Network = c.Network.private
	}
	f := c.Foundation
	if c.KeyVault, err = keyVault(ctx, name, args, f, parent); err != nil {
		return nil, err
	}
	if c.Storage, err = storageAccount(ctx, name, args, f, parent); err != nil {
		return nil, err
	}
	if c.Database, err = database(ctx, name, args, f, parent); err != nil {
		return nil, err
	}
	if args.DisasterRecovery.Enabled {
		c.Standby = &Standby{}
		reach := standbyReach{storageAccountID: c.Storage.AccountID, keyVaultID: c.KeyVault.ID}
		if err := c.Standby.create(ctx, name, args, f, &c.Database, c.Network, reach, parent); err != nil {
			return nil, err
		}
	}
	in := workerInputs{
		monitoring: c.Monitoring, keyVault: c.KeyVault, storage: c.Storage, database: c.Database, network: c.Network,
	}
	if args.Worker.SharesAppPlan {
		id, err := sharedAppPlan(ctx, *args.AppPlan, args.Options, args.Names, f, parent)
		if err != nil {
			return nil, err
		}
		in.sharedPlanID, c.SharedPlanID = id, id
	}
	if c.Worker, err = worker(ctx, name, args, f, in, parent); err != nil {
		return nil, err
	}
	c.Grants = workerGrants(c.Database, c.Worker)
	if c.Standby != nil {
		if c.Standby.Worker, err = c.Standby.worker(ctx, name, args, f, in, parent); err != nil {
			return nil, err
		}
		c.Grants = append(c.Grants, workerGrants(c.Database, c.Standby.Worker)...)
		c.Foundation.Standby = &baseline.StandbyFoundation{Location: c.Standby.Location, ResourceGroupName: c.Standby.ResourceGroupName, Group: c.Standby.group}
		if c.Standby.Network != nil {
			c.Foundation.Standby.AppsSubnetID, c.Foundation.Standby.Network = c.Standby.Network.AppsSubnetID, c.Standby.Network.private
		}
	}
	if err := coreAlerts(ctx, name, args, c, parent); err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, err
	}
	return c, nil
}

// resourceGroup creates the stack's resource group, locked against deletion
// when the stack asks for it.
func resourceGroup(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (ResourceGroup, error) {
	rg, err := lockedGroup(ctx, name+"-rg", args.Options, args.Names.Name(naming.ResourceGroup, ""),
		"Production data lives here. Remove this lock deliberately before deleting anything.",
		append(opts, pulumi.DependsOn(args.Prerequisites))...)
	if err != nil {
		return ResourceGroup{}, err
	}
	return ResourceGroup{Name: rg.Name, ID: rg.ID().ToStringOutput(), Resource: rg}, nil
}

// lockedGroup creates a resource group in o's region, protected with the
// stack's data and, when the stack asks for it, under a CanNotDelete lock
// whose notes say why.
func lockedGroup(ctx *pulumi.Context, logical string, o baseline.Options, groupName, notes string, opts ...pulumi.ResourceOption) (*resources.ResourceGroup, error) {
	rg, err := resources.NewResourceGroup(ctx, logical, &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String(groupName),
		Location:          pulumi.String(o.Location),
		Tags:              o.TagMap(),
	}, o.Stateful(opts...)...)
	if err != nil {
		return nil, err
	}
	if o.Lock {
		if _, err := authorization.NewManagementLockAtResourceGroupLevel(ctx, logical+"-lock", &authorization.ManagementLockAtResourceGroupLevelArgs{
			ResourceGroupName: rg.Name,
			LockName:          pulumi.String("do-not-delete"),
			Level:             pulumi.String("CanNotDelete"),
			Notes:             pulumi.String(notes),
		}, pulumi.Parent(rg)); err != nil {
			return nil, err
		}
	}
	return rg, nil
}

// Outputs are the layer's outputs, under the names the program exports
// them by: the one declaration of both.
func (c *Core) Outputs() pulumi.Map {
	return pulumi.Map{
		"resourceGroupName":           c.ResourceGroup.Name,
		"logAnalyticsWorkspaceId":     c.Monitoring.WorkspaceID,
		"appInsightsConnectionString": c.Monitoring.AppInsightsConnectionString,
		"keyVaultUri":                 c.KeyVault.URI,
		"storageAccountName":          c.Storage.AccountName,
		"blobEndpoint":                c.Storage.BlobEndpoint,
		"queueEndpoint":               c.Storage.QueueEndpoint,
		"queues":                      pulumi.ToStringArray(queueNames()),
		"sqlServerFqdn":               c.Database.ServerFQDN,
		"sqlDatabase":                 c.Database.Name,
		"sqlHost":                     c.Database.Host,
		"sqlReadOnlyHost":             c.Database.ReadOnlyHost,
		"workerName":                  c.Worker.Name,
		"standbyWorkerName":           c.standbyWorkerName(),
		"standbyResourceGroupName":    c.standbyResourceGroupName(),
		"workerPrincipalId":           c.Worker.PrincipalID,
		"actionGroupId":               c.Foundation.ActionGroup,
	}
}

// standbyWorkerName is the standby's worker, to publish to as to the
// primary's; empty without a standby.
func (c *Core) standbyWorkerName() pulumi.StringInput {
	if c.Standby == nil {
		return pulumi.String("")
	}
	return c.Standby.Worker.Name
}

// standbyResourceGroupName is the standby's group; empty without one.
func (c *Core) standbyResourceGroupName() pulumi.StringInput {
	if c.Standby == nil {
		return pulumi.String("")
	}
	return c.Standby.ResourceGroupName
}

// workerGrants are the worker's database grants: it reads orders and
// products, writes order status and stock levels.
func workerGrants(db Database, w Worker) []sqlgrants.Grant {
	return []sqlgrants.Grant{{
		Server:   db.Host,
		Database: db.Name,
		User:     w.Name,
		ObjectID: w.PrincipalID,
		Roles:    []string{"db_datareader", "db_datawriter"},
	}}
}

// queueNames are the work queues' names.
func queueNames() []string {
	names := make([]string, len(Queues))
	for i, q := range Queues {
		names[i] = q.Name
	}
	return names
}
