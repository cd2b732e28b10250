package baseline

import (
	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SQLThreatDetectionArgs describe Microsoft Defender for SQL on one server.
type SQLThreatDetectionArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	ServerName        pulumi.StringInput `arg:"required"`
	// Emails receive Defender's threat alerts: the action group's
	// addresses, so the same people hear of them.
	Emails []string `arg:"optional"`
}

// Problems names the addresses that are not e-mail addresses, for CheckArgs.
func (a SQLThreatDetectionArgs) Problems() []string { return emailProblems(a.Emails) }

// SQLThreatDetection turns Microsoft Defender for SQL on for a logical
// server through its server security alert policy ("Default", the one
// policy a server has), covering every database on it, with every alert
// type, e-mailed to args.Emails. Defender is billed per server and month.
func (o Options) SQLThreatDetection(ctx *pulumi.Context, name string, args SQLThreatDetectionArgs, opts ...pulumi.ResourceOption) (*sql.ServerSecurityAlertPolicy, error) {
	if err := CheckArgs(name, args); err != nil {
		return nil, err
	}
	return sql.NewServerSecurityAlertPolicy(ctx, name, &sql.ServerSecurityAlertPolicyArgs{
		ResourceGroupName:       args.ResourceGroupName,
		ServerName:              args.ServerName,
		SecurityAlertPolicyName: pulumi.String("Default"),
		State:                   sql.SecurityAlertsPolicyStateEnabled,
		EmailAddresses:          pulumi.ToStringArray(args.Emails),
		// The subscription's admins are not necessarily the shop's
		// operators: alerts go to the addresses given.
		EmailAccountAdmins: pulumi.Bool(false),
	}, opts...)
}
