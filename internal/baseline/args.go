package baseline

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// CheckArgs refuses a layer's Args, or a helper's, when an input tagged
// `arg:"required"` is missing or a value rule fails, naming every problem at
// once in one message, so that nothing is registered on an empty scope or id.
//
// A struct field whose type has tagged fields is checked field by field (an
// optional pointer only when set), and so is each element of a map or slice
// of such structs (Access[kv].Scope); an embedded struct's fields are checked
// as the outer struct's, as Go promotes them (a nil embedded pointer is
// skipped: embed structs by value). Any other required field must
// be non-zero (a zero output too: what a map of outputs yields for a key it
// lacks), and a required map or slice non-empty with no nil element.
// alsoMissing adds what a layer checks beyond the tags.
//
// Value rules (a length, a format, a field required only with another)
// come from args' own optional Problems method (not from nested structs':
// the outer Args states every rule, calling theirs), after the missing
// inputs:
//
//	owner: missing required inputs: A, B.C; ShortName "x" must be 1-12 characters
func CheckArgs(owner string, args any, alsoMissing ...string) error {
	missing := slices.Clone(alsoMissing)
	checkStruct(reflect.ValueOf(args), "", &missing)
	var problems []string
	if len(missing) > 0 {
		sort.Strings(missing)
		problems = append(problems, "missing required inputs: "+strings.Join(missing, ", "))
	}
	if v, ok := args.(interface{ Problems() []string }); ok {
		problems = append(problems, v.Problems()...)
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", owner, strings.Join(problems, "; "))
}

func checkStruct(v reflect.Value, prefix string, missing *[]string) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("arg")
		fv, path := v.Field(i), prefix+f.Name
		if f.Anonymous && tag == "" {
			if inner, ok := tagged(fv); ok && inner.IsValid() {
				checkStruct(inner, prefix, missing)
			}
			continue
		}
		if tag == "" || !f.IsExported() {
			continue
		}
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
