// Package e2e is the orchestration of the end-to-end test on a real
// subscription (tests/e2e): deploy an ephemeral stack, deploy it again and
// expect no change, smoke-test what users reach, and destroy it whatever
// happened. It knows stacks only through Stack, so the order, the cleanup
// and the no-change check are unit-tested with a fake; tests/e2e adapts
// the Automation API to it.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Stack is what the test does with a stack.
type Stack interface {
	// Up deploys the stack and returns the operations it performed, by
	// kind as Pulumi counts them ("create", "update", "same", ...).
	Up(ctx context.Context) (map[string]int, error)
	// Outputs are the stack outputs, as strings.
	Outputs(ctx context.Context) (map[string]string, error)
	// Destroy deletes every resource; Remove deletes the stack itself.
	Destroy(ctx context.Context) error
	Remove(ctx context.Context) error
}

// CleanupTimeout bounds the destroy after a failure or a cancelled run:
// it gets a context of its own, so a timed-out test still cleans up.
var CleanupTimeout = 60 * time.Minute

// Run deploys s twice, smoke-tests its outputs, and destroys and removes
// it even when a step failed or ctx was cancelled. It returns every error,
// the step's first.
func Run(ctx context.Context, s Stack, smoke func(context.Context, map[string]string) error, log io.Writer) (err error) {
	defer func() {
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), CleanupTimeout)
		defer cancel()
		fmt.Fprintln(log, "e2e: destroy")
		if derr := s.Destroy(cleanup); derr != nil {
			err = errors.Join(err, fmt.Errorf("destroy: %w (resources may be left: destroy the stack by hand)", derr))
			return // keep the stack: its state is what a manual destroy needs
		}
		fmt.Fprintln(log, "e2e: remove the stack")
		if rerr := s.Remove(cleanup); rerr != nil {
			err = errors.Join(err, fmt.Errorf("remove stack: %w", rerr))
		}
	}()

	fmt.Fprintln(log, "e2e: up")
	if _, err := s.Up(ctx); err != nil {
		return fmt.Errorf("first up: %w", err)
	}
	fmt.Fprintln(log, "e2e: up again, expecting no change")
	ops, err := s.Up(ctx)
	if err != nil {
		return fmt.Errorf("second up: %w", err)
	}
	if changed := Changes(ops); changed != "" {
		return fmt.Errorf("second up changed what the first deployed (%s): a perpetual diff or an ordering fault", changed)
	}
	outputs, err := s.Outputs(ctx)
	if err != nil {
		return fmt.Errorf("outputs: %w", err)
	}
	fmt.Fprintln(log, "e2e: smoke tests")
	if err := smoke(ctx, outputs); err != nil {
		return fmt.Errorf("smoke: %w", err)
	}
	return nil
}

// Changes lists the operations other than "same", sorted, or "" when none.
func Changes(ops map[string]int) string {
	var out []string
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		if op != "same" && ops[op] > 0 {
			out = append(out, fmt.Sprintf("%s %d", op, ops[op]))
		}
	}
	return strings.Join(out, ", ")
}

// Smoke checks what users reach on a freshly deployed stack: the portal
// answers, its health path answers 200, and the backoffice sends an
// anonymous visitor to Entra sign-in. client must not follow redirects.
func Smoke(ctx context.Context, client *http.Client, outputs map[string]string, healthPath string) error {
	var errs []error
	get := func(u string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		return resp, nil
	}
	portal, backoffice := outputs["portalUrl"], outputs["backofficeUrl"]
	if portal == "" || backoffice == "" {
		return fmt.Errorf("the stack has no portalUrl or backofficeUrl output")
	}
	for _, u := range []string{portal, strings.TrimSuffix(portal, "/") + healthPath} {
		resp, err := get(u)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("portal %s: %w", u, err))
		case resp.StatusCode != http.StatusOK:
			errs = append(errs, fmt.Errorf("portal %s: status %d, want 200", u, resp.StatusCode))
		}
	}
	resp, err := get(backoffice)
	switch {
	case err != nil:
		errs = append(errs, fmt.Errorf("backoffice %s: %w", backoffice, err))
	case resp.StatusCode != http.StatusFound:
		errs = append(errs, fmt.Errorf("backoffice %s: status %d, want 302 to Entra sign-in", backoffice, resp.StatusCode))
	default:
		// Easy Auth sends an anonymous visitor to its own login path first,
		// or straight to Entra's authorize endpoint.
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if loc == nil || (loc.Host != "login.microsoftonline.com" && !strings.HasPrefix(loc.Path, "/.auth/login/aad")) {
			errs = append(errs, fmt.Errorf("backoffice %s: redirects to %q, not to Entra sign-in", backoffice, resp.Header.Get("Location")))
		}
	}
	return errors.Join(errs...)
}

// NoRedirects is the client Smoke needs: it reports redirects instead of
// following them.
func NoRedirects(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
