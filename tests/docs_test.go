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

// TestReadmeCIFederatedCredentials: every kind of job of the workflow that
// signs in to Azure has a federated credential in the README's commands.
// GitHub's token subject is repo:<org>/<repo>:pull_request for a pull
// request's jobs and repo:<org>/<repo>:environment:<name> for a job that
// names an environment, whatever the branch
// (https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims);
// Entra matches the subject exactly, with GitHub's issuer and the audience
// api://AzureADTokenExchange
// (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust#github-actions).
func TestReadmeCIFederatedCredentials(t *testing.T) {
	wf, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "pulumi.yml"))
	require.NoError(t, err)
	workflow := string(wf)
	// The jobs the subjects below stand for: previews on pull requests, and
	// deploys in one environment per stack.
	assert.Contains(t, workflow, "if: github.event_name == 'pull_request'")
	assert.Contains(t, workflow, "environment: ${{ matrix.stack }}")
	assert.Equal(t, 2, strings.Count(workflow, "stack: [dev, prod]"), "preview and deploy matrices")

	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	readme := string(b)
	assert.Contains(t, readme, "az ad app federated-credential create")
	assert.Contains(t, readme, `for subject in pull_request environment:dev environment:prod; do`)
	assert.Contains(t, readme, `\"subject\": \"repo:ORG/REPO:$subject\"`)
	assert.Contains(t, readme, `\"issuer\": \"https://token.actions.githubusercontent.com\"`)
	assert.Contains(t, readme, `\"audiences\": [\"api://AzureADTokenExchange\"]`)
}
