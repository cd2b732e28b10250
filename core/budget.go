package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/consumption/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/naming"
)

// BudgetStartDate is the first day of a budget that starts in month
// (YYYY-MM: config budgetStartMonth, or the month of the deployment that
// creates the budget).
func BudgetStartDate(month string) string { return month + "-01T00:00:00Z" }

// Budget thresholds, in percent of the amount: the notifications' keys and
// what they compare.
const (
	BudgetActual80    = "actual80"
	BudgetActual100   = "actual100"
	BudgetForecast100 = "forecast100"
)

// BudgetArgs configure the stack's budget.
type BudgetArgs struct {
	// AmountUSD is the monthly amount (config: monthlyBudget).
	AmountUSD int `arg:"required"`
	// StartMonth is the first month counted, YYYY-MM (config:
	// budgetStartMonth, else the month of the run).
	StartMonth string `arg:"required"`
	// Emails are notified (config: alertEmails); empty notifies the
	// resource group's Owners instead.
	Emails []string `arg:"optional"`
}

// Budget is the stack's cost budget.
type Budget struct {
	Name pulumi.StringOutput
}

// budget creates the monthly Cost budget on the resource group: a
// notification at 80 % and 100 % of the actual cost, and when the forecast
// reaches 100 %, to the alert e-mails and the action group (its webhook).
//
// Azure takes the start date only when the budget is created: the first of
// a month, not before 2017-06, at most twelve months ahead and not before
// the current month, and then refuses to change it ("Start date of budgets
// cannot be updated"; consumption.BudgetTimePeriodArgs, Budgets API). So
// a new budget starts in the month of the run that creates it (or the
// configured month), and later runs, in later months, are ignored rather
// than failing every deployment. A replaced budget (new name or scope)
// would resend the kept month, which Azure refuses once it has passed: set
// budgetStartMonth to the current month for that run.
func budget(ctx *pulumi.Context, name string, args BudgetArgs, names naming.Namer, rg ResourceGroup, actionGroup pulumi.StringInput, opts ...pulumi.ResourceOption) (Budget, error) {
	notification := func(thresholdType consumption.ThresholdType, percent float64) consumption.NotificationArgs {
		n := consumption.NotificationArgs{
			Enabled:       pulumi.Bool(true),
			Operator:      pulumi.String(string(consumption.OperatorTypeGreaterThanOrEqualTo)),
			Threshold:     pulumi.Float64(percent),
			ThresholdType: pulumi.String(string(thresholdType)),
			ContactGroups: pulumi.StringArray{actionGroup},
		}
		if len(args.Emails) > 0 {
			n.ContactEmails = pulumi.ToStringArray(args.Emails)
		} else {
			// Without alertEmails (allowed in dev only) the action group
			// tells nobody, so the resource group's Owners, who can act on
			// the bill, are told.
			n.ContactRoles = pulumi.ToStringArray([]string{"Owner"})
		}
		return n
	}
	b, err := consumption.NewBudget(ctx, name+"-budget", &consumption.BudgetArgs{
		// Named after the resource group it watches: "budget-rg-shop-prod-weu".
		BudgetName: pulumi.String(naming.Local(naming.Budget, names.Name(naming.ResourceGroup, ""))),
		Scope:      rg.ID,
		Amount:     pulumi.Float64(float64(args.AmountUSD)),
		Category:   pulumi.String(string(consumption.CategoryTypeCost)),
		TimeGrain:  pulumi.String(string(consumption.TimeGrainTypeMonthly)),
		// No end date: Azure sets ten years after the start.
		TimePeriod: consumption.BudgetTimePeriodArgs{StartDate: pulumi.String(BudgetStartDate(args.StartMonth))},
		Notifications: consumption.NotificationMap{
			BudgetActual80:    notification(consumption.ThresholdTypeActual, 80),
			BudgetActual100:   notification(consumption.ThresholdTypeActual, 100),
			BudgetForecast100: notification(consumption.ThresholdTypeForecasted, 100),
		},
		// eTag: Azure's concurrency token, never sent; a refresh must not
		// make it drift.
	}, append(opts, pulumi.IgnoreChanges([]string{"timePeriod.startDate", "eTag"}))...)
	if err != nil {
		return Budget{}, err
	}
	return Budget{Name: b.Name}, nil
}
