package baseline

import (
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/sql/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SQLServerArgs describe a logical SQL server.
type SQLServerArgs struct {
	ResourceGroupName pulumi.StringInput `arg:"required"`
	ServerName        string             `arg:"required"`
	// Admin is the server's Entra admin, a group.
	Admin SQLAdmin `arg:"required"`
	// Workspace receives the server's audit log.
	Workspace pulumi.StringInput `arg:"required"`
	// PublicNetworkAccess is false when the server is reached through a
	// private endpoint only. When true, Azure services (App Service, Data
	// Factory's Azure integration runtime) may connect; the internet may not.
	PublicNetworkAccess bool `arg:"optional"`
}

// SQLServer creates a logical SQL server to the security baseline: Entra-only
// authentication (no SQL logins, so no password exists), TLS 1.2, a system
// identity, and auditing to the Log Analytics workspace. The server is
// protected like any other stateful resource; opts apply to it.
//
// The Entra admin is set at creation only: azure-native plans a replacement
// of the whole server for any change of `administrators` (pulumi-azure-native
// issue 4096), which would drop the data in dev and fail against `protect` in
// prod. Later changes of the admin group are ignored here and made with
// `az sql server ad-admin update` (README, "Changing the SQL admin").
func (o Options) SQLServer(ctx *pulumi.Context, name string, a SQLServerArgs, opts ...pulumi.ResourceOption) (*sql.Server, error) {
	if err := CheckArgs(name, a); err != nil {
		return nil, err
	}
	resourceGroupName := a.ResourceGroupName
	access := "Disabled"
	if a.PublicNetworkAccess {
		access = "Enabled"
	}
	server, err := sql.NewServer(ctx, name, &sql.ServerArgs{
		ServerName:          pulumi.String(a.ServerName),
		ResourceGroupName:   resourceGroupName,
		Location:            pulumi.String(o.Location),
		Version:             pulumi.String("12.0"),
		MinimalTlsVersion:   pulumi.String("1.2"),
		PublicNetworkAccess: pulumi.String(access),
		Identity:            sql.ResourceIdentityArgs{Type: pulumi.String("SystemAssigned")},
		Administrators: sql.ServerExternalAdministratorArgs{
			AdministratorType:         pulumi.String("ActiveDirectory"),
			AzureADOnlyAuthentication: pulumi.Bool(true),
			PrincipalType:             pulumi.String("Group"),
			Login:                     a.Admin.Login,
			Sid:                       a.Admin.ObjectID,
			TenantId:                  pulumi.String(o.TenantID),
		},
		Tags: o.TagMap(),
	}, o.Stateful(append(slices.Clip(opts), pulumi.IgnoreChanges([]string{"administrators"}))...)...)
	if err != nil {
		return nil, err
	}
	if a.PublicNetworkAccess {
		// 0.0.0.0 is Azure's marker for "Azure services", not the internet.
		if _, err := sql.NewFirewallRule(ctx, name+"-allow-azure", &sql.FirewallRuleArgs{
			ServerName:        server.Name,
			ResourceGroupName: resourceGroupName,
			FirewallRuleName:  pulumi.String("AllowAllWindowsAzureIps"),
			StartIpAddress:    pulumi.String("0.0.0.0"),
			EndIpAddress:      pulumi.String("0.0.0.0"),
		}, pulumi.Parent(server)); err != nil {
			return nil, err
		}
	}
	audit, err := sql.NewExtendedServerBlobAuditingPolicy(ctx, name+"-audit", &sql.ExtendedServerBlobAuditingPolicyArgs{
		ServerName:                  server.Name,
		ResourceGroupName:           resourceGroupName,
		BlobAuditingPolicyName:      pulumi.String("default"),
		State:                       sql.BlobAuditingPolicyStateEnabled,
		IsAzureMonitorTargetEnabled: pulumi.Bool(true),
	}, pulumi.Parent(server))
	if err != nil {
		return nil, err
	}
	// Server audit events reach the workspace through the master database's
	// diagnostic setting.
	master := pulumi.Sprintf("%s/databases/master", server.ID())
	if _, err := Diagnostics(ctx, name+"-audit-diag", DiagnosticsArgs{ResourceID: master, Workspace: a.Workspace, Signals: SQLAudit}, pulumi.Parent(audit)); err != nil {
		return nil, err
	}
	return server, nil
}
