package sqlgrants

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// wantScript is the exact script an administrator runs for grantsFixture:
// sections sorted by server, then database, users sorted within each, one
// header per database, identifiers bracketed and strings N'…'-quoted.
const wantScript = `-- Database grants for the platform's managed identities. ARM cannot express
-- them: run each section connected to the named database as a member of the
-- SQL administrators group. Every statement is idempotent.

-- Server: sql-a.database.windows.net  Database: orders
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app-a')
    CREATE USER [app-a] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'11111111-1111-1111-1111-111111111111';
ALTER ROLE [db_datareader] ADD MEMBER [app-a];
ALTER ROLE [db_datawriter] ADD MEMBER [app-a];
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app-b')
    CREATE USER [app-b] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'22222222-2222-2222-2222-222222222222';
GRANT EXECUTE ON SCHEMA::etl TO [app-b];

-- Server: sql-a.database.windows.net  Database: shop
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app-a')
    CREATE USER [app-a] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'11111111-1111-1111-1111-111111111111';
ALTER ROLE [db_datareader] ADD MEMBER [app-a];

-- Server: sql-b.database.windows.net  Database: dw
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'adf-x')
    CREATE USER [adf-x] FROM EXTERNAL PROVIDER; -- object id 33333333-3333-3333-3333-333333333333
ALTER ROLE [db_owner] ADD MEMBER [adf-x];
`

// grantsFixture lists the grants out of order, so sorting is exercised on
// every level: server, database within a server, user within a database.
func grantsFixture() []resolved {
	return []resolved{
		{server: "sql-b.database.windows.net", database: "dw", user: "adf-x", objectID: "33333333-3333-3333-3333-333333333333", roles: []string{"db_owner"}, byName: true},
		{server: "sql-a.database.windows.net", database: "shop", user: "app-a", objectID: "11111111-1111-1111-1111-111111111111", roles: []string{"db_datareader"}},
		{server: "sql-a.database.windows.net", database: "orders", user: "app-b", objectID: "22222222-2222-2222-2222-222222222222", permissions: []string{"EXECUTE ON SCHEMA::etl"}},
		{server: "sql-a.database.windows.net", database: "orders", user: "app-a", objectID: "11111111-1111-1111-1111-111111111111", roles: []string{"db_datareader", "db_datawriter"}},
	}
}

// TestRenderExactScript is what the administrator running the script relies
// on: every statement, in a stable order, exactly as written here.
func TestRenderExactScript(t *testing.T) {
	if got := render(grantsFixture()); got != wantScript {
		t.Errorf("script:\n%s\nwant:\n%s", got, wantScript)
	}
}

// TestScriptResolvesOutputs: Script renders the same text once the inputs
// (outputs of other resources) are known, keeping each grant's own fields.
func TestScriptResolvesOutputs(t *testing.T) {
	var grants []Grant
	for _, r := range grantsFixture() {
		grants = append(grants, Grant{
			Server: pulumi.String(r.server), Database: pulumi.String(r.database),
			User: pulumi.String(r.user), ObjectID: pulumi.String(r.objectID),
			Roles: r.roles, Permissions: r.permissions, ByName: r.byName,
		})
	}
	got := make(chan string, 1)
	Script(grants).ApplyT(func(s string) string { got <- s; return s })
	select {
	case s := <-got:
		if s != wantScript {
			t.Errorf("script:\n%s\nwant:\n%s", s, wantScript)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Script's output never resolved")
	}
}

// TestQuoting: a closing bracket in an identifier and a quote in a string
// literal are doubled, so a name cannot end the statement early.
func TestQuoting(t *testing.T) {
	for in, want := range map[string]string{"a": "[a]", "a]b": "[a]]b]", "]]": "[]]]]]", "": "[]"} {
		if got := quoteName(in); got != want {
			t.Errorf("quoteName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"a": "N'a'", "o'b": "N'o''b'", "''": "N''''''", "": "N''"} {
		if got := quoteString(in); got != want {
			t.Errorf("quoteString(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRenderKeepsOneUsersGrantsInOrder: two layers granting to the same
// identity in the same database get one CREATE USER each (both idempotent)
// and their statements in the order the layers added them.
func TestRenderKeepsOneUsersGrantsInOrder(t *testing.T) {
	got := render([]resolved{
		{server: "s", database: "db", user: "app", objectID: "1", roles: []string{"db_datawriter"}},
		{server: "s", database: "db", user: "app", objectID: "1", permissions: []string{"EXECUTE ON SCHEMA::etl"}},
		{server: "s", database: "db", user: "app", objectID: "1", roles: []string{"db_datareader"}},
	})
	want := `-- Database grants for the platform's managed identities. ARM cannot express
-- them: run each section connected to the named database as a member of the
-- SQL administrators group. Every statement is idempotent.

-- Server: s  Database: db
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app')
    CREATE USER [app] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'1';
ALTER ROLE [db_datawriter] ADD MEMBER [app];
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app')
    CREATE USER [app] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'1';
GRANT EXECUTE ON SCHEMA::etl TO [app];
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app')
    CREATE USER [app] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'1';
ALTER ROLE [db_datareader] ADD MEMBER [app];
`
	if got != want {
		t.Errorf("script:\n%s\nwant:\n%s", got, want)
	}
}
