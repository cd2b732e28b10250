package core

import (
	"strconv"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	// Classic provider: the azure-native "web" module cannot be fetched here.
	// Swap to azure-native web.AppServicePlan/WebApp when it can.
	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/appservice"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// QueueConnection is the name of the worker's identity-based queue
// connection; the functions' QueueTrigger attributes reference it.
const QueueConnection = "QueueStorage"

// Worker is the background worker Function App.
type Worker struct {
	Name pulumi.StringOutput
	ID   pulumi.StringOutput
	// PlanID is the plan the worker runs on; OwnPlan says whether it is the
	// worker's own or the portals' (workerSharesAppPlan).
	PlanID      pulumi.StringOutput
	OwnPlan     bool
	PrincipalID pulumi.StringOutput // system-assigned identity
}

// workerInputs are the core resources the worker uses.
type workerInputs struct {
	monitoring Monitoring
	keyVault   KeyVault
	storage    Storage
	database   Database
	network    *Network // nil without private networking
	// sharedPlanID is the portals' plan the worker runs on; nil: the worker
	// has a plan of its own.
	sharedPlanID pulumi.StringInput
	// hostID overrides the Functions host id; "" keeps the host's own
	// (the first 32 characters of the app's name).
	hostID string
}

// worker creates the queue-triggered Function App on a dedicated plan. A
// dedicated plan is what lets AzureWebJobsStorage use the worker's identity
// with shared keys off (Consumption and Elastic Premium need a key for their
// content share).
func worker(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, in workerInputs, opts ...pulumi.ResourceOption) (Worker, error) {
	o := args.Options
	var plan *appservice.ServicePlan
	planID := in.sharedPlanID
	if planID == nil {
		var err error
		if plan, err = workerPlan(ctx, name, args, f, opts...); err != nil {
			return Worker{}, err
		}
		planID = plan.ID()
	}

	settings := pulumi.StringMap{
		QueueConnection + "__queueServiceUri":                        in.storage.QueueEndpoint,
		"AzureFunctionsJobHost__extensions__queues__maxDequeueCount": pulumi.String(strconv.Itoa(args.Worker.MaxDequeueCount)),
		"SQL_CONNECTION_STRING":                                      in.database.ConnectionString(),
		"BLOB_ENDPOINT":                                              in.storage.BlobEndpoint,
		// Telemetry with the worker's identity (Monitoring Metrics
		// Publisher below), so Application Insights can refuse keys.
		baseline.AppInsightsAuthSetting: pulumi.String(baseline.AppInsightsEntraAuth),
		// What the README's publish (az functionapp deployment source
		// config-zip, no remote build) writes when the setting is missing
		// (azure-cli appservice custom.py, remove_remote_build_app_settings):
		// sent here, so the nightly refresh finds no drift after a publish.
		"SCM_DO_BUILD_DURING_DEPLOYMENT": pulumi.String("false"),
	}
	for _, q := range Queues {
		settings[q.Setting] = pulumi.String(q.Name)
	}
	if in.hostID != "" {
		settings["AzureFunctionsWebHost__hostid"] = pulumi.String(in.hostID)
	}
	if args.EmailAPIKey.IsSet() {
		settings["EMAIL_API_KEY"] = pulumi.Sprintf("@Microsoft.KeyVault(SecretUri=%s)", in.keyVault.EmailAPIKeySecretURI)
	}

	site := baseline.Site{
		AppSettings: settings,
		Tags:        o.TagMap(),
		// The worker has no HTTP triggers: nothing needs to reach it, except
		// over the private network where there is one.
		PublicNetworkAccess:         in.network == nil,
		RouteAllThroughVNet:         in.network != nil,
		DotnetVersion:               "8.0",
		IsolatedWorker:              pulumi.Bool(true),
		AppInsightsConnectionString: in.monitoring.AppInsightsConnectionString,
	}
	if in.network != nil {
		site.SubnetID = in.network.WorkerSubnetID
	}
	fnArgs := site.LinuxFunctionApp()
	fnArgs.Name = pulumi.String(args.Names.Name(naming.FunctionApp, "worker"))
	fnArgs.ResourceGroupName = f.ResourceGroupName
	fnArgs.Location = pulumi.String(o.Location)
	fnArgs.ServicePlanId = planID
	fnArgs.StorageAccountName = in.storage.AccountName
	fnArgs.StorageUsesManagedIdentity = pulumi.Bool(true)
	fnArgs.FunctionsExtensionVersion = pulumi.String("~4")
	fn, err := appservice.NewLinuxFunctionApp(ctx, name+"-worker", &fnArgs, opts...)
	if err != nil {
		return Worker{}, err
	}
	w := Worker{Name: fn.Name, ID: fn.ID().ToStringOutput(), PlanID: planID.ToStringOutput(), OwnPlan: plan != nil, PrincipalID: fn.Identity.PrincipalId().Elem()}

	// Least privilege: the host's two containers, and exactly the queues
	// (and their poison queues) the worker consumes and produces.
	access := map[string]baseline.Access{}
	for _, container := range []string{containerWebJobsHosts, containerWebJobsSecrets} {
		access["host-"+container] = baseline.Access{Scope: in.storage.ContainerIDs[container], Role: baseline.StorageBlobDataOwner}
	}
	for _, queue := range Queues {
		for _, q := range []string{queue.Name, queue.Poison()} {
			access["queue-"+q] = baseline.Access{Scope: in.storage.QueueIDs[q], Role: baseline.StorageQueueDataContributor}
		}
	}
	access["blob-"+ContainerOrderDocuments] = baseline.Access{Scope: in.storage.ContainerIDs[ContainerOrderDocuments], Role: baseline.StorageBlobDataContributor}
	if args.EmailAPIKey.IsSet() {
		access["kv-"+EmailAPIKeySecret] = baseline.Access{
			Scope: pulumi.Sprintf("%s/secrets/%s", in.keyVault.ID, EmailAPIKeySecret),
			Role:  baseline.KeyVaultSecretsUser,
		}
	}
	// The Functions host writes its diagnostic events to Table storage, in a
	// table per month it creates itself (AzureFunctionsDiagnosticEvents<yyyyMM>),
	// and logs a 403 every 10 minutes without this role
	// (azure-functions-host issue 10995). No narrower scope exists: a
	// table-scoped grant needs its table to exist, and the host creates a new
	// one each month, so the grant is on the account (which holds no other
	// tables). Microsoft lists this role for diagnostic events:
	// https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
	access["table-diagnostic-events"] = baseline.Access{Scope: in.storage.AccountID, Role: baseline.StorageTableDataContributor}
	// Telemetry with the worker's identity, not the connection string's key.
	access["appi"] = baseline.Access{Scope: in.monitoring.AppInsightsID, Role: baseline.MonitoringMetricsPublisher}
	if _, err := o.RoleAssignments(ctx, name+"-worker", baseline.RoleAssignmentsArgs{
		PrincipalID: w.PrincipalID, Holder: "worker", Access: access,
	}, pulumi.Parent(fn)); err != nil {
		return Worker{}, err
	}
	if _, err := baseline.Diagnostics(ctx, name+"-worker-diag", baseline.DiagnosticsArgs{
		ResourceID: fn.ID(), Workspace: f.Workspace, Signals: baseline.AllLogsAndMetrics,
	}, pulumi.Parent(fn)); err != nil {
		return Worker{}, err
	}
	// Without public access the worker's app and its deployment (SCM) site
	// are reached through this endpoint alone: publishing goes through it
	// (https://learn.microsoft.com/azure/app-service/overview-private-endpoint).
	if err := privateEndpoint(ctx, name+"-worker-pep", args, f, fn.ID(), "sites", opts...); err != nil {
		return Worker{}, err
	}
	if plan == nil {
		return w, nil // the shared plan scales with the portals
	}
	return w, workerAutoscale(ctx, name, args, f, in.storage, plan)
}

// workerPlan creates the worker's own plan and its diagnostic setting.
func workerPlan(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, opts ...pulumi.ResourceOption) (*appservice.ServicePlan, error) {
	return args.Options.AppServicePlan(ctx, name+"-worker-plan", baseline.AppServicePlanArgs{
		ResourceGroupName: f.ResourceGroupName,
		PlanName:          args.Names.Name(naming.AppServicePlan, "worker"),
		SKU:               args.Worker.PlanSKU,
		ZoneRedundant:     args.Worker.ZoneRedundant,
		Instances:         args.Worker.MinInstances,
		Autoscaled:        args.Worker.Autoscale(),
		Workspace:         f.Workspace,
	}, opts...)
}

// Metric namespaces of the worker's autoscale rules.
const (
	planMetrics  = "microsoft.web/serverfarms"
	queueMetrics = "Microsoft.Storage/storageAccounts/queueServices"
)

// queueBacklog is the queue depth (messages in all the account's queues,
// poison queues included) above which the worker scales out.
const queueBacklog = 1000

// workerAutoscale scales the worker's plan out for bursts (mass
// notifications, big inventory updates) and back in when they are over,
// between workerMinInstances and workerMaxInstances; without room between
// the two there is nothing to scale.
//
// Queue depth is the storage account's QueueMessageCount, in namespace
// Microsoft.Storage/storageAccounts/queueServices on <account>/queueServices/default:
// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-storage-storageaccounts-queueservices-metrics
// It is a platform metric, so autoscale reads it from Azure Monitor with no
// access to the queues themselves, which suits an account with shared keys
// off and (in prod) no public endpoint. But it is a capacity metric: its one
// time grain is an hour (PT1H), and Microsoft says it is refreshed daily
// (https://learn.microsoft.com/azure/storage/queues/queues-storage-monitoring-scenarios#monitor-message-counts-in-each-queue).
// So its rules use that grain and a three-hour window, which holds a data
// point despite the delay, and take the latest point in it (Last); they
// catch a backlog that outlasts the hours, not a burst.
//
// The autoscale "Storage queue" metric (ApproximateMessageCount on
// <account>/services/queue/queues/<name>, per instance, per minute;
// https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-common-metrics#commonly-used-storage-metrics)
// would be the fast queue signal, but autoscale reads it from the queue
// itself, and whether it can with shared keys off and public access
// disabled is not documented; it is not used.
//
// The fast signal is the plan's CPU, per minute, as for the portals: a
// burst of messages keeps the instances busy within minutes. Azure scales
// out when any rule holds and in only when every scale-in rule holds, and a
// rule whose window holds no data does not hold. So queue depth drives
// scale-out only: a queue scale-in rule would find no data for most of the
// day and pin the worker at its maximum. The worker scales in when its CPU
// says the queues have drained, the work being done.
// Cooldowns are short: Azure applies the cooldown of the last rule that
// fired to every rule, so a long one would hold back the CPU rules too.
func workerAutoscale(ctx *pulumi.Context, name string, args Args, f baseline.Foundation, st Storage, plan *appservice.ServicePlan) error {
	if !args.Worker.Autoscale() {
		return nil
	}
	planID := plan.ID().ToStringOutput()
	queueService := pulumi.Sprintf("%s/queueServices/default", st.AccountID)
	const out, in = insights.ScaleDirectionIncrease, insights.ScaleDirectionDecrease
	const above, below = insights.ComparisonOperationTypeGreaterThan, insights.ComparisonOperationTypeLessThan
	cpu := func(op insights.ComparisonOperationType, threshold float64, window string, dir insights.ScaleDirection, cooldown string) baseline.ScaleRule {
		return baseline.ScaleRule{
			Metric: "CpuPercentage", Namespace: planMetrics, Resource: planID,
			Operator: op, Threshold: threshold, TimeGrain: "PT1M", Window: window,
			Direction: dir, Cooldown: cooldown,
		}
	}
	backlog := baseline.ScaleRule{
		Metric: "QueueMessageCount", Namespace: queueMetrics, Resource: queueService,
		Operator: above, Threshold: queueBacklog, TimeGrain: "PT1H", Window: "PT3H",
		Aggregation: insights.TimeAggregationTypeLast,
		Direction:   out, Cooldown: "PT10M",
	}
	_, err := args.Options.Autoscale(ctx, name+"-worker-autoscale", baseline.AutoscaleArgs{
		SettingName:       args.Names.Name(naming.AutoscaleSetting, "worker"),
		ResourceGroupName: f.ResourceGroupName,
		Target:            planID,
		MinInstances:      args.Worker.MinInstances,
		MaxInstances:      args.Worker.MaxInstances,
		Rules: []baseline.ScaleRule{
			cpu(above, 70, "PT10M", out, "PT5M"),
			backlog,
			cpu(below, 30, "PT15M", in, "PT10M"),
		},
		Workspace: f.Workspace,
	}, pulumi.Parent(plan))
	return err
}
