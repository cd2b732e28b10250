// Package plan is the offline plan: `ecommerce plan --stack NAME` runs the
// very same composition as `pulumi up` under the in-process mock engine,
// reading Pulumi.NAME.yaml, and prints what would be deployed and how it is
// wired, without an Azure account.
package plan

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/cost"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/platform"
	"github.com/ecommerce-platform/infra/internal/policy"
	"github.com/ecommerce-platform/infra/internal/resilience"
)

// Exit statuses.
const (
	ExitOK          = 0
	ExitUsage       = 2 // bad flags
	ExitInvalid     = 3 // invalid stack file or config
	ExitDeployError = 4 // the program failed
	ExitPolicy      = 5 // the plan breaks the policy baseline
)

// Dispatch runs the program's own subcommands (`plan`, `cost diff`,
// `policy --preview`) and returns the exit status with handled set; any
// other arguments are left to the Pulumi engine, which runs the program.
func Dispatch(args []string, stdout, stderr io.Writer) (code int, handled bool) {
	if len(args) == 0 {
		return ExitOK, false
	}
	switch args[0] {
	case "plan":
		return Main(args[1:], stdout, stderr), true
	case "cost":
		return CostMain(args[1:], stdout, stderr), true
	case "policy":
		return PolicyMain(args[1:], stdout, stderr), true
	}
	return ExitOK, false
}

// Main parses the plan's flags, runs the plan and writes it to stdout;
// problems go to stderr. It returns the process exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("plan", "usage: ecommerce plan --stack NAME [--format text|json|mermaid|cost|cost-json|resilience] [--dir DIR]", stderr)
	stack := fs.String("stack", "", "stack to plan: any NAME with a Pulumi.NAME.yaml (required)")
	format := fs.String("format", "text", "output format: text, json, mermaid, cost, cost-json or resilience")
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var problems []string
	if *stack == "" {
		problems = append(problems, fmt.Sprintf("--stack is required (stacks here: %s)", stackList(*dir)))
	}
	writers := map[string]func(io.Writer, *inventory.Result, policy.Report, *cost.Estimate, *resilience.Report) error{
		"text": WriteTextWithCost,
		"json": func(w io.Writer, r *inventory.Result, _ policy.Report, _ *cost.Estimate, _ *resilience.Report) error {
			return WriteJSON(w, r)
		},
		"mermaid": func(w io.Writer, r *inventory.Result, _ policy.Report, _ *cost.Estimate, _ *resilience.Report) error {
			return WriteMermaid(w, r)
		},
		"cost": func(w io.Writer, _ *inventory.Result, _ policy.Report, est *cost.Estimate, _ *resilience.Report) error {
			return cost.WriteText(w, est)
		},
		"cost-json": func(w io.Writer, _ *inventory.Result, _ policy.Report, est *cost.Estimate, _ *resilience.Report) error {
			return cost.WriteJSON(w, est)
		},
		"resilience": func(w io.Writer, _ *inventory.Result, _ policy.Report, _ *cost.Estimate, rep *resilience.Report) error {
			return resilience.WriteText(w, rep)
		},
	}
	write, ok := writers[*format]
	if !ok {
		problems = append(problems, fmt.Sprintf("--format %q is not one of text, json, mermaid, cost, cost-json, resilience", *format))
	}
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "plan:", p)
		}
		return ExitUsage
	}

	result, cfg, report, err := RunWithConfig(*dir, *stack)
	var est *cost.Estimate
	var rep *resilience.Report
	if err == nil {
		est, err = EstimateCost(result, cfg)
	}
	if err == nil {
		rep, err = Resilience(result, cfg)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		var invalid *config.Error
		if errors.As(err, &invalid) || errors.Is(err, errStackFile) {
			return ExitInvalid
		}
		return ExitDeployError
	}
	if err := write(stdout, result, report, est, rep); err != nil {
		fmt.Fprintln(stderr, err)
		return ExitDeployError
	}
	return verdict(stderr, report)
}

// verdict lists a report's violations on stderr and returns the exit
// status: ExitPolicy when a rule was broken.
func verdict(stderr io.Writer, report policy.Report) int {
	if report.Passed() {
		return ExitOK
	}
	fmt.Fprintf(stderr, "policy baseline: %d violation(s):\n", len(report.Violations))
	for _, v := range report.Violations {
		fmt.Fprintf(stderr, "  - [%s] %s: %s\n", v.Rule, v.URN, v.Message)
	}
	return ExitPolicy
}

var errStackFile = errors.New("invalid stack file")

