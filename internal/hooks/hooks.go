// Package hooks are the resource hooks that do, during a real `pulumi up`,
// the first-deploy steps that once were manual and are safe to automate:
//   - approve Data Factory's managed private endpoints on their targets (the
//     SQL servers and the staging storage account), which Data Factory names
//     itself, so no resource here can own the approval;
//   - pause a new dedicated SQL pool right after its creation, so it does not
//     bill until its first load;
//   - after the e-mail key secret changes, refresh the worker's Key Vault
//     references, so it does not run on the old key for up to a day.
//
// Each hook calls Azure with the deployer's identity through the Azure SDK
// for Go, and is idempotent: what is already approved or paused is success.
// Hooks run only in a real `up` (not in previews, not under the mock engine);
// the offline plan lists which resources carry which hook.
package hooks

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/sql/armsql"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
)

// Hook names, as the plan lists them.
const (
	ApproveEndpoints   = "approve-data-factory-endpoints"
	PausePool          = "pause-new-sql-pool"
	RefreshKeyVaultRef = "refresh-worker-key-vault-references"
)

// Azure is what the hooks call Azure with. Hooks run concurrently: it is
// safe for concurrent use.
type Azure struct {
	// Credential is the deployer's identity; nil: Credential() on first use.
	Credential azcore.TokenCredential
	once       sync.Once
	credErr    error
	// Options of every client; tests give them a fake transport.
	Options *arm.ClientOptions
	// Wait and Attempts bound the wait for a managed private endpoint's
	// connection to appear on its target after Data Factory creates it.
	Wait     time.Duration
	Attempts int
	// Poll is how often a long-running operation is polled; 0: the SDK's.
	Poll time.Duration
}

func (a *Azure) poll() *runtime.PollUntilDoneOptions {
	return &runtime.PollUntilDoneOptions{Frequency: a.Poll}
}

func (a *Azure) cred() (azcore.TokenCredential, error) {
	a.once.Do(func() {
		if a.Credential == nil {
			a.Credential, a.credErr = Credential()
		}
	})
	return a.Credential, a.credErr
}

// Credential is the identity the providers deploy with: in GitHub Actions
// with ARM_USE_OIDC, the workflow's OIDC token exchanged for the
// ARM_CLIENT_ID app (as azurerm and azure-native do); otherwise the Azure
// SDK's default chain (environment, workload identity, managed identity,
// `az login`).
func Credential() (azcore.TokenCredential, error) {
	url, token := os.Getenv("ACTIONS_ID_TOKEN_REQUEST_URL"), os.Getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
	if os.Getenv("ARM_USE_OIDC") == "true" && url != "" && token != "" {
		return azidentity.NewClientAssertionCredential(os.Getenv("ARM_TENANT_ID"), os.Getenv("ARM_CLIENT_ID"),
			func(ctx context.Context) (string, error) { return githubToken(ctx, url, token) }, nil)
	}
	return azidentity.NewDefaultAzureCredential(nil)
}

