package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ecommerce-platform/infra/internal/cost"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/policy"
)

const costUsage = "usage: ecommerce cost diff BASE.json HEAD.json   (two `plan --format cost-json` files of one stack)"

// CostMain is `ecommerce cost diff BASE HEAD`: the Markdown of what a change
// does to a stack's estimate, as the pull-request job comments it. A base
// of `{}` is a stack the base does not have.
func CostMain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 3 || args[0] != "diff" {
		fmt.Fprintln(stderr, costUsage)
		return ExitUsage
	}
	var ests [2]*cost.Estimate
	var problems []string
	for i, path := range args[1:] {
		b, err := os.ReadFile(path)
		if err == nil {
			ests[i] = &cost.Estimate{}
			err = json.Unmarshal(b, ests[i])
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("cost diff: %s: %v", path, err))
		}
	}
	if len(problems) == 0 && ests[1].Stack == "" {
		problems = append(problems, fmt.Sprintf("cost diff: %s: not a cost-json estimate (no stack)", args[2]))
	}
	if len(problems) == 0 && ests[0].Stack != "" && ests[0].Stack != ests[1].Stack {
		problems = append(problems, fmt.Sprintf("cost diff: the estimates are of two stacks, %q and %q", ests[0].Stack, ests[1].Stack))
	}
	if len(problems) > 0 {
		fmt.Fprintln(stderr, strings.Join(problems, "\n"))
		return ExitInvalid
	}
	if err := cost.WriteDiffMarkdown(stdout, cost.Diff(ests[0], ests[1])); err != nil {
		fmt.Fprintln(stderr, err)
		return ExitDeployError
	}
	return ExitOK
}

// PolicyMain is `ecommerce policy --preview FILE --stack NAME`: the policy
// baseline on a real preview's JSON. The stack's config says whether the
// prod rules apply. Exit 5 on a violation; a rule that read a value only
// `up` knows is listed as decided at up and fails nothing.
func PolicyMain(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("policy", "usage: ecommerce policy --preview FILE --stack NAME [--dir DIR]", stderr)
	preview := fs.String("preview", "", "the JSON of `pulumi preview --json --show-sames` (required)")
	stack := fs.String("stack", "", "the stack previewed: any NAME with a Pulumi.NAME.yaml (required)")
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var problems []string
	if *preview == "" {
		problems = append(problems, "--preview is required")
	}
	if *stack == "" {
		problems = append(problems, fmt.Sprintf("--stack is required (stacks here: %s)", stackList(*dir)))
	}
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "policy:", p)
		}
		return ExitUsage
	}

	_, cfg, err := loadConfig(*dir, *stack)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return ExitInvalid
	}
	f, err := os.Open(*preview)
	if err != nil {
		fmt.Fprintln(stderr, "policy:", err)
		return ExitInvalid
	}
	defer f.Close()
	res, p, err := inventory.FromPreview(f)
	if err != nil {
		fmt.Fprintf(stderr, "policy: %s: %v\n", *preview, err)
		return ExitInvalid
	}
	if res.Stack != *stack {
		fmt.Fprintf(stderr, "policy: %s is a preview of stack %q, not %q\n", *preview, res.Stack, *stack)
		return ExitInvalid
	}
	report := policy.Check(res, cfg.IsProd())
	if err := writePreviewReport(stdout, res, p, report); err != nil {
		fmt.Fprintln(stderr, err)
		return ExitDeployError
	}
	return verdict(stderr, report)
}

// writePreviewReport says what was judged and how: the steps, the verdict,
// and what stays to be decided at `up`.
func writePreviewReport(w io.Writer, res *inventory.Result, p inventory.Preview, report policy.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Policy baseline on the preview of stack %q: %d resources as `up` would leave them", res.Stack, len(res.Resources))
	var ops []string
	for _, op := range []string{"create", "update", "replace", "same", "delete"} {
		if n := p.Ops[op]; n > 0 {
			ops = append(ops, fmt.Sprintf("%d %s", n, op))
		}
	}
	if len(ops) > 0 {
		fmt.Fprintf(&b, " (steps: %s)", strings.Join(ops, ", "))
	}
	b.WriteString("\n")
	verdict := "all passed"
	if !report.Passed() {
		verdict = fmt.Sprintf("%d violation(s)", len(report.Violations))
	}
	fmt.Fprintf(&b, "  %d rules on %d resources: %s; %d decided at up\n", len(report.Rules), report.Checked, verdict, len(report.Undecided))
	fmt.Fprintf(&b, "  %s\n", strings.Join(report.Rules, ", "))
	for _, v := range report.Undecided {
		fmt.Fprintf(&b, "  - decided at up [%s] %s: %s\n", v.Rule, v.URN, v.Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
