package hooks

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// hookTimeout bounds one hook's calls to Azure.
const hookTimeout = 15 * time.Minute

// Set are the program's hooks, registered once and bound by the layers to
// their resources.
type Set struct {
	az             *Azure
	approve, pause *pulumi.ResourceHook
	refresh        pulumi.ResourceOption // registered once, by RefreshOnUpdate
}

// Register registers the hooks with the engine. A hook's failure is a
// warning, not a failed deploy: the resource it follows was created, and
// the README says how to do the step by hand.
func Register(ctx *pulumi.Context, az *Azure) (*Set, error) {
	warn := &pulumi.ResourceHookOptions{IgnoreErrors: true}
	approve, err := ctx.RegisterResourceHook(ApproveEndpoints, func(args *pulumi.ResourceHookArgs) error {
		target, name, factoryID := str(args.NewInputs, "targetResourceId"), str(args.NewInputs, "name"), str(args.NewInputs, "dataFactoryId")
		if target == "" || name == "" || factoryID == "" {
			return fmt.Errorf("%s: no targetResourceId, name or dataFactoryId input", args.URN)
		}
		c, cancel := context.WithTimeout(context.Background(), hookTimeout)
		defer cancel()
		return az.ApproveEndpoint(c, target, factoryID[strings.LastIndex(factoryID, "/")+1:], name)
	}, warn)
	if err != nil {
		return nil, err
	}
	pause, err := ctx.RegisterResourceHook(PausePool, func(args *pulumi.ResourceHookArgs) error {
		c, cancel := context.WithTimeout(context.Background(), hookTimeout)
		defer cancel()
		return az.PausePool(c, string(args.ID)) // the pool's id is the prefix of its child's
	}, warn)
	if err != nil {
		return nil, err
	}
	return &Set{az: az, approve: approve, pause: pause}, nil
}

func str(m resource.PropertyMap, path string) string {
	v := resource.NewObjectProperty(m)
	for _, part := range strings.Split(path, ".") {
		for v.IsSecret() {
			v = v.SecretValue().Element
		}
		if !v.IsObject() {
			return ""
		}
		v = v.ObjectValue()[resource.PropertyKey(part)]
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// ApproveOnCreate binds the approval to a Data Factory managed private
// endpoint: after it is created its pending connection is approved.
func (s *Set) ApproveOnCreate() pulumi.ResourceOption {
	return pulumi.ResourceHooks(&pulumi.ResourceHookBinding{AfterCreate: []*pulumi.ResourceHook{s.approve}})
}

// PauseOnCreate binds the pause to a resource created with a new dedicated
// SQL pool, under it: the pool is paused once that resource exists.
func (s *Set) PauseOnCreate() pulumi.ResourceOption {
	return pulumi.ResourceHooks(&pulumi.ResourceHookBinding{AfterCreate: []*pulumi.ResourceHook{s.pause}})
}

// RefreshOnUpdate registers the refresh of the sites' Key Vault
// references and returns its binding for the secret they read: after the
// secret changes, each site reads it again (one failing does not stop the
// others). One registration per program: a second call is refused (a hook name registered twice fails in the background, and
// the engine would then drop the bound resource).
func (s *Set) RefreshOnUpdate(ctx *pulumi.Context, siteIDs ...string) (pulumi.ResourceOption, error) {
	if s.refresh != nil {
		return nil, fmt.Errorf("hooks: %s is registered already", RefreshKeyVaultRef)
	}
	refresh, err := ctx.RegisterResourceHook(RefreshKeyVaultRef, func(*pulumi.ResourceHookArgs) error {
		return s.refreshSites(context.Background(), siteIDs)
	}, &pulumi.ResourceHookOptions{IgnoreErrors: true})
	if err != nil {
		return nil, err
	}
	s.refresh = pulumi.ResourceHooks(&pulumi.ResourceHookBinding{AfterUpdate: []*pulumi.ResourceHook{refresh}})
	return s.refresh, nil
}

// refreshSites refreshes every site's Key Vault references, each with a
// deadline of its own and whatever the others' outcome, and reports every
// failure with its site.
func (s *Set) refreshSites(ctx context.Context, siteIDs []string) error {
	var errs []error
	for _, id := range siteIDs {
		c, cancel := context.WithTimeout(ctx, hookTimeout)
		if err := s.az.RefreshKeyVaultReferences(c, id); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", id, err))
		}
		cancel()
	}
	return errors.Join(errs...)
}
