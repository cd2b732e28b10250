package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/alerts"
)

// SQLThreatDetectionArgs describe Microsoft Defender for SQL on one server.
type SQLThreatDetectionArgs struct {
	ResourceGroupName pulumi.StringInput
	ServerName        pulumi.StringInput
	// Emails receive Defender's threat alerts: the action group's
	// addresses, so the same people hear of them.
	Emails []string
}

// SQLThreatDetection turns Microsoft Defender for SQL on for a logical
// server through its server security alert policy ("Default", the one
// policy a server has), covering every database on it, with every alert
// type, e-mailed to args.Emails. Defender is billed per server and month.
func (o Options) SQLThreatDetection(ctx *pulumi.Context, name string, args SQLThreatDetectionArgs, opts ...pulumi.ResourceOption) (*sql.ServerSecurityAlertPolicy, error) {
	var problems []string
	if args.ResourceGroupName == nil {
		problems = append(problems, "ResourceGroupName is required")
	}
	if args.ServerName == nil {
		problems = append(problems, "ServerName is required")
	}
	for i, e := range args.Emails {
		if !alerts.IsEmail(e) {
			problems = append(problems, fmt.Sprintf("Emails[%d] %q is not an e-mail address", i, e))
		}
	}
	if err := invalid("SQL threat detection", name, problems); err != nil {
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
