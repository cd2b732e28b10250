// Command ecommerce is the Pulumi program that deploys the e-commerce and
// analytics platform on Azure. Run by the Pulumi CLI it deploys a stack; run
// as `ecommerce plan --stack NAME` it prints the offline plan of that stack
// without touching Azure.
package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/plan"
	"github.com/ecommerce-platform/infra/internal/platform"
)

func main() {
	if code, handled := plan.Dispatch(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	pulumi.Run(program)
}

// program is the Pulumi program: the platform, its outputs exported.
func program(ctx *pulumi.Context) error {
	outputs, err := platform.Run(ctx)
	if err != nil {
		return err
	}
	for name, value := range outputs {
		ctx.Export(name, value)
	}
	return nil
}
