package analytics

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/alerts"
	"github.com/ecommerce-platform/infra/internal/baseline"
)

// analyticsAlerts creates the alerts on the layer's own resources: the
// catalog's alerts on the pool, the factory and the staging account; the
// log alerts for a load that reached FailOnLoadError and for a pool left
// online after the pipeline ended; and, when sqlDefender is on, Defender
// for SQL on the warehouse server, e-mailing the action group's addresses.
//
// stack are the stack's options: a log alert lives in its workspace's
// region, also when the layer runs in the standby's.
func analyticsAlerts(ctx *pulumi.Context, name string, args Args, stack baseline.Options, a *Analytics, opts ...pulumi.ResourceOption) error {
	o, f, tuning := args.Options, args.Foundation, args.Alerts.Tuning
	for _, w := range []baseline.CatalogAlertsArgs{
		{Label: "sqldw-pool", Kind: alerts.SQLPool, Scope: a.Warehouse.PoolID},
		{Label: "adf", Kind: alerts.DataFactory, Scope: a.Factory.ID},
		{Label: "st-staging", Kind: alerts.StorageAccount, Scope: a.Staging.AccountID},
	} {
		w.Foundation, w.Tuning = f, tuning
		if _, err := o.CatalogAlerts(ctx, name+"-"+w.Label, w, opts...); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		label string
		rule  alerts.Log
		ids   map[string]pulumi.StringInput
	}{
		{"adf", alerts.LoadFailed(PipelineLoadSalesModel, ActivityFailOnLoadError),
			map[string]pulumi.StringInput{alerts.PlaceholderFactory: a.Factory.ID}},
		{"sqldw-pool", alerts.PoolOnlineAfterLoad(PipelineLoadSalesModel, tuning.PoolOnlineMinutes),
			map[string]pulumi.StringInput{alerts.PlaceholderFactory: a.Factory.ID, alerts.PlaceholderPool: a.Warehouse.PoolID}},
	} {
		if _, err := stack.LogAlert(ctx, name+"-"+l.label+"-alert-"+l.rule.Key, baseline.LogAlertArgs{
			ResourceGroupName: f.ResourceGroupName,
			RuleName:          baseline.AlertName(l.label, l.rule.Key),
			Rule:              l.rule,
			Workspace:         f.Workspace,
			Resources:         l.ids,
			ActionGroup:       f.ActionGroup,
		}, opts...); err != nil {
			return err
		}
	}
	if args.SQLDefender {
		if _, err := o.SQLThreatDetection(ctx, name+"-sqldw-defender", baseline.SQLThreatDetectionArgs{
			ResourceGroupName: f.ResourceGroupName,
			ServerName:        a.Warehouse.ServerName,
			Emails:            args.Alerts.Emails,
		}, opts...); err != nil {
			return err
		}
	}
	return nil
}
