package tests

// The GitHub workflows users run: current action majors, the pinned CLI,
// refreshed previews and deploys, the nightly drift check, the JUnit report,
// and a federated credential for every job that signs in to Azure.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

type wfStep struct {
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

type wfJob struct {
	If          string            `yaml:"if"`
	Uses        string            `yaml:"uses"`
	Environment string            `yaml:"environment"`
	Permissions map[string]string `yaml:"permissions"`
	Steps       []wfStep          `yaml:"steps"`
}

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]wfJob  `yaml:"jobs"`
}

func readWorkflows(t *testing.T) map[string]workflow {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	require.NoError(t, err)
	out := map[string]workflow{}
	for _, f := range files {
		var wf workflow
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, yaml.Unmarshal(b, &wf), f)
		out[filepath.Base(f)] = wf
	}
	require.Contains(t, out, "pulumi.yml")
	return out
}

// TestWorkflowActionsCurrent: the Node 24 majors of GitHub's actions and
// pulumi/actions v7, which installs the CLI version pinned in
// .pulumi.version: the Go SDK's version in go.mod, so the CLI that runs the
// program is the one its SDK was released with.
func TestWorkflowActionsCurrent(t *testing.T) {
	majors := map[string]string{
		"actions/checkout":        "v6",
		"actions/setup-go":        "v6",
		"actions/upload-artifact": "v7",
		"pulumi/actions":          "v7",
	}
	sdk := regexp.MustCompile(`github\.com/pulumi/pulumi/sdk/v3 v(\S+)`).FindStringSubmatch(repoFile(t, "go.mod"))
	require.NotNil(t, sdk)
	assert.Equal(t, sdk[1]+"\n", repoFile(t, ".pulumi.version"))

	pulumiSteps := 0
	for file, wf := range readWorkflows(t) {
		for id, job := range wf.Jobs {
			for _, step := range job.Steps {
				if step.Uses == "" {
					continue
				}
				action, version, _ := strings.Cut(step.Uses, "@")
				want, known := majors[action]
				assert.True(t, known, "%s %s: %s is not one of the pinned actions", file, id, step.Uses)
				assert.Equal(t, want, version, "%s %s: %s", file, id, step.Uses)
				if action == "pulumi/actions" {
					pulumiSteps++
					assert.Equal(t, ".pulumi.version", step.With["pulumi-version-file"], "%s %s", file, id)
				}
			}
		}
	}
	assert.Equal(t, 4, pulumiSteps, "preview, deploy, drift and the e2e CLI install")
}

// TestWorkflowRefreshAndDrift: previews and deploys refresh first; the
// nightly job per stack expects no change and says what changed.
func TestWorkflowRefreshAndDrift(t *testing.T) {
	wfs := readWorkflows(t)
	commands := map[string]string{}
	for file, wf := range wfs {
		for id, job := range wf.Jobs {
			for _, step := range job.Steps {
				if cmd := step.With["command"]; strings.HasPrefix(step.Uses, "pulumi/actions@") && cmd != "" {
					assert.Equal(t, "true", step.With["refresh"], "%s %s %s", file, id, cmd)
					commands[file+" "+id] = cmd
				}
			}
		}
	}
	assert.Equal(t, map[string]string{
		"pulumi.yml preview": "preview", "pulumi.yml deploy": "up", "drift.yml drift": "preview",
	}, commands)

	drift := wfs["drift.yml"]
	assert.Contains(t, drift.On, "schedule")
	assert.Contains(t, drift.On, "workflow_dispatch")
	// The diff says what drifted.
	assert.Subset(t, drift.Jobs["drift"].Steps[2].With, map[string]string{"expect-no-changes": "true", "diff": "true", "comment-on-summary": "true"})
	assert.Equal(t, "./.github/workflows/stacks.yml", drift.Jobs["stacks"].Uses, "every stack file's")

	// The policy step judges a JSON preview that lists every resource.
	policy := wfs["pulumi.yml"].Jobs["preview"].Steps[3]
	assert.Contains(t, policy.Run, `pulumi preview --stack "$STACK" --json --show-sames > bin/preview.json`)
	assert.Contains(t, policy.Run, `./bin/ecommerce policy --preview bin/preview.json --stack "$STACK"`)
}

// TestWorkflowTestReport: the test job runs `make test` (gotestsum) and
// uploads its JUnit file even when tests fail.
func TestWorkflowTestReport(t *testing.T) {
	job := readWorkflows(t)["pulumi.yml"].Jobs["test"]
	require.Len(t, job.Steps, 4)
	assert.Contains(t, job.Steps[2].Run, "make lint test plan-all")
	upload := job.Steps[3]
	assert.Equal(t, "always()", upload.If)
	assert.Equal(t, "bin/junit.xml", upload.With["path"])
	mk := repoFile(t, "Makefile")
	assert.Contains(t, mk, "JUNIT    := bin/junit.xml")
	assert.Contains(t, mk, "$(GO) tool gotestsum --raw-command ")
}

// TestWorkflowFederatedCredentials: every job that asks for an OIDC token
// has a federated credential in the README's commands. GitHub's token
// subject is repo:<org>/<repo>:pull_request for a pull request's jobs,
// repo:<org>/<repo>:environment:<name> for a job that names an environment,
// and repo:<org>/<repo>:ref:refs/heads/<branch> for other jobs, here the
// scheduled and dispatched ones on the default branch
// (https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims);
// Entra matches the subject exactly, with GitHub's issuer and the audience
// api://AzureADTokenExchange
// (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust#github-actions).
func TestWorkflowFederatedCredentials(t *testing.T) {
	subjects := map[string]string{}
	for file, wf := range readWorkflows(t) {
		for id, job := range wf.Jobs {
			token := job.Permissions["id-token"]
			if job.Permissions == nil {
				token = wf.Permissions["id-token"]
			}
			if token != "write" {
				continue
			}
			switch {
			case job.Environment != "":
				subjects[file+" "+id] = "environment:" + job.Environment
			case job.If == "github.event_name == 'pull_request'":
				subjects[file+" "+id] = "pull_request"
			default:
				_, onPR := wf.On["pull_request"]
				_, onPush := wf.On["push"]
				assert.False(t, onPR || onPush, "%s %s: a token on pull requests or pushes needs its own subject", file, id)
				subjects[file+" "+id] = "ref:refs/heads/main"
			}
		}
	}
	assert.Equal(t, map[string]string{
		"pulumi.yml preview": "pull_request",
		"pulumi.yml deploy":  "environment:${{ matrix.stack }}",
		"drift.yml drift":    "ref:refs/heads/main",
		"e2e.yml e2e":        "ref:refs/heads/main",
	}, subjects)

	readme := readmeText(t)
	assert.Contains(t, readme, "az ad app federated-credential create")
	assert.Contains(t, readme, `for subject in pull_request ref:refs/heads/main $(ls Pulumi.*.yaml | sed -E 's/^Pulumi\.(.*)\.yaml$/environment:\1/'); do`,
		"one credential for pull requests, one for the default branch, one per stack file")
	assert.Contains(t, readme, `\"subject\": \"repo:ORG/REPO:$subject\"`)
	assert.Contains(t, readme, `\"issuer\": \"https://token.actions.githubusercontent.com\"`)
	assert.Contains(t, readme, `\"audiences\": [\"api://AzureADTokenExchange\"]`)
}
