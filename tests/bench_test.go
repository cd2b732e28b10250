package tests

import (
	"io"
	"testing"

	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/policy"
)

// BenchmarkPlan measures one offline plan of each stack: the mock run of the
// whole program, the policy check and the JSON rendering. Run with
// `make bench` and compare medians; machines here are noisy.
func BenchmarkPlan(b *testing.B) {
	for _, stack := range stacks {
		b.Run(stack, func(b *testing.B) {
			opts, err := plan.LoadStack(repoRoot, stack)
			if err != nil {
				b.Fatal(err)
			}
			prod := opts.Config[opts.Project+":environment"] == "prod"
			b.ReportAllocs()
			for b.Loop() {
				res, err := mockcloud.Run(opts, program)
				if err != nil {
					b.Fatal(err)
				}
				report := policy.Check(res, prod)
				if !report.Passed() {
					b.Fatalf("policy: %v", report.Violations)
				}
				if err := plan.WriteJSON(io.Discard, res); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
