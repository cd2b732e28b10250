package core

import (
	"github.com/pulumi/pulumi-azure-native-sdk/consumption/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BudgetStartDate is the first day every stack's budget counts from. It is
// a constant, never the current month: Azure refuses to update a budget's
// start date ("Start date of budgets cannot be updated"), so a date that
// moved with the calendar would fail every deployment in a later month.
// Azure's rules for it (consumption.BudgetTimePeriodArgs, and the Budgets
// API): the first of a month, not before 2017-06-01, at most twelve months
// ahead, and, for a Monthly budget being created, not before the current
// month. So a stack created after this month cannot be given this date:
// move the constant forward for it (a changed start date replaces existing
// budgets, which only restarts their tracking).
const BudgetStartDate = "2026-12-01T00:00:00Z"

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
	// Emails are notified (config: alertEmails); empty notifies the
	// resource group's Owners instead.
	Emails []string `arg:"optional"`
}

// Budget is the stack's cost budget.
type Budget struct {
	Name pulumi.StringOutput
}

// budget creates the monthly Cost budget on the resource group: an e-mail
// at 80 % and 100 % of the actual cost, and when the forecast reaches 100 %.
func budget(ctx *pulumi.Context, name string, args BudgetArgs, rg ResourceGroup, opts ...pulumi.ResourceOption) (Budget, error) {
	notification := func(thresholdType consumption.ThresholdType, percent float64) consumption.NotificationArgs {
		n := consumption.NotificationArgs{
			Enabled:       pulumi.Bool(true),
			Operator:      pulumi.String(string(consumption.OperatorTypeGreaterThanOrEqualTo)),
			Threshold:     pulumi.Float64(percent),
			ThresholdType: pulumi.String(string(thresholdType)),
		}
		if len(args.Emails) > 0 {
			n.ContactEmails = pulumi.ToStringArray(args.Emails)
		} else {
			// Azure refuses a notification without a contact (an e-mail or,
			// at this scope, an action group or role). Without alertEmails
			// (allowed in dev only), the resource group's Owners, who can
			// act on the bill, are told.
			n.ContactRoles = pulumi.ToStringArray([]string{"Owner"})
		}
		return n
	}
	b, err := consumption.NewBudget(ctx, name+"-budget", &consumption.BudgetArgs{
		BudgetName: pulumi.Sprintf("budget-%s", rg.Name),
		Scope:      rg.ID,
		Amount:     pulumi.Float64(float64(args.AmountUSD)),
		Category:   pulumi.String(string(consumption.CategoryTypeCost)),
		TimeGrain:  pulumi.String(string(consumption.TimeGrainTypeMonthly)),
		// No end date: Azure sets ten years after the start.
		TimePeriod: consumption.BudgetTimePeriodArgs{StartDate: pulumi.String(BudgetStartDate)},
		Notifications: consumption.NotificationMap{
			BudgetActual80:    notification(consumption.ThresholdTypeActual, 80),
			BudgetActual100:   notification(consumption.ThresholdTypeActual, 100),
			BudgetForecast100: notification(consumption.ThresholdTypeForecasted, 100),
		},
	}, opts...)
	if err != nil {
		return Budget{}, err
	}
	return Budget{Name: b.Name}, nil
}
