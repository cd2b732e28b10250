package baseline

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// CheckArgs refuses a layer's Args, or a helper's, when an input tagged
// `arg:"required"` is missing, naming every one at once, so that nothing is
// registered on an empty scope or id. A struct field whose type has tagged
// fields is checked field by field (an optional pointer only when set), and
// so is each element of a map or slice of such structs (Access[kv].Scope);
// any other required field must be non-zero (a zero output too: what a
// map of outputs yields for a key it lacks), and a required map or slice
// non-empty with no nil element. alsoMissing adds what a layer checks
// beyond the tags, to the same message.
func CheckArgs(owner string, args any, alsoMissing ...string) error {
	missing := slices.Clone(alsoMissing)
	checkStruct(reflect.ValueOf(args), "", &missing)
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("%s: missing required inputs: %s", owner, strings.Join(missing, ", "))
}

func checkStruct(v reflect.Value, prefix string, missing *[]string) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("arg")
		if tag == "" || !f.IsExported() {
			continue
		}
		fv, path := v.Field(i), prefix+f.Name
		if inner, ok := tagged(fv); ok {
			if inner.IsValid() {
				checkStruct(inner, path+".", missing)
			} else if tag == "required" {
				*missing = append(*missing, path)
			}
			continue
		}
		if tag == "required" && absent(fv) {
			*missing = append(*missing, path)
			continue
		}
		checkElements(fv, path, missing)
	}
}

// checkElements checks each element of a map (in key order) or slice of
// tagged structs.
func checkElements(v reflect.Value, path string, missing *[]string) {
	switch v.Kind() {
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			if inner, ok := tagged(v.MapIndex(k)); ok && inner.IsValid() {
				checkStruct(inner, fmt.Sprintf("%s[%v].", path, k), missing)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if inner, ok := tagged(v.Index(i)); ok && inner.IsValid() {
				checkStruct(inner, fmt.Sprintf("%s[%d].", path, i), missing)
			}
		}
	}
}

// tagged reports whether v is a struct, or a pointer to one, whose type has
// arg-tagged fields; inner is the struct, invalid for a nil pointer.
func tagged(v reflect.Value) (inner reflect.Value, ok bool) {
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("arg") != "" {
			if v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return reflect.Value{}, true
				}
				return v.Elem(), true
			}
			return v, true
		}
	}
	return reflect.Value{}, false
}

func absent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map:
		if v.Len() == 0 {
			return true
		}
		for _, k := range v.MapKeys() {
			if absent(v.MapIndex(k)) {
				return true
			}
		}
		return false
	case reflect.Slice:
		return v.Len() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil() || (v.Elem().Kind() != reflect.Pointer && v.Elem().IsZero())
	default:
		return v.IsZero()
	}
}
