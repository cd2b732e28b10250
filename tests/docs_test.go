package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
)

// TestReadmeConfigReference: the README documents every key the program
// reads, with its default, and the two commands a new user runs.
func TestReadmeConfigReference(t *testing.T) {
	readme := readmeText(t)
	for _, k := range config.Keys {
		row := "| `" + config.FullName(k.Name) + "` | " + k.Type + " | "
		if !assert.Containsf(t, readme, row, "README config reference lacks %s", k.Name) {
			continue
		}
		line := readme[strings.Index(readme, row):]
		line = line[:strings.Index(line, "\n")]
		switch {
		case k.Required:
			assert.Contains(t, line, "required", k.Name)
		case k.Default != "":
			assert.Contains(t, line, "`"+k.Default+"`", k.Name)
		}
	}
	for _, cmd := range []string{"make plan", "make test", "pulumi login", "pulumi up", "go run . plan --stack"} {
		assert.Contains(t, readme, cmd)
	}
}

// readmeText is the README, which tests hold to what the program does.
func readmeText(t *testing.T) string { return repoFile(t, "README.md") }

// repoFile is a committed file of the repository.
func repoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, name))
	require.NoError(t, err)
	return string(b)
}

// TestReadmeEntraMoveImportsWhatTheProgramDeclares: the README's one-time
// move to ApplicationRegistration imports each Entra object under exactly
// the type, name and parent the program declares it with. An entry that
// misses would leave the program's resource to be created, a second app
// registration, or fail on the existing redirect URIs; and every
// registration, app role and (in dev, without Front Door) redirect URIs
// resource has its entry.
func TestReadmeEntraMoveImportsWhatTheProgramDeclares(t *testing.T) {
	readme := readmeText(t)
	type entry struct{ Type, Name, ID, Parent string }
	imported := map[string]entry{}
	for _, line := range strings.Split(readme, "\n") {
		line = strings.TrimSuffix(strings.TrimLeft(strings.TrimSpace(line), "# "), ",")
		if !strings.HasPrefix(line, `{"type": `) {
			continue
		}
		var e entry
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		imported[e.Type+"::"+e.Name] = e
	}
	res := runStack(t, "dev", map[string]string{"frontDoor": "false"})
	moved := []string{inventory.ApplicationRegistration, inventory.ApplicationAppRole, inventory.ApplicationRedirectUris, "ecommerce:auth:RedirectURIs"}
	want := map[string]bool{}
	for _, r := range res.Resources {
		if !slices.Contains(moved, r.Type) {
			continue
		}
		key := r.Type + "::" + r.Name
		want[key] = true
		e, ok := imported[key]
		if !assert.True(t, ok, "the README does not import %s", key) {
			continue
		}
		parent := "" // a root is imported without a parent
		if p, ok := res.ByURN(r.Parent); ok && p.Type != "pulumi:pulumi:Stack" {
			parent = p.Name
		}
		assert.Equal(t, parent, e.Parent, "%s is imported under its parent", key)
		if r.Type == "ecommerce:auth:RedirectURIs" {
			continue
		}
		assert.True(t, strings.HasPrefix(e.ID, "/applications/$"), e.ID)
	}
	for key := range imported {
		assert.True(t, want[key], "the README imports %s, which the program does not declare", key)
	}
}
