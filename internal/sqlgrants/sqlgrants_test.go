package sqlgrants

import (
	"strings"
	"testing"
)

func TestRenderGroupsByDatabaseAndQuotes(t *testing.T) {
	script := render([]resolved{
		{server: "b.database.windows.net", database: "dw", user: "adf-x", objectID: "22222222-2222-2222-2222-222222222222", roles: []string{"db_owner"}},
		{server: "a.database.windows.net", database: "shop", user: "app]'x", objectID: "11111111-1111-1111-1111-111111111111", roles: []string{"db_datareader"}, permissions: []string{"EXECUTE ON SCHEMA::etl"}},
	})
	want := []string{
		"-- Server: a.database.windows.net  Database: shop",
		"IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'app]''x')",
		"CREATE USER [app]]'x] FROM EXTERNAL PROVIDER WITH OBJECT_ID = N'11111111-1111-1111-1111-111111111111';",
		"ALTER ROLE [db_datareader] ADD MEMBER [app]]'x];",
		"GRANT EXECUTE ON SCHEMA::etl TO [app]]'x];",
		"-- Server: b.database.windows.net  Database: dw",
		"ALTER ROLE [db_owner] ADD MEMBER [adf-x];",
	}
	last := -1
	for _, w := range want {
		i := strings.Index(script, w)
		if i < 0 {
			t.Fatalf("script lacks %q:\n%s", w, script)
		}
		if i < last {
			t.Errorf("%q out of order (servers sorted, each section after its header)", w)
		}
		last = i
	}
}

func TestRenderOneHeaderPerDatabase(t *testing.T) {
	script := render([]resolved{
		{server: "s", database: "shop", user: "b", objectID: "2"},
		{server: "s", database: "shop", user: "a", objectID: "1"},
	})
	if n := strings.Count(script, "-- Server: s  Database: shop"); n != 1 {
		t.Errorf("got %d headers for one database, want 1:\n%s", n, script)
	}
	if strings.Index(script, "[a]") > strings.Index(script, "[b]") {
		t.Errorf("users not sorted:\n%s", script)
	}
}

func TestRenderByNameOmitsObjectID(t *testing.T) {
	script := render([]resolved{{server: "s", database: "dw", user: "adf-x", objectID: "22222222-2222-2222-2222-222222222222", byName: true}})
	if !strings.Contains(script, "CREATE USER [adf-x] FROM EXTERNAL PROVIDER; -- object id 22222222-2222-2222-2222-222222222222") {
		t.Errorf("by-name user not created by name alone:\n%s", script)
	}
	if strings.Contains(script, "WITH OBJECT_ID") {
		t.Errorf("by-name user carries WITH OBJECT_ID, which a dedicated SQL pool rejects:\n%s", script)
	}
}
