package core

import (
	"fmt"
	"strconv"

	// Classic provider: the azure-native "web" module cannot be fetched here.
	// Swap to azure-native web.AppServicePlan/WebApp when it can.
	"github.com/pulumi/pulumi-azure/sdk/v5/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// QueueConnection is the name of the worker's identity-based queue
// connection; the functions' QueueTrigger attributes reference it.
const QueueConnection = "QueueStorage"

// QueueSettings maps each work queue to the app setting carrying its name.
var QueueSettings = map[string]string{
	QueueOrderConfirmations: "ORDER_CONFIRMATIONS_QUEUE",
	QueueInventoryUpdates:   "INVENTORY_UPDATES_QUEUE",
	QueueNotifications:      "NOTIFICATIONS_QUEUE",
}

// worker creates the queue-triggered Function App on a dedicated plan. A
// dedicated plan is what lets AzureWebJobsStorage use the worker's identity
// with shared keys off (Consumption and Elastic Premium need a key for their
// content share).
func (c *Core) worker(ctx *pulumi.Context, name string, args Args) error {
	o := args.Options
	plan, err := appservice.NewServicePlan(ctx, name+"-worker-plan", &appservice.ServicePlanArgs{
		Name:              pulumi.String(args.Names.Name(naming.AppServicePlan, "worker")),
		ResourceGroupName: c.ResourceGroupName,
		Location:          pulumi.String(o.Location),
		OsType:            pulumi.String("Linux"),
		SkuName:           pulumi.String(args.Worker.PlanSKU),
		Tags:              o.TagMap(),
	}, pulumi.Parent(c))
	if err != nil {
		return err
	}

	settings := pulumi.StringMap{
		QueueConnection + "__queueServiceUri":                        c.QueueEndpoint,
		"AzureFunctionsJobHost__extensions__queues__maxDequeueCount": pulumi.String(strconv.Itoa(args.Worker.MaxDequeueCount)),
		"SQL_CONNECTION_STRING":                                      c.SQLConnectionString(),
		"BLOB_ENDPOINT":                                              c.BlobEndpoint,
	}
	for queue, setting := range QueueSettings {
		settings[setting] = pulumi.String(queue)
	}
	if args.EmailAPIKey.IsSet() {
		settings["EMAIL_API_KEY"] = pulumi.Sprintf("@Microsoft.KeyVault(SecretUri=%s)", c.EmailAPIKeySecretURI)
	}

	fnArgs := &appservice.LinuxFunctionAppArgs{
		Name:                       pulumi.String(args.Names.Name(naming.FunctionApp, "worker")),
		ResourceGroupName:          c.ResourceGroupName,
		Location:                   pulumi.String(o.Location),
		ServicePlanId:              plan.ID(),
		StorageAccountName:         c.StorageAccountName,
		StorageUsesManagedIdentity: pulumi.Bool(true),
		FunctionsExtensionVersion:  pulumi.String("~4"),
		Identity:                   appservice.LinuxFunctionAppIdentityArgs{Type: pulumi.String("SystemAssigned")},
		HttpsOnly:                  pulumi.Bool(true),
		// The worker has no HTTP triggers: nothing needs to reach it, except
		// over the private network where there is one.
		PublicNetworkAccessEnabled:                 pulumi.Bool(c.Network == nil),
		FtpPublishBasicAuthenticationEnabled:       pulumi.Bool(false),
		WebdeployPublishBasicAuthenticationEnabled: pulumi.Bool(false),
		SiteConfig: appservice.LinuxFunctionAppSiteConfigArgs{
			AlwaysOn:                            pulumi.Bool(true),
			FtpsState:                           pulumi.String("Disabled"),
			Http2Enabled:                        pulumi.Bool(true),
			MinimumTlsVersion:                   pulumi.String("1.2"),
			ScmMinimumTlsVersion:                pulumi.String("1.2"),
			ApplicationInsightsConnectionString: c.AppInsightsConnectionString,
			ApplicationStack: appservice.LinuxFunctionAppSiteConfigApplicationStackArgs{
				DotnetVersion:            pulumi.String("8.0"),
				UseDotnetIsolatedRuntime: pulumi.Bool(true),
			},
			VnetRouteAllEnabled: pulumi.Bool(c.Network != nil),
		},
		AppSettings: settings,
		Tags:        o.TagMap(),
	}
	if c.Network != nil {
		fnArgs.VirtualNetworkSubnetId = c.Network.WorkerSubnetID
	}
	fn, err := appservice.NewLinuxFunctionApp(ctx, name+"-worker", fnArgs, pulumi.Parent(c))
	if err != nil {
		return err
	}
	c.WorkerName = fn.Name
	c.WorkerPrincipalID = fn.Identity.PrincipalId().Elem()

	// Least privilege: the host's two containers, and exactly the queues
	// (and their poison queues) the worker consumes and produces.
	grants := map[string]baseline.RoleAssignment{}
	for _, container := range []string{containerWebJobsHosts, containerWebJobsSecrets} {
		grants["host-"+container] = baseline.RoleAssignment{Scope: c.ContainerIDs[container], Role: baseline.StorageBlobDataOwner}
	}
	for _, queue := range Queues {
		for _, q := range []string{queue, PoisonQueue(queue)} {
			grants["queue-"+q] = baseline.RoleAssignment{Scope: c.QueueIDs[q], Role: baseline.StorageQueueDataContributor}
		}
	}
	grants["blob-"+ContainerOrderDocuments] = baseline.RoleAssignment{Scope: c.ContainerIDs[ContainerOrderDocuments], Role: baseline.StorageBlobDataContributor}
	if args.EmailAPIKey.IsSet() {
		grants["kv-"+EmailAPIKeySecret] = baseline.RoleAssignment{
			Scope: pulumi.Sprintf("%s/secrets/%s", c.KeyVaultID, EmailAPIKeySecret),
			Role:  baseline.KeyVaultSecretsUser,
		}
	}
	for key, grant := range grants {
		grant.PrincipalID = c.WorkerPrincipalID
		grant.Description = fmt.Sprintf("worker %s", key)
		if _, err := o.Assign(ctx, name+"-worker-"+key, grant, fn); err != nil {
			return err
		}
	}
	if err := c.diagnostics(ctx, name+"-worker-plan", plan.ID(), baseline.AppServicePlan, plan); err != nil {
		return err
	}
	return c.diagnostics(ctx, name+"-worker", fn.ID(), baseline.AllLogsAndMetrics, fn)
}
