package main

import (
	"context"
	"go/parser"
	"go/token"
	"testing"
	"time"
)

const sample = `package p

import (
	"fmt"
	"strings"
)

type T struct {
	A string ` + "`json:\"a\"`" + `
}

const sku = "Standard_LRS"

func f() error {
	on, days, ratio, raw := true, 7, 0.5, ` + "`r`" + `
	_ = fmt.Sprintf("%s-%d", sku, 0x10)
	_, _, _, _ = on, days, ratio, raw
	return fmt.Errorf("bad %s", strings.Join([]string{"a", "b"}, ", "))
}
`

func TestFindMutants(t *testing.T) {
	ms, err := findMutants("p.go", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line     int
		old, new string
	}{
		{12, `"Standard_LRS"`, `"Standard_LRSx"`},
		{15, "true", "false"},
		{15, "7", "8"},
		{15, "0.5", "1.5"},
		{15, "`r`", "`rx`"},
		{16, `"%s-%d"`, `"%s-%dx"`},
		{16, "0x10", "17"},
	} // not the import path, the struct tag, nor the fmt.Errorf arguments
	if len(ms) != len(want) {
		t.Fatalf("got %d mutants %+v, want %d", len(ms), ms, len(want))
	}
	for i, w := range want {
		m := ms[i]
		if m.Line != w.line || m.Old != w.old || m.New != w.new || sample[m.Start:m.End] != w.old {
			t.Errorf("mutant %d = line %d %s → %s (source %q), want line %d %s → %s", i, m.Line, m.Old, m.New, sample[m.Start:m.End], w.line, w.old, w.new)
		}
	}
}

func TestApplyChangesOneLiteralAndCompiles(t *testing.T) {
	src := []byte(sample)
	ms, err := findMutants("p.go", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		out := m.apply(src)
		if _, err := parser.ParseFile(token.NewFileSet(), "p.go", out, 0); err != nil {
			t.Errorf("%s → %s does not parse: %v", m.Old, m.New, err)
		}
		if got := string(out[:m.Start]) + m.Old + string(out[m.Start+len(m.New):]); got != sample {
			t.Errorf("%s → %s changed more than the literal", m.Old, m.New)
		}
	}
	if string(src) != sample {
		t.Error("apply modified its input")
	}
}

func TestPickIsSeededAndOrdered(t *testing.T) {
	var all []mutant
	for i := range 100 {
		all = append(all, mutant{File: "f.go", Start: i})
	}
	a, b := pick(all, 10, 7), pick(all, 10, 7)
	if len(a) != 10 {
		t.Fatalf("got %d, want 10", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("same seed, different samples")
		}
		if i > 0 && a[i].Start <= a[i-1].Start {
			t.Fatal("sample not in file order")
		}
	}
	if len(pick(all, 0, 1)) != 100 {
		t.Error("-n 0 should run all")
	}
}

func TestRunTestsOutcomes(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		script string
		want   outcome
	}{
		{"exit 0", survived},
		{"echo '--- FAIL: TestX'; exit 1", caught},
		{"echo 'FAIL\tpkg [build failed]'; exit 1", buildError},
		{"sleep 10", timedOut},
	} {
		if got, _ := runTests(ctx, []string{"sh", "-c", c.script}, 500*time.Millisecond); got != c.want {
			t.Errorf("%q: got %s, want %s", c.script, got, c.want)
		}
	}
}
