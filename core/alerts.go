package core

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// actionGroup creates the stack's action group, which every layer's alerts
// notify (Foundation.ActionGroup): the alertEmails addresses and, when
// configured, the alertWebhookUrl webhook, a secret.
func actionGroup(ctx *pulumi.Context, name string, args Args, resourceGroupName pulumi.StringInput, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	a := args.Alerts
	group := baseline.ActionGroupArgs{
		ResourceGroupName: resourceGroupName,
		GroupName:         args.Names.Name(naming.ActionGroup, "ops"),
		ShortName:         shortName(args.Names.Stack()),
		Emails:            a.Emails,
	}
	if a.Webhook.IsSet() {
		group.Webhook = secretOf(a.Webhook)
	}
	g, err := args.Options.ActionGroup(ctx, name+"-ag", group, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return g.ID().ToStringOutput(), nil
}

// shortName is the action group's short name, shown in e-mail subjects:
// "shop-<stack>", at most 12 characters.
func shortName(stack string) string {
	s := "shop-" + stack
	if len(s) > 12 {
		s = s[:12]
	}
	return s
}

// coreAlerts creates the alerts on core's own resources: the catalog's
// metric alerts on the storage account, Key Vault, SQL database and
// worker plan (and the standby's database, replication lag on both); the worker's failures (in Application Insights, under the
// worker's role name) and its poison-queue moves (a log alert); Service
// and Resource Health; and, when sqlDefender is on, Defender for SQL on
// the shop's server, e-mailing the action group's addresses.
func coreAlerts(ctx *pulumi.Context, name string, args Args, c *Core, opts ...pulumi.ResourceOption) error {
	o, f, tuning := args.Options, c.Foundation, args.Alerts.Tuning
	sqlKind := alerts.SQLDatabase
	if c.Standby != nil {
		sqlKind = alerts.SQLReplicated
	}
	watched := []baseline.CatalogAlertsArgs{
		{Label: "st", Kind: alerts.StorageAccount, Scope: c.Storage.AccountID},
		{Label: "kv", Kind: alerts.KeyVault, Scope: c.KeyVault.ID},
		{Label: "sqldb", Kind: sqlKind, Scope: c.Database.ID},
		// The worker's failures are Application Insights requests under
		// its role name, not a platform metric of the site.
		{Label: "worker", Kind: alerts.FunctionApp, Scope: c.Monitoring.AppInsightsID, RoleName: c.Worker.Name},
	}
	if c.Standby != nil {
		// The geo-secondary is the shop database after a failover. Its
		// alerts stay in the primary's group beside the others (so the
		// label does not start with the standby's prefix).
		watched = append(watched,
			baseline.CatalogAlertsArgs{Label: "sqldb-standby", Kind: alerts.SQLReplicated, Scope: c.Standby.DatabaseID},
			baseline.CatalogAlertsArgs{Label: "worker-standby", Kind: alerts.FunctionApp, Scope: c.Monitoring.AppInsightsID, RoleName: c.Standby.Worker.Name},
			baseline.CatalogAlertsArgs{Label: "worker-plan-standby", Kind: alerts.AppServicePlan, Scope: c.Standby.Worker.PlanID})
	}
	if c.Worker.OwnPlan {
		// A plan shared with the portals is the apps layer's to watch.
		watched = append(watched, baseline.CatalogAlertsArgs{Label: "worker-plan", Kind: alerts.AppServicePlan, Scope: c.Worker.PlanID})
	}
	for _, w := range watched {
		w.Foundation, w.Tuning = f, tuning
		if _, err := o.CatalogAlerts(ctx, name+"-"+w.Label, w, opts...); err != nil {
			return err
		}
	}
	poison := alerts.PoisonQueueMoves()
	workers := []struct {
		label string
		id    pulumi.StringOutput
	}{{"worker", c.Worker.ID}}
	if c.Standby != nil {
		workers = append(workers, struct {
			label string
			id    pulumi.StringOutput
		}{"worker-standby", c.Standby.Worker.ID})
	}
	for _, w := range workers {
		if _, err := o.LogAlert(ctx, name+"-"+w.label+"-alert-"+poison.Key, baseline.LogAlertArgs{
			ResourceGroupName: f.ResourceGroupName,
			RuleName:          baseline.AlertName(w.label, poison.Key),
			Rule:              poison,
			Workspace:         f.Workspace,
			Resources:         map[string]pulumi.StringInput{alerts.PlaceholderWorker: w.id},
			ActionGroup:       f.ActionGroup,
		}, opts...); err != nil {
			return err
		}
	}
	if _, _, err := o.ServiceHealthAlerts(ctx, name+"-health", baseline.ServiceHealthArgs{
		ResourceGroupName:  f.ResourceGroupName,
		ServiceHealthName:  baseline.AlertName("subscription", "service-health"),
		ResourceHealthName: baseline.AlertName("rg", "resource-health"),
		ActionGroup:        f.ActionGroup,
		Standby:            f.Standby,
	}, opts...); err != nil {
		return err
	}
	if !args.SQL.Defender {
		return nil
	}
	if _, err := o.SQLThreatDetection(ctx, name+"-sql-defender", baseline.SQLThreatDetectionArgs{
		ResourceGroupName: f.ResourceGroupName,
		ServerName:        c.Database.ServerName,
		Emails:            args.Alerts.Emails,
	}, opts...); err != nil {
		return err
	}
	if c.Standby == nil {
		return nil
	}
	_, err := o.SQLThreatDetection(ctx, baseline.StandbyName(name)+"-sql-defender", baseline.SQLThreatDetectionArgs{
		ResourceGroupName: c.Standby.ResourceGroupName,
		ServerName:        c.Standby.ServerName,
		Emails:            args.Alerts.Emails,
	}, opts...)
	return err
}
