// Package inventory is the offline plan's data model: what one run of the
// program registered (resources with their inputs, outputs, options and
// dependencies, and the stack outputs), and how to look inside it. The mock
// engine (mockcloud) produces it; the policy, the cost estimate, the plan's
// renderings and the tests read it.
package inventory

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Resource is one registered resource.
type Resource struct {
	URN      string
	Type     string
	Name     string
	Parent   string
	Custom   bool
	Protect  bool
	Provider string // explicit provider reference ("URN::id"), empty for the default provider
	// IgnoreChanges lists the input paths later runs leave as they are.
	IgnoreChanges []string
	// Aliases are the URNs the resource had before a refactor moved or
	// renamed it: the engine adopts the state of any of them instead of
	// replacing the resource.
	Aliases []string
	// DeletedWith is the URN of the resource whose delete takes this one
	// along (Pulumi skips this one's delete when both go in one run).
	DeletedWith string
	// Hooks are the resource hooks bound to it, by lifecycle point
	// ("after_create": names); they run in a real `up` only.
	Hooks        map[string][]string
	ID           string
	Inputs       resource.PropertyMap
	Outputs      resource.PropertyMap
	Dependencies []string // URNs, explicit and through inputs
}

// Output is one resolved stack output.
type Output struct {
	Value  any
	Secret bool
}

// Result is everything one run registered.
type Result struct {
	Project   string
	Stack     string
	Resources []Resource // sorted by URN
	Outputs   map[string]Output
}

// Find returns the resources of type typ whose logical name ends with suffix.
func (r *Result) Find(typ, suffix string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == typ && strings.HasSuffix(res.Name, suffix) {
			out = append(out, res)
		}
	}
	return out
}

// ByType returns the resources of type typ.
func (r *Result) ByType(typ string) []Resource { return r.Find(typ, "") }

// ByURN returns the resource with the URN, if any.
func (r *Result) ByURN(urn string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.URN == urn {
			return res, true
		}
	}
	return Resource{}, false
}

// Input returns the plain value at a dotted path of the inputs ("siteConfig.http2Enabled"),
// unwrapping secrets; nil when absent.
func (r Resource) Input(path string) any { return lookup(r.Inputs, path, false) }

// Output returns the plain value at a dotted path of the outputs.
func (r Resource) Output(path string) any { return lookup(r.Outputs, path, false) }

// InputIsSecret reports whether the input at path is (inside) a secret.
func (r Resource) InputIsSecret(path string) bool { return lookup(r.Inputs, path, true) == true }

func lookup(m resource.PropertyMap, path string, wantSecret bool) any {
	v := resource.NewObjectProperty(m)
	secret := false
	for _, part := range strings.Split(path, ".") {
		for v.IsSecret() {
			secret = true
			v = v.SecretValue().Element
		}
		if !v.IsObject() {
			return nil
		}
		next, ok := v.ObjectValue()[resource.PropertyKey(part)]
		if !ok {
			return nil
		}
		v = next
	}
	for v.IsSecret() {
		secret = true
		v = v.SecretValue().Element
	}
	if wantSecret {
		return secret
	}
	return Plain(v)
}

// Unknown is the plain value of an input known only at `up` (a preview's
// computed value).
const Unknown = "[unknown]"

// HasUnknown reports whether a plain value is, or holds, Unknown.
func HasUnknown(v any) bool {
	switch v := v.(type) {
	case string:
		return v == Unknown
	case []any:
		for _, e := range v {
			if HasUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if HasUnknown(e) {
				return true
			}
		}
	}
	return false
}

// Plain converts a property value to plain Go values; secrets are unwrapped.
func Plain(v resource.PropertyValue) any { return convert(v, false) }

// Redacted converts a property value to plain Go values with every secret
// replaced by "[secret]".
func Redacted(v resource.PropertyValue) any { return convert(v, true) }

func convert(v resource.PropertyValue, redact bool) any {
	switch {
	case v.IsSecret():
		if redact {
			return "[secret]"
		}
		return convert(v.SecretValue().Element, redact)
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		out := []any{}
		for _, e := range v.ArrayValue() {
			out = append(out, convert(e, redact))
		}
		return out
	case v.IsObject():
		out := map[string]any{}
		for k, e := range v.ObjectValue() {
			out[string(k)] = convert(e, redact)
		}
		return out
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsComputed(), v.IsOutput():
		if v.IsOutput() && v.OutputValue().Known {
			if v.OutputValue().Secret && redact {
				return "[secret]"
			}
			return convert(v.OutputValue().Element, redact)
		}
		return Unknown
	}
	return fmt.Sprint(v.V)
}
