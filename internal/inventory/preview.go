package inventory

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The JSON of `pulumi preview --json` is pulumi/pulumi's PreviewDigest
// (pkg/backend/display/json.go, ShowPreviewDigest; the step type is
// pkg/display's PreviewStep, which sdk/go/auto copies as PreviewStep). Each
// step's newState is an apitype.ResourceV3 whose values went through
// stack.SerializePropertyValue after display.MassageSecrets: a secret is the
// string "[secret]", a value computed at `up` the string below
// (pkg/resource/stack/checkpoint.go, computedValuePlaceholder).
const (
	previewUnknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
	previewSecret  = "[secret]"
)

// previewDigest is the part of the digest the inventory reads.
type previewDigest struct {
	Steps []struct {
		Op       string              `json:"op"`
		URN      string              `json:"urn"`
		NewState *apitype.ResourceV3 `json:"newState"`
	} `json:"steps"`
	ChangeSummary map[string]int `json:"changeSummary"`
}

// Preview is what a real preview says beside its resources.
type Preview struct {
	// Ops counts the steps by operation (create, update, replace, same, ...).
	Ops map[string]int
	// Deleted are the URNs the update deletes: not in the inventory.
	Deleted []string
}

// goneOps are the steps after which the resource no longer exists as
// planned: a delete, the old half of a replacement, or one the engine drops.
var goneOps = []string{"delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"}

// FromPreview reads the JSON of `pulumi preview --json --show-sames` into
// the plan inventory the offline rules read: every resource as the update
// would leave it, inputs as the program sends them (secrets still secret,
// values only `up` knows as Unknown). Without --show-sames the preview lists
// only changed resources, and rules that look for what must exist would
// fail wrongly: that is refused.
func FromPreview(r io.Reader) (*Result, Preview, error) {
	var d previewDigest
	dec := json.NewDecoder(r)
	if err := dec.Decode(&d); err != nil {
		return nil, Preview{}, fmt.Errorf("not the JSON of `pulumi preview --json`: %w", err)
	}
	if len(d.Steps) == 0 {
		return nil, Preview{}, fmt.Errorf("the preview has no steps: run `pulumi preview --json --show-sames`")
	}
	p := Preview{Ops: map[string]int{}}
	res := &Result{Outputs: map[string]Output{}}
	seen := map[string]int{} // URN -> index in res.Resources
	for _, s := range d.Steps {
		p.Ops[s.Op]++
		if slices.Contains(goneOps, s.Op) {
			if s.Op == "delete" {
				p.Deleted = append(p.Deleted, s.URN)
			}
			continue
		}
		st := s.NewState
		if st == nil || st.Type == "pulumi:pulumi:Stack" || (strings.HasPrefix(string(st.Type), "pulumi:providers:") && strings.HasPrefix(nameOf(s.URN), "default")) {
			continue // the stack and the engine's default providers are no plan resources
		}
		parsed, err := resource.ParseURN(s.URN)
		if err == nil && res.Stack == "" {
			res.Project, res.Stack = string(parsed.Project()), string(parsed.Stack())
		}
		rs := Resource{
			URN: s.URN, Type: string(st.Type), Name: nameOf(s.URN), Parent: string(st.Parent), Custom: st.Custom,
			Protect: st.Protect, Provider: st.Provider, DeletedWith: string(st.DeletedWith), ID: idOf(st.ID),
			Inputs: previewProps(st.Inputs), Outputs: previewProps(st.Outputs),
		}
		for _, a := range st.Aliases {
			rs.Aliases = append(rs.Aliases, string(a))
		}
		rs.IgnoreChanges = st.IgnoreChanges
		deps := map[string]bool{}
		for _, u := range st.Dependencies {
			deps[string(u)] = true
		}
		for _, us := range st.PropertyDependencies {
			for _, u := range us {
				deps[string(u)] = true
			}
		}
		for u := range deps {
			rs.Dependencies = append(rs.Dependencies, u)
		}
		sort.Strings(rs.Dependencies)
		if i, dup := seen[s.URN]; dup {
			res.Resources[i] = rs // a replacement's steps: the last one is the resource as planned
			continue
		}
		seen[s.URN] = len(res.Resources)
		res.Resources = append(res.Resources, rs)
	}
	if same := d.ChangeSummary["same"]; same > 0 && p.Ops["same"] == 0 {
		return nil, p, fmt.Errorf("the preview leaves out its %d unchanged resources: run `pulumi preview --json --show-sames`", same)
	}
	sort.Slice(res.Resources, func(i, j int) bool { return res.Resources[i].URN < res.Resources[j].URN })
	return res, p, nil
}

func nameOf(urn string) string { return urn[strings.LastIndex(urn, "::")+2:] }

// idOf is a resource's id, Unknown while `up` has yet to create it.
func idOf(id resource.ID) string {
	if id == "" || id == previewUnknown {
		return Unknown
	}
	return string(id)
}

// previewProps turns serialized values back into properties: "[secret]"
// into a secret, the computed placeholder into an unknown.
func previewProps(m map[string]any) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range m {
		out[resource.PropertyKey(k)] = previewValue(v)
	}
	return out
}

func previewValue(v any) resource.PropertyValue {
	switch v := v.(type) {
	case nil:
		return resource.NewNullProperty()
	case bool:
		return resource.NewBoolProperty(v)
	case float64:
		return resource.NewNumberProperty(v)
	case string:
		switch v {
		case previewUnknown:
			return resource.MakeComputed(resource.NewStringProperty(""))
		case previewSecret:
			return resource.MakeSecret(resource.NewStringProperty(previewSecret))
		}
		return resource.NewStringProperty(v)
	case []any:
		arr := make([]resource.PropertyValue, len(v))
		for i, e := range v {
			arr[i] = previewValue(e)
		}
		return resource.NewArrayProperty(arr)
	case map[string]any:
		return resource.NewObjectProperty(previewProps(v))
	}
	return resource.NewStringProperty(fmt.Sprint(v))
}
