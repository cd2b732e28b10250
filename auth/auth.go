// Package auth is the Microsoft Entra ID layer: who may sign in to the
// customer portal and the backoffice, with which roles, and which group
// administers the SQL servers.
package auth

import (
	"github.com/pulumi/pulumi-azuread/sdk/v5/go/azuread"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/naming"
)

// Args configure the auth layer.
type Args struct {
	Options baseline.Options
	Names   naming.Namer
	Auth    config.Auth
	// SQLAdminMembers are the object ids put in the SQL administrators group.
	SQLAdminMembers []string
}

// Auth is the Entra ID layer.
type Auth struct {
	pulumi.ResourceState

	TenantID pulumi.StringOutput
	// SQLAdminGroupName and SQLAdminGroupID identify the group that is the
	// Entra admin of every SQL server.
	SQLAdminGroupName pulumi.StringOutput
	SQLAdminGroupID   pulumi.StringOutput
}

// New creates the auth layer.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Auth, error) {
	a := &Auth{TenantID: pulumi.String(args.Options.TenantID).ToStringOutput()}
	if err := ctx.RegisterComponentResource("ecommerce:auth:Auth", name, a, opts...); err != nil {
		return nil, err
	}

	group, err := azuread.NewGroup(ctx, name+"-sql-admins", &azuread.GroupArgs{
		DisplayName:           pulumi.String(args.Names.Name(naming.EntraGroup, "sql-admins")),
		Description:           pulumi.String("Entra admins of the platform's SQL servers (transactional and warehouse)."),
		SecurityEnabled:       pulumi.Bool(true),
		MailEnabled:           pulumi.Bool(false),
		PreventDuplicateNames: pulumi.Bool(true),
		Members:               pulumi.ToStringArray(args.SQLAdminMembers),
	}, pulumi.Parent(a))
	if err != nil {
		return nil, err
	}
	a.SQLAdminGroupName, a.SQLAdminGroupID = group.DisplayName, group.ObjectId

	if err := ctx.RegisterResourceOutputs(a, pulumi.Map{
		"tenantId":          a.TenantID,
		"sqlAdminGroupName": a.SQLAdminGroupName,
		"sqlAdminGroupId":   a.SQLAdminGroupID,
	}); err != nil {
		return nil, err
	}
	return a, nil
}
