// Command litmut is a literal-mutation pass over the infrastructure layers.
//
// Operator mutation (gremlins, make mutate) does not touch literals, and an IaC
// program's bugs are mostly literals: a SKU, a flag, a retention period, a role
// id. litmut lists the literals of the layer packages (booleans, strings,
// numbers), takes a seeded sample, and for each one changes it in place (true
// ↔ false, "s" → "sx", n → n+1), runs the tests, and puts the file back byte
// for byte. A mutant is caught when the tests fail, survives when they pass;
// one that does not compile is a build error, counted apart.
//
// It refuses to start unless the files it would touch are clean in git, and
// checks that they are clean again when it ends, also after Ctrl-C.
//
//	go run ./internal/tools/litmut [-n 60] [-seed 1] [-pkgs core,apps] [-test "go test -count=1 ./tests/"] [-list]
//
// Run it from the module root (make mutate-literals does).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

const defaultPkgs = "core,apps,apps/edge,analytics,auth,internal/baseline,internal/platform"

type outcome string

const (
	caught     outcome = "caught"
	survived   outcome = "survived"
	timedOut   outcome = "timeout"
	buildError outcome = "build error"
)

func main() {
	n := flag.Int("n", 60, "number of mutants to run (0: all)")
	seed := flag.Uint64("seed", 1, "seed of the sample")
	pkgs := flag.String("pkgs", defaultPkgs, "comma-separated package directories to mutate")
	testCmd := flag.String("test", "go test -count=1 ./tests/", "test command run for each mutant (./tests is what tests the layers)")
	timeout := flag.Duration("timeout", 0, "timeout of one test run (0: 4x the clean run, at least 1m)")
	list := flag.Bool("list", false, "list the sampled mutants without running them")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, strings.Split(*pkgs, ","), *n, *seed, strings.Fields(*testCmd), *timeout, *list); err != nil {
		fmt.Fprintln(os.Stderr, "litmut:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, pkgs []string, n int, seed uint64, testCmd []string, timeout time.Duration, list bool) (err error) {
	files, err := goFiles(pkgs)
	if err != nil {
		return err
	}
	var all []mutant
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		ms, err := findMutants(f, src)
		if err != nil {
			return err
		}
		all = append(all, ms...)
	}
	sample := pick(all, n, seed)
	fmt.Printf("%d literals in %d files (%s), sampling %d (seed %d)\n", len(all), len(files), kinds(all), len(sample), seed)
	if list {
		for _, m := range sample {
			fmt.Printf("%s:%d\t%s → %s\n", m.File, m.Line, short(m.Old), short(m.New))
		}
		return nil
	}

	if out, err := git(append([]string{"status", "--porcelain", "--"}, files...)...); err != nil || len(out) > 0 {
		return fmt.Errorf("the files to mutate must be committed and unchanged (git status: %q, %v)", out, err)
	}
	defer func() {
		if _, derr := git(append([]string{"diff", "--quiet", "--"}, files...)...); derr != nil {
			err = errors.Join(err, fmt.Errorf("git diff is not empty after the run: restore with git checkout -- %s", strings.Join(pkgs, " ")))
		}
	}()

	start := time.Now()
	if res, _ := runTests(ctx, testCmd, 20*time.Minute); res != survived {
		return fmt.Errorf("the tests do not pass before mutation (%s): fix them first", res)
	}
	clean := time.Since(start)
	if timeout == 0 {
		timeout = max(4*clean, time.Minute)
	}
	fmt.Printf("clean run %s, timeout %s per mutant\n", clean.Round(time.Second), timeout.Round(time.Second))

	counts := map[outcome]int{}
	var survivors []mutant
	for i, m := range sample {
		t0 := time.Now()
		res, terr := try(ctx, m, testCmd, timeout)
		if terr != nil {
			return terr
		}
		if ctx.Err() != nil { // interrupted: this test failure says nothing about the mutant
			err = fmt.Errorf("interrupted at mutant %d of %d; files restored", i+1, len(sample))
			break
		}
		counts[res]++
		if res == survived {
			survivors = append(survivors, m)
		}
		fmt.Printf("[%d/%d] %-11s %s:%d %s → %s (%s)\n", i+1, len(sample), res, m.File, m.Line, short(m.Old), short(m.New), time.Since(t0).Round(time.Second))
	}

	if len(survivors) > 0 {
		fmt.Println("\nsurvivors (no test noticed the change):")
		for _, m := range survivors {
			fmt.Printf("  %s:%d\t%s → %s\n", m.File, m.Line, short(m.Old), short(m.New))
		}
	}
	ran := counts[caught] + counts[survived] + counts[timedOut] + counts[buildError]
	efficacy := 0.0
	if judged := counts[caught] + counts[survived]; judged > 0 {
		efficacy = 100 * float64(counts[caught]) / float64(judged)
	}
	fmt.Printf("\nliteral mutants: %d run, %d caught, %d survived, %d build errors, %d timed out (efficacy %.1f%%)\n",
		ran, counts[caught], counts[survived], counts[buildError], counts[timedOut], efficacy)
	return err
}

