package config

import (
	"errors"
	"testing"
)

// TestErrorTextIsExact: the text a user reads in CI names the stack, counts
// the problems (singular for one) and lists each as key: rule, sorted by key.
func TestErrorTextIsExact(t *testing.T) {
	one := &Error{Stack: "qa", Problems: []Problem{{Key: "ecommerce:etlHour", Rule: "24 is out of range 0-23"}}}
	if got, want := one.Error(), "invalid configuration for stack \"qa\" (1 problem):\n  - ecommerce:etlHour: 24 is out of range 0-23"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	_, err := Parse("shop", "qa", with(valid(), "location", "mars", "etlHour", "24", "environment", "x"))
	want := "invalid configuration for stack \"qa\" (3 problems):" +
		"\n  - ecommerce:environment: \"x\" is not one of dev, test, prod" +
		"\n  - ecommerce:etlHour: 24 is out of range 0-23" +
		"\n  - ecommerce:location: \"mars\" is not a known Azure region name (lowercase, no spaces, e.g. westeurope); known: " + regionsLiteral
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	none := &Error{Stack: "dev", NotDeployable: true}
	if got, want := none.Error(), `configuration not ready to deploy for stack "dev" (0 problems):`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Errorf("Parse error is %T, want *Error", err)
	}
}

// TestDistance pins the edit distance that picks "did you mean" keys.
func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"abc", "abc", 0}, {"abc", "abd", 1},
		{"abc", "abcd", 1}, {"abcd", "abc", 1}, {"ab", "ba", 2}, {"kitten", "sitting", 3},
		{"storgesku", "storagesku", 1},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestAutoscaleAndRetentionSwitches: autoscale turns on only above the
// minimum, and any one long-term retention counts.
func TestAutoscaleAndRetentionSwitches(t *testing.T) {
	for _, tc := range []struct {
		min, max int
		want     bool
	}{{1, 1, false}, {2, 1, false}, {1, 2, true}} {
		want := tc.want
		if got := (Apps{MinInstances: tc.min, MaxInstances: tc.max}).Autoscale(); got != want {
			t.Errorf("Apps{%d..%d}.Autoscale() = %v", tc.min, tc.max, got)
		}
		if got := (Worker{MinInstances: tc.min, MaxInstances: tc.max}).Autoscale(); got != want {
			t.Errorf("Worker{%d..%d}.Autoscale() = %v", tc.min, tc.max, got)
		}
	}
	for ltr, want := range map[LongTermRetention]bool{
		{}: false, {Weekly: "P1W"}: true, {Monthly: "P1M"}: true, {Yearly: "P1Y"}: true,
	} {
		if got := ltr.Any(); got != want {
			t.Errorf("%+v.Any() = %v, want %v", ltr, got, want)
		}
	}
}