// newFlags is a command's flag set, its usage line first on a bad flag.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; when not ok, code is the exit status (0 for -h: asked
// for, the usage is the answer).
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	return ExitOK, true
}

// RunWithConfig plans a stack: it validates the whole stack file first
// (unknown keys included), runs the program under the mock engine, and
// checks the result against the policy baseline. It also returns the
// stack's validated config, which the cost estimate reads its usage
// assumptions from. The policy report includes the cost rules
// (policy.CheckBudget), judged on the estimate, and the recovery rule
// (policy.CheckResilience), judged on the resilience report.
func RunWithConfig(dir, stack string) (*inventory.Result, *config.Config, policy.Report, error) {
	opts, cfg, err := loadConfig(dir, stack)
	if err != nil {
		return nil, nil, policy.Report{}, err
	}
	res, err := mockcloud.Run(opts, platform.Run)
	if err != nil {
		return nil, nil, policy.Report{}, err
	}
	est, err := EstimateCost(res, cfg)
	if err != nil {
		return nil, nil, policy.Report{}, err
	}
	rep, err := Resilience(res, cfg)
	if err != nil {
		return nil, nil, policy.Report{}, err
	}
	return res, cfg, Check(res, est, rep, cfg), nil
}

// loadConfig reads a stack's file and validates its config (a bad file
// wraps errStackFile, bad config is a *config.Error).
func loadConfig(dir, stack string) (mockcloud.Options, *config.Config, error) {
	opts, err := LoadStack(dir, stack)
	if err != nil {
		return opts, nil, fmt.Errorf("%w: %w", errStackFile, err)
	}
	cfg, err := config.Parse(opts.Project, opts.Stack, ProjectValues(opts))
	return opts, cfg, err
}

// Check is the plan's policy verdict: the baseline (policy.Check), the
// cost rules, which judge the estimate against the stack's budget, and the
// recovery rule, which judges the customer path against the stack's
// recovery targets.
func Check(res *inventory.Result, est *cost.Estimate, rep *resilience.Report, cfg *config.Config) policy.Report {
	prod := cfg.IsProd()
	var path []policy.Recovery
	for _, s := range rep.Stores {
		if s.CustomerPath {
			path = append(path, policy.Recovery{URN: s.URN, Store: s.Name + " (" + s.Role + ")",
				RPOMinutes: s.RPO.Value(), RTOMinutes: s.RTO.Value(), RPOText: s.RPO.Text, RTOText: s.RTO.Text})
		}
	}
	return policy.Check(res, prod).With(policy.CheckBudget(res, est.Total, prod)).
		With(policy.CheckResilience(res, path, cfg.Targets.RPOMinutes, cfg.Targets.RTOMinutes, prod))
}

// Resilience derives a planned stack's resilience report with the figure
// table shipped in the program and the stack's recovery targets.
func Resilience(res *inventory.Result, cfg *config.Config) (*resilience.Report, error) {
	table, err := resilience.LoadTable()
	if err != nil {
		return nil, err
	}
	return resilience.New(res, table, resilience.Targets{RPOMinutes: cfg.Targets.RPOMinutes, RTOMinutes: cfg.Targets.RTOMinutes}), nil
}

// EstimateCost prices a planned stack with the price table shipped in the
// program and the stack's usage assumptions.
func EstimateCost(res *inventory.Result, cfg *config.Config) (*cost.Estimate, error) {
	table, err := cost.LoadTable()
	if err != nil {
		return nil, err
	}
	return cost.New(res, cfg, table), nil
}

// WriteTextWithCost writes the text plan followed by its "Cost" and
// "Resilience" sections.
func WriteTextWithCost(w io.Writer, r *inventory.Result, report policy.Report, est *cost.Estimate, rep *resilience.Report) error {
	if err := WriteText(w, r, report); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\nCost\n"); err != nil {
		return err
	}
	if err := cost.WriteText(w, est); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\nResilience\n"); err != nil {
		return err
	}
	return resilience.WriteText(w, rep)
}

// Document is the JSON plan. Its shape is a contract: tools rely on it.
type Document struct {
	Stack     string             `json:"stack"`
	Resources []DocumentResource `json:"resources"`
	Outputs   map[string]any     `json:"outputs"`
}

// DocumentResource is one resource of the JSON plan.
type DocumentResource struct {
	URN          string         `json:"urn"`
	Type         string         `json:"type"`
	Name         string         `json:"name"`
	Parent       string         `json:"parent"`
	Inputs       map[string]any `json:"inputs"`
	Dependencies []string       `json:"dependencies"`
}

