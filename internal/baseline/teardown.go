package baseline

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ecommerce-platform/infra/internal/inventory"
)

// ownDelete are the types inside a component that keep their own delete on
// teardown: they sit on the group itself (its budget, its lock), so the
// group cannot take them along, or must go first. Everything else goes with the group, the
// role assignments and diagnostic settings of its resources too (the
// engine gives a child its parent's deletedWith in any case).
var ownDelete = []string{
	inventory.Budget,
	inventory.ResourceGroupLock,
	// A failover group must go before the geo-secondary in the other
	// group: deleting a database still in a group "can cause unpredictable
	// behavior" (https://learn.microsoft.com/azure/azure-sql/database/failover-group-configure-sql-db).
	inventory.SQLFailoverGroup,
}

// TeardownWith is the component option that lets `pulumi destroy` of an
// unprotected stack delete the resource group in one call instead of its
// children one by one: every custom resource the component creates (its
// children's children too) is DeletedWith the group, so Pulumi skips their
// deletes when the group goes in the same run and ARM deletes them with it.
// group is asked, with each resource's logical name, when it registers, so
// core can pass the group it creates first, and the standby's group for the
// resources it puts there. Protected stacks (prod) keep every delete explicit; Entra
// objects and providers are not in the group and keep theirs.
func (o Options) TeardownWith(group func(resource string) pulumi.Resource) pulumi.ResourceOption {
	if o.ProtectData {
		return pulumi.Composite()
	}
	return pulumi.Transformations([]pulumi.ResourceTransformation{
		func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			g := group(args.Name)
			if _, custom := args.Resource.(pulumi.CustomResource); !custom || g == nil || args.Resource == g ||
				!strings.HasPrefix(args.Type, "azure") || strings.HasPrefix(args.Type, "azuread:") ||
				slices.Contains(ownDelete, args.Type) {
				return nil
			}
			return &pulumi.ResourceTransformationResult{Props: args.Props, Opts: append(slices.Clip(args.Opts), pulumi.DeletedWith(g))}
		},
	})
}
