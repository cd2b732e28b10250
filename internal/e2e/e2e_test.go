package e2e

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeStack records the calls the test makes, answers each up with the
// next summary, and fails the named step.
type fakeStack struct {
	calls   []string
	ups     []map[string]int
	failOn  string
	ctxDone []bool // whether each call's context was already cancelled
}

func (f *fakeStack) call(ctx context.Context, name string) error {
	f.calls = append(f.calls, name)
	f.ctxDone = append(f.ctxDone, ctx.Err() != nil)
	if f.failOn == name {
		return errors.New(name + " failed")
	}
	return nil
}

func (f *fakeStack) Up(ctx context.Context) (map[string]int, error) {
	n := strings.Count(strings.Join(f.calls, " "), "up")
	if err := f.call(ctx, []string{"up", "up2"}[min(n, 1)]); err != nil {
		return nil, err
	}
	return f.ups[min(n, len(f.ups)-1)], nil
}

func (f *fakeStack) Outputs(ctx context.Context) (map[string]string, error) {
	return map[string]string{"portalUrl": "https://p"}, f.call(ctx, "outputs")
}
func (f *fakeStack) Destroy(ctx context.Context) error { return f.call(ctx, "destroy") }
func (f *fakeStack) Remove(ctx context.Context) error  { return f.call(ctx, "remove") }

var (
	created  = map[string]int{"create": 150}
	noChange = map[string]int{"same": 150}
)

func run(t *testing.T, ctx context.Context, f *fakeStack, smokeErr error) ([]string, error) {
	t.Helper()
	var smoked map[string]string
	var log bytes.Buffer
	err := Run(ctx, f, func(_ context.Context, out map[string]string) error {
		f.calls = append(f.calls, "smoke")
		smoked = out
		return smokeErr
	}, &log)
	if strings.Contains(strings.Join(f.calls, " "), "smoke") && smoked["portalUrl"] != "https://p" {
		t.Errorf("smoke got outputs %v", smoked)
	}
	return f.calls, err
}

func TestRunOrder(t *testing.T) {
	calls, err := run(t, context.Background(), &fakeStack{ups: []map[string]int{created, noChange}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(calls, " "); got != "up up2 outputs smoke destroy remove" {
		t.Errorf("calls %q", got)
	}
}

// TestRunNoChangeCheck: a second up that changes anything fails the run,
// naming the operations, and the stack is still destroyed.
func TestRunNoChangeCheck(t *testing.T) {
	calls, err := run(t, context.Background(), &fakeStack{ups: []map[string]int{created, {"same": 148, "update": 2, "replace": 0}}}, nil)
	want := "second up changed what the first deployed (update 2): a perpetual diff or an ordering fault"
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %q", err, want)
	}
	if got := strings.Join(calls, " "); got != "up up2 destroy remove" {
		t.Errorf("calls %q", got)
	}
	if got := Changes(map[string]int{"update": 1, "create": 2, "same": 9, "delete": 0}); got != "create 2, update 1" {
		t.Errorf("Changes %q", got)
	}
}

// TestRunCleansUpOnFailure: whichever step fails, destroy and remove run
// after it; a failed destroy keeps the stack (its state is what a manual
// destroy needs) and both errors are returned.
func TestRunCleansUpOnFailure(t *testing.T) {
	for step, want := range map[string]string{
		"up":      "up destroy remove",
		"up2":     "up up2 destroy remove",
		"outputs": "up up2 outputs destroy remove",
		"smoke":   "up up2 outputs smoke destroy remove",
		"destroy": "up up2 outputs smoke destroy",
	} {
		f := &fakeStack{ups: []map[string]int{created, noChange}, failOn: step}
		var smokeErr error
		if step == "smoke" {
			smokeErr, f.failOn = errors.New("portal: status 503"), ""
		}
		calls, err := run(t, context.Background(), f, smokeErr)
		if got := strings.Join(calls, " "); got != want {
			t.Errorf("%s fails: calls %q, want %q", step, got, want)
		}
		if err == nil {
			t.Errorf("%s fails: no error", step)
		}
		if step == "destroy" && !strings.Contains(err.Error(), "destroy: destroy failed (resources may be left: destroy the stack by hand)") {
			t.Errorf("destroy fails: %v", err)
		}
	}
	_, err := run(t, context.Background(), &fakeStack{ups: []map[string]int{created}, failOn: "up"}, nil)
	if err.Error() != "first up: up failed" {
		t.Errorf("err %q", err)
	}
}

// TestRunCleansUpAfterCancel: a cancelled run (a test timeout) still
// destroys, with a context of its own.
func TestRunCleansUpAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeStack{ups: []map[string]int{created, noChange}}
	_ = Run(ctx, f, func(context.Context, map[string]string) error { cancel(); return context.Canceled }, &bytes.Buffer{})
	if got := strings.Join(f.calls, " "); got != "up up2 outputs destroy remove" {
		t.Fatalf("calls %q", got)
	}
	if done := f.ctxDone[len(f.ctxDone)-2]; done {
		t.Error("destroy ran with the cancelled context")
	}
}

// TestSmoke: the portal and its health path answer 200; the backoffice
// sends an anonymous visitor to sign-in; anything else is reported, all
// at once.
func TestSmoke(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch r.Host + r.URL.Path {
		case "portal.test/", "portal.test/healthz":
			w.WriteHeader(http.StatusOK)
		case "backoffice.test/":
			http.Redirect(w, r, "/.auth/login/aad?post_login_redirect_uri=/", http.StatusFound)
		case "open.test/":
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := NoRedirects(5 * time.Second)
	client.Transport = hostTransport{srv.URL}

	ok := map[string]string{"portalUrl": "http://portal.test", "backofficeUrl": "http://backoffice.test"}
	if err := Smoke(context.Background(), client, ok, "/healthz"); err != nil {
		t.Errorf("healthy stack: %v", err)
	}
	bad := map[string]string{"portalUrl": "http://portal.test", "backofficeUrl": "http://open.test"}
	err := Smoke(context.Background(), client, bad, "/ready")
	want := "portal http://portal.test/ready: status 404, want 200\nbackoffice http://open.test: status 200, want 302 to Entra sign-in"
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %q", err, want)
	}
	if err := Smoke(context.Background(), client, map[string]string{}, "/healthz"); err == nil {
		t.Error("no outputs: no error")
	}
}

// hostTransport sends every request to the test server, keeping its Host.
type hostTransport struct{ target string }

func (h hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host = "http", strings.TrimPrefix(h.target, "http://")
	r2.Host = r.URL.Host
	return http.DefaultTransport.RoundTrip(r2)
}
