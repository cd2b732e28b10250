//go:build e2e

// Package e2e deploys a real, ephemeral stack from dev's config, twice,
// smoke-tests it and destroys it (internal/e2e orchestrates; this adapts
// the Automation API to it). It needs a subscription and the Pulumi CLI:
//
//	ARM_SUBSCRIPTION_ID=… E2E_SQL_ADMIN_OBJECT_ID=… E2E_BACKOFFICE_ADMIN_GROUP_ID=… \
//	  go test -tags e2e -count=1 -timeout 140m -v ./tests/e2e/
//
// The README ("End-to-end test") gives its cost and the permissions.
package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"gopkg.in/yaml.v3"

	"github.com/ecommerce-platform/infra/internal/e2e"
)

const repoRoot = "../.."

// autoStack is internal/e2e's Stack over an Automation API stack.
type autoStack struct {
	s   auto.Stack
	log *testing.T
}

func (a autoStack) Up(ctx context.Context) (map[string]int, error) {
	res, err := a.s.Up(ctx, optup.Refresh(), optup.ProgressStreams(testWriter{a.log}))
	if err != nil {
		return nil, err
	}
	if res.Summary.ResourceChanges == nil {
		return map[string]int{}, nil
	}
	return *res.Summary.ResourceChanges, nil
}

func (a autoStack) Outputs(ctx context.Context) (map[string]string, error) {
	outs, err := a.s.Outputs(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for k, v := range outs {
		if s, ok := v.Value.(string); ok && !v.Secret {
			m[k] = s
		}
	}
	return m, nil
}

func (a autoStack) Destroy(ctx context.Context) error {
	_, err := a.s.Destroy(ctx, optdestroy.ProgressStreams(testWriter{a.log}))
	return err
}

func (a autoStack) Remove(ctx context.Context) error {
	return a.s.Workspace().RemoveStack(ctx, a.s.Name())
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestDeployTwiceAndDestroy is the Azure Verified Modules' end-to-end
// test: a second `up` must change nothing.
func TestDeployTwiceAndDestroy(t *testing.T) {
	if os.Getenv("ARM_SUBSCRIPTION_ID") == "" {
		t.Skip("ARM_SUBSCRIPTION_ID is not set: the end-to-end test needs a subscription")
	}
	admin, group := os.Getenv("E2E_SQL_ADMIN_OBJECT_ID"), os.Getenv("E2E_BACKOFFICE_ADMIN_GROUP_ID")
	if admin == "" || group == "" {
		t.Fatal("set E2E_SQL_ADMIN_OBJECT_ID and E2E_BACKOFFICE_ADMIN_GROUP_ID: a deploy refuses the stack files' example object ids")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 135*time.Minute)
	defer cancel()

	// An ephemeral stack file from dev's, under a unique suffix: its own
	// globally unique names, and nothing protected.
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	name := "e2e" + hex.EncodeToString(suffix)
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	b, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	file.Config["ecommerce:nameSuffix"] = name
	file.Config["ecommerce:sqlAdminGroupMembers"] = []string{admin}
	file.Config["ecommerce:backofficeAdminGroups"] = []string{group}
	out, err := yaml.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	stackFile := filepath.Join(repoRoot, "Pulumi."+name+".yaml")
	if err := os.WriteFile(stackFile, out, 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(stackFile)

	s, err := auto.UpsertStackLocalSource(ctx, name, repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	health, _ := file.Config["ecommerce:appHealthCheckPath"].(string)
	if health == "" {
		health = "/healthz"
	}
	smoke := func(ctx context.Context, outputs map[string]string) error {
		return e2e.Smoke(ctx, e2e.NoRedirects(30*time.Second), outputs, health)
	}
	if err := e2e.Run(ctx, autoStack{s: s, log: t}, smoke, testWriter{t}); err != nil {
		t.Fatal(fmt.Errorf("stack %s: %w", name, err))
	}
}