// NewDocument converts a run into the JSON plan, secrets redacted.
func NewDocument(r *inventory.Result) Document {
	doc := Document{Stack: r.Stack, Resources: []DocumentResource{}, Outputs: map[string]any{}}
	for _, res := range r.Resources {
		inputs, _ := inventory.Redacted(resource.NewObjectProperty(res.Inputs)).(map[string]any)
		deps := res.Dependencies
		if deps == nil {
			deps = []string{}
		}
		doc.Resources = append(doc.Resources, DocumentResource{
			URN: res.URN, Type: res.Type, Name: res.Name, Parent: res.Parent, Inputs: inputs, Dependencies: deps,
		})
	}
	for name, out := range r.Outputs {
		if out.Secret {
			doc.Outputs[name] = "[secret]"
		} else {
			doc.Outputs[name] = out.Value
		}
	}
	return doc
}

// WriteJSON writes the JSON plan.
func WriteJSON(w io.Writer, r *inventory.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewDocument(r))
}

// WriteText writes the human-readable plan: the resource tree by component,
// counts by type, the stack outputs, the alerts (what is watched, at what
// threshold, who is told) and the policy baseline's verdict.
func WriteText(w io.Writer, r *inventory.Result, report policy.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Offline plan of stack %q (project %s): %d resources, nothing deployed.\n\n", r.Stack, r.Project, len(r.Resources))

	children := map[string][]inventory.Resource{}
	for _, res := range r.Resources {
		children[res.Parent] = append(children[res.Parent], res)
	}
	var roots []inventory.Resource
	for parent, kids := range children {
		if _, ok := r.ByURN(parent); !ok {
			roots = append(roots, kids...)
		}
	}
	sortResources(roots)
	b.WriteString("Resources\n")
	var walk func(res inventory.Resource, depth int)
	walk = func(res inventory.Resource, depth int) {
		marker := ""
		if res.Protect {
			marker = "  [protected]"
		}
		fmt.Fprintf(&b, "%s%s  %s%s\n", strings.Repeat("  ", depth+1), res.Name, res.Type, marker)
		kids := children[res.URN]
		sortResources(kids)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	for _, res := range roots {
		walk(res, 0)
	}

	counts := map[string]int{}
	for _, res := range r.Resources {
		counts[res.Type]++
	}
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	b.WriteString("\nCounts by type\n")
	for _, t := range types {
		fmt.Fprintf(&b, "  %4d  %s\n", counts[t], t)
	}
	fmt.Fprintf(&b, "  %4d  total\n", len(r.Resources))

	b.WriteString("\nStack outputs\n")
	names := make([]string, 0, len(r.Outputs))
	for n := range r.Outputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out := r.Outputs[n]
		value := fmt.Sprint(out.Value)
		if out.Secret {
			value = "[secret]"
		} else if s, ok := out.Value.(string); ok && strings.Contains(s, "\n") {
			value = "\n      " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n      ")
		}
		fmt.Fprintf(&b, "  %s: %s\n", n, value)
	}

	writeAlerts(&b, r)
	writeHooks(&b, r)

	fmt.Fprintf(&b, "\nPolicy baseline: %d rules on %d resources: ", len(report.Rules), report.Checked)
	if report.Passed() {
		b.WriteString("all passed\n")
	} else {
		fmt.Fprintf(&b, "%d violation(s)\n", len(report.Violations))
	}
	fmt.Fprintf(&b, "  %s\n", strings.Join(report.Rules, ", "))
	_, err := io.WriteString(w, b.String())
	return err
}

func sortResources(rs []inventory.Resource) {
	sort.Slice(rs, func(i, j int) bool {
		// Components first, then by name.
		if rs[i].Custom != rs[j].Custom {
			return !rs[i].Custom
		}
		return rs[i].Name < rs[j].Name
	})
}

// writeHooks lists the resource hooks: code a real `up` runs at a point of
// a resource's life (the mock engine runs none).
func writeHooks(b *strings.Builder, r *inventory.Result) {
	var lines []string
	for _, res := range r.Resources {
		for _, point := range slices.Sorted(maps.Keys(res.Hooks)) {
			lines = append(lines, fmt.Sprintf("  %s  %s: %s\n", res.Name, strings.ReplaceAll(point, "_", " "), strings.Join(res.Hooks[point], ", ")))
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	b.WriteString("\nHooks (run by `pulumi up`, not by this plan)\n")
	for _, l := range lines {
		b.WriteString(l)
	}
}
