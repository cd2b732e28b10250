package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/internal/config"
)

// TestReadmeConfigReference: the README documents every key the program
// reads, with its default, and the two commands a new user runs.
func TestReadmeConfigReference(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	readme := string(b)
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
