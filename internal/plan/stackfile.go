package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
)

// SecretPlaceholder stands in for a `secure:` value: the plan cannot decrypt
// it, and does not need to; the value stays a secret all the same.
const SecretPlaceholder = "offline-plan-secret-placeholder"

// SecretURLPlaceholder stands in for a `secure:` value of a key whose value
// must be an https URL (alertWebhookUrl): the bare placeholder would fail
// the key's validation, and the plan refuse a correctly configured stack.
const SecretURLPlaceholder = "https://offline-plan-secret-placeholder.invalid/"

// placeholderFor is the stand-in for the secure value of the full key.
func placeholderFor(project, full string) string {
	name, ok := strings.CutPrefix(full, project+":")
	if !ok {
		return SecretPlaceholder
	}
	for _, k := range config.Keys {
		if k.Name == name && k.Format == config.FormatHTTPSURL {
			return SecretURLPlaceholder
		}
	}
	return SecretPlaceholder
}

// project is the part of Pulumi.yaml the plan reads.
type project struct {
	Name    string `yaml:"name"`
	Runtime any    `yaml:"runtime"`
}

// LoadStack reads Pulumi.yaml and Pulumi.<stack>.yaml from dir into the
// options of a mock run, the way the Pulumi CLI hands config to a program:
// namespaced keys, arrays and objects as JSON, secure values as secrets.
func LoadStack(dir, stack string) (mockcloud.Options, error) {
	var proj project
	if err := readYAML(filepath.Join(dir, "Pulumi.yaml"), &proj); err != nil {
		return mockcloud.Options{}, err
	}
	if proj.Name == "" {
		return mockcloud.Options{}, fmt.Errorf("%s: no project name", filepath.Join(dir, "Pulumi.yaml"))
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := readYAML(path, &file); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return mockcloud.Options{}, fmt.Errorf("stack %q: %s not found (stacks here: %s)", stack, path, stackList(dir))
		}
		return mockcloud.Options{}, err
	}
	opts := mockcloud.Options{Project: proj.Name, Stack: stack, Config: map[string]string{}}
	var problems []string
	spelled := map[string]string{} // full key -> how the file spells it
	for key, raw := range file.Config {
		full := key
		if !strings.Contains(key, ":") {
			full = proj.Name + ":" + key // the CLI reads a bare key as the project's
		}
		if other, twice := spelled[full]; twice {
			first, second := min(key, other), max(key, other)
			problems = append(problems, fmt.Sprintf("  - %s: set twice, as %s and as %s; keep one", full, first, second))
			continue
		}
		spelled[full] = key
		value, secret, err := configValue(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("  - %s: %v", full, err))
			continue
		}
		if secret {
			value = placeholderFor(proj.Name, full)
		}
		opts.Config[full] = value
		if secret {
			opts.SecretKeys = append(opts.SecretKeys, full)
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return opts, fmt.Errorf("%s:\n%s", path, strings.Join(problems, "\n"))
	}
	sort.Strings(opts.SecretKeys)
	return opts, nil
}

// ProjectValues returns every project key of the stack file, declared or
// not: the Pulumi CLI would hand an unknown (misspelt) key over silently, so
// the plan validates them all.
func ProjectValues(opts mockcloud.Options) map[string]config.Value {
	values := map[string]config.Value{}
	prefix := opts.Project + ":"
	for key, raw := range opts.Config {
		if name, ok := strings.CutPrefix(key, prefix); ok {
			values[name] = config.Value{Raw: raw, Secret: slices.Contains(opts.SecretKeys, key)}
		}
	}
	return values
}

// configValue turns one YAML config value into the string Pulumi would pass.
func configValue(raw any) (string, bool, error) {
	switch v := raw.(type) {
	case string:
		return v, false, nil
	case bool, int, float64:
		return fmt.Sprint(v), false, nil
	case map[string]any:
		if _, ok := v["secure"]; ok && len(v) == 1 {
			return SecretPlaceholder, true, nil
		}
	case nil:
		return "", false, fmt.Errorf("has no value")
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return "", false, err
	}
	return string(b), false, nil
}

// stackList names the stacks in dir for a message.
func stackList(dir string) string {
	if stacks := Stacks(dir); len(stacks) > 0 {
		return strings.Join(stacks, ", ")
	}
	return "none"
}

// Stacks lists the stacks whose files exist in dir.
func Stacks(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	var out []string
	for _, m := range matches {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out
}

func readYAML(path string, into any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