// githubToken asks GitHub for the job's OIDC token with the audience Entra
// expects of federated credentials.
// https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-cloud-providers
func githubToken(ctx context.Context, url, bearer string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"&audience=api://AzureADTokenExchange", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return "", fmt.Errorf("GitHub OIDC token: status %d: %s", resp.StatusCode, msg)
	}
	var body struct {
		Value string `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Value == "" {
		return "", fmt.Errorf("GitHub OIDC token: no token in the response (%v)", err)
	}
	return body.Value, nil
}

// ApproveEndpoint approves, on targetID (a SQL server or a storage
// account), the pending private endpoint connection of the Data Factory
// managed private endpoint endpointName of factory. Data Factory names the
// endpoint "<factory>.<managed private endpoint>"; the connection appears
// shortly after the managed endpoint is created, so it is awaited.
func (a *Azure) ApproveEndpoint(ctx context.Context, targetID, factory, endpointName string) error {
	target, err := arm.ParseResourceID(targetID)
	if err != nil {
		return fmt.Errorf("target %q: %w", targetID, err)
	}
	cred, err := a.cred()
	if err != nil {
		return err
	}
	want := factory + "." + endpointName
	var conns connections
	switch strings.ToLower(target.ResourceType.String()) {
	case "microsoft.sql/servers":
		conns, err = sqlConnections(target, cred, a)
	case "microsoft.storage/storageaccounts":
		conns, err = storageConnections(target, cred, a)
	default:
		return fmt.Errorf("target %s: no approval for %s", targetID, target.ResourceType)
	}
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		found, err := approveFrom(ctx, conns, want)
		if err != nil || found {
			return err
		}
		if attempt+1 >= max(a.Attempts, 1) {
			return fmt.Errorf("%s has no private endpoint connection from %s yet: approve it by hand (az network private-endpoint-connection approve --id <connection id>)", targetID, want)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(a.Wait):
		}
	}
}

// connections are a target's private endpoint connections, as each
// resource provider's SDK lists and approves them.
type connections interface {
	list(ctx context.Context) ([]connection, error)
	approve(ctx context.Context, name string) error
}

// connection is one private endpoint connection: its name, its endpoint's
// id and its state (ARM's privateLinkServiceConnectionState.status, spelt
// Pending, Approved, Rejected or Disconnected by both providers).
type connection struct {
	name, endpointID, state string
}

// approveFrom approves the connection from the named endpoint when it is
// pending; found reports whether the target has it yet.
func approveFrom(ctx context.Context, c connections, endpoint string) (found bool, err error) {
	conns, err := c.list(ctx)
	if err != nil {
		return false, err
	}
	for _, conn := range conns {
		if !fromEndpoint(conn.endpointID, endpoint) {
			continue
		}
		switch conn.state {
		case "Approved":
			return true, nil
		case "Pending":
			return true, c.approve(ctx, conn.name)
		default:
			return true, errNotPending(conn.name, conn.state)
		}
	}
	return false, nil
}

const approvedBy = "Approved by the platform's deployment (Data Factory managed private endpoint)"

// fromEndpoint reports whether a private endpoint id is Data Factory's
// endpoint want ("<factory>.<managed private endpoint>"). Data Factory
// names it so, but its documentation does not promise the case: compared
// case-insensitively.
func fromEndpoint(id, want string) bool {
	return id != "" && strings.EqualFold(id[strings.LastIndex(id, "/")+1:], want)
}

// errNotPending is a connection the target's owner already decided
// against: approving it is a person's call, not the deployment's.
func errNotPending(name, status string) error {
	return fmt.Errorf("connection %s is %s, not Pending: approve it by hand if it should be", name, status)
}

type sqlConns struct {
	c              *armsql.PrivateEndpointConnectionsClient
	group, account string
	poll           *runtime.PollUntilDoneOptions
}

func sqlConnections(t *arm.ResourceID, cred azcore.TokenCredential, a *Azure) (connections, error) {
	c, err := armsql.NewPrivateEndpointConnectionsClient(t.SubscriptionID, cred, a.Options)
	return sqlConns{c, t.ResourceGroupName, t.Name, a.poll()}, err
}

func (s sqlConns) list(ctx context.Context) ([]connection, error) {
	var out []connection
	pager := s.c.NewListByServerPager(s.group, s.account, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Value {
			if p := c.Properties; p != nil && p.PrivateEndpoint != nil && p.PrivateEndpoint.ID != nil {
				conn := connection{name: *c.Name, endpointID: *p.PrivateEndpoint.ID}
				if st := p.PrivateLinkServiceConnectionState; st != nil && st.Status != nil {
					conn.state = string(*st.Status)
				}
				out = append(out, conn)
			}
		}
	}
	return out, nil
}

func (s sqlConns) approve(ctx context.Context, name string) error {
	status, desc := armsql.PrivateLinkServiceConnectionStateStatusApproved, approvedBy
	poller, err := s.c.BeginCreateOrUpdate(ctx, s.group, s.account, name, armsql.PrivateEndpointConnection{
		Properties: &armsql.PrivateEndpointConnectionProperties{
			PrivateLinkServiceConnectionState: &armsql.PrivateLinkServiceConnectionStateProperty{Status: &status, Description: &desc},
		},
	}, nil)
	if err == nil {
		_, err = poller.PollUntilDone(ctx, s.poll)
	}
	return err
}

type storageConns struct {
	c              *armstorage.PrivateEndpointConnectionsClient
	group, account string
}

func storageConnections(t *arm.ResourceID, cred azcore.TokenCredential, a *Azure) (connections, error) {
	c, err := armstorage.NewPrivateEndpointConnectionsClient(t.SubscriptionID, cred, a.Options)
	return storageConns{c, t.ResourceGroupName, t.Name}, err
}

func (s storageConns) list(ctx context.Context) ([]connection, error) {
	var out []connection
	pager := s.c.NewListPager(s.group, s.account, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Value {
			if p := c.Properties; p != nil && p.PrivateEndpoint != nil && p.PrivateEndpoint.ID != nil {
				conn := connection{name: *c.Name, endpointID: *p.PrivateEndpoint.ID}
				if st := p.PrivateLinkServiceConnectionState; st != nil && st.Status != nil {
					conn.state = string(*st.Status)
				}
				out = append(out, conn)
			}
		}
	}
	return out, nil
}

func (s storageConns) approve(ctx context.Context, name string) error {
	status, desc := armstorage.PrivateEndpointServiceConnectionStatusApproved, approvedBy
	_, err := s.c.Put(ctx, s.group, s.account, name, armstorage.PrivateEndpointConnection{
		Properties: &armstorage.PrivateEndpointConnectionProperties{
			PrivateLinkServiceConnectionState: &armstorage.PrivateLinkServiceConnectionState{Status: &status, Description: &desc},
		},
	}, nil)
	return err
}

// PausePool pauses the dedicated SQL pool of resourceID (the pool, or a
// resource under it) unless it is paused or pausing already.
func (a *Azure) PausePool(ctx context.Context, resourceID string) error {
	id, err := arm.ParseResourceID(resourceID)
	for err == nil && id != nil && !strings.EqualFold(id.ResourceType.String(), "Microsoft.Sql/servers/databases") {
		id = id.Parent
	}
	if err != nil || id == nil || id.Parent == nil {
		return fmt.Errorf("%q is not a database or under one: %v", resourceID, err)
	}
	cred, err := a.cred()
	if err != nil {
		return err
	}
	c, err := armsql.NewDatabasesClient(id.SubscriptionID, cred, a.Options)
	if err != nil {
		return err
	}
	db, err := c.Get(ctx, id.ResourceGroupName, id.Parent.Name, id.Name, nil)
	if err != nil {
		return err
	}
	if p := db.Properties; p != nil && p.Status != nil {
		switch *p.Status {
		case armsql.DatabaseStatusPaused, armsql.DatabaseStatusPausing:
			return nil
		case armsql.DatabaseStatusOnline:
		default:
			return fmt.Errorf("pool %s is %s, not Online: pause it by hand once it is", id.Name, *p.Status)
		}
	}
	poller, err := c.BeginPause(ctx, id.ResourceGroupName, id.Parent.Name, id.Name, nil)
	if err != nil {
		return err
	}
	_, err = poller.PollUntilDone(ctx, a.poll())
	return err
}

// RefreshKeyVaultReferences asks App Service to read the Key Vault
// references of siteID's app settings again now, instead of within 24
// hours. The endpoint has no typed method in the SDK; it is the one the
// Key Vault references article documents:
// https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#rotation
func (a *Azure) RefreshKeyVaultReferences(ctx context.Context, siteID string) error {
	cred, err := a.cred()
	if err != nil {
		return err
	}
	c, err := arm.NewClient("ecommerce-hooks", "v1.0.0", cred, a.Options)
	if err != nil {
		return err
	}
	req, err := runtime.NewRequest(ctx, http.MethodPost, runtime.JoinPaths(c.Endpoint(), siteID, "/config/configreferences/appsettings/refresh"))
	if err != nil {
		return err
	}
	q := req.Raw().URL.Query()
	q.Set("api-version", "2022-03-01")
	req.Raw().URL.RawQuery = q.Encode()
	resp, err := c.Pipeline().Do(req)
	if err != nil {
		return err
	}
	if !runtime.HasStatusCode(resp, http.StatusOK, http.StatusAccepted, http.StatusNoContent) {
		return runtime.NewResponseError(resp)
	}
	return nil
}
