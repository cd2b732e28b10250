// Package sqlgrants generates the database-level grants that ARM cannot
// express: contained users for managed identities (CREATE USER … FROM
// EXTERNAL PROVIDER) and their role memberships. Each layer adds the grants
// its identities need; the program exports the script as a stack output for
// a member of the SQL administrators group to run after `pulumi up`.
package sqlgrants

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Grant gives one identity roles (and optionally extra statements) in one database.
type Grant struct {
	Server   pulumi.StringInput // server FQDN, to say where the script runs
	Database pulumi.StringInput
	// User is the contained user's name: the identity's display name, which
	// for a system-assigned managed identity is the resource's name.
	User     pulumi.StringInput
	ObjectID pulumi.StringInput // the identity's principal (object) id
	Roles    []string           // database roles, e.g. db_datareader
	// Permissions are extra GRANT statements' permission lists, e.g.
	// "EXECUTE ON SCHEMA::etl".
	Permissions []string
	// ByName creates the user from its display name alone, for engines
	// whose CREATE USER lacks WITH OBJECT_ID, such as a dedicated SQL pool.
	// The name must then be unique in the tenant.
	ByName bool
}

// resolved is a Grant with its outputs known.
type resolved struct {
	server, database, user, objectID string
	roles, permissions               []string
	byName                           bool
}

// Script renders the grants as one idempotent T-SQL script, grouped by
// server and database (each group starts with the connection it needs).
func Script(grants []Grant) pulumi.StringOutput {
	var inputs []any
	for _, g := range grants {
		inputs = append(inputs, g.Server, g.Database, g.User, g.ObjectID)
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) string {
		var rs []resolved
		for i, g := range grants {
			rs = append(rs, resolved{
				server: v[4*i].(string), database: v[4*i+1].(string), user: v[4*i+2].(string), objectID: v[4*i+3].(string),
				roles: g.Roles, permissions: g.Permissions, byName: g.ByName,
			})
		}
		return render(rs)
	}).(pulumi.StringOutput)
}

func render(rs []resolved) string {
	// Stable: one identity's grants in one database keep the order the
	// layers added them in.
	slices.SortStableFunc(rs, func(a, b resolved) int {
		return cmp.Or(strings.Compare(a.server, b.server), strings.Compare(a.database, b.database), strings.Compare(a.user, b.user))
	})
	var b strings.Builder
	b.WriteString("-- Database grants for the platform's managed identities. ARM cannot express\n")
	b.WriteString("-- them: run each section connected to the named database as a member of the\n")
	b.WriteString("-- SQL administrators group. Every statement is idempotent.\n")
	last := ""
	for _, r := range rs {
		if where := r.server + "/" + r.database; where != last {
			fmt.Fprintf(&b, "\n-- Server: %s  Database: %s\n", r.server, r.database)
			last = where
		}
		user := quoteName(r.user)
		fmt.Fprintf(&b, "IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = %s)\n", quoteString(r.user))
		if r.byName {
			fmt.Fprintf(&b, "    CREATE USER %s FROM EXTERNAL PROVIDER; -- object id %s\n", user, r.objectID)
		} else {
			fmt.Fprintf(&b, "    CREATE USER %s FROM EXTERNAL PROVIDER WITH OBJECT_ID = %s;\n", user, quoteString(r.objectID))
		}
		for _, role := range r.roles {
			fmt.Fprintf(&b, "ALTER ROLE %s ADD MEMBER %s;\n", quoteName(role), user)
		}
		for _, p := range r.permissions {
			fmt.Fprintf(&b, "GRANT %s TO %s;\n", p, user)
		}
	}
	return b.String()
}

// quoteName brackets an identifier, doubling any closing bracket.
func quoteName(s string) string { return "[" + strings.ReplaceAll(s, "]", "]]") + "]" }

// quoteString makes a Unicode string literal, doubling any quote.
func quoteString(s string) string { return "N'" + strings.ReplaceAll(s, "'", "''") + "'" }