// try applies one mutant, runs the tests and restores the file, whatever happens.
func try(ctx context.Context, m mutant, testCmd []string, timeout time.Duration) (res outcome, err error) {
	info, err := os.Stat(m.File)
	if err != nil {
		return "", err
	}
	orig, err := os.ReadFile(m.File)
	if err != nil {
		return "", err
	}
	if string(orig[m.Start:m.End]) != m.Old {
		return "", fmt.Errorf("%s:%d changed under us", m.File, m.Line)
	}
	defer func() {
		if werr := os.WriteFile(m.File, orig, info.Mode()); werr != nil {
			err = errors.Join(err, fmt.Errorf("RESTORE FAILED for %s: %w", m.File, werr))
		}
	}()
	if err := os.WriteFile(m.File, m.apply(orig), info.Mode()); err != nil {
		return "", err
	}
	res, _ = runTests(ctx, testCmd, timeout)
	return res, nil
}

// runTests runs the test command; it passes ("survived"), fails ("caught"),
// fails to build, or times out.
func runTests(ctx context.Context, testCmd []string, timeout time.Duration) (outcome, []byte) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, testCmd[0], testCmd[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // kill test binaries too
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return timedOut, out
	case err == nil:
		return survived, out
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return buildError, out
	}
	return caught, out
}

// goFiles lists the non-test Go files of the package directories, sorted.
func goFiles(pkgs []string) ([]string, error) {
	var files []string
	for _, p := range pkgs {
		matches, err := filepath.Glob(filepath.Join(strings.TrimSpace(p), "*.go"))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("no Go files in %q (run from the module root)", p)
		}
		for _, f := range matches {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	return files, nil
}

// pick returns a seeded sample of n mutants (all if n is 0 or more than
// there are), in file order.
func pick(all []mutant, n int, seed uint64) []mutant {
	if n <= 0 || n >= len(all) {
		return all
	}
	r := rand.New(rand.NewPCG(seed, seed))
	idx := r.Perm(len(all))[:n]
	sort.Ints(idx)
	sample := make([]mutant, n)
	for i, j := range idx {
		sample[i] = all[j]
	}
	return sample
}

func git(args ...string) (string, error) {
	out, err := exec.Command("git", args...).Output()
	return strings.TrimSpace(string(out)), err
}

// kinds counts mutants by the kind of literal.
func kinds(ms []mutant) string {
	var b, s, n int
	for _, m := range ms {
		switch {
		case m.Old == "true" || m.Old == "false":
			b++
		case strings.ContainsAny(m.Old[:1], "\"`"):
			s++
		default:
			n++
		}
	}
	return fmt.Sprintf("%d booleans, %d strings, %d numbers", b, s, n)
}

// short keeps long literals readable in the report.
func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}
