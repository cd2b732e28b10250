package hooks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	azfake "github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/sql/armsql"
	sqlfake "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/sql/armsql/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
	storagefake "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage/fake"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	sub       = "6f1a7c2e-0b9d-4e58-a3c1-2d4b8e9f0a17"
	rg        = "/subscriptions/" + sub + "/resourceGroups/rg-shop-prod"
	sqlServer = rg + "/providers/Microsoft.Sql/servers/sql-shop-prod"
	account   = rg + "/providers/Microsoft.Storage/storageAccounts/stshopprod"
	// What Data Factory names its managed private endpoint on the target:
	// <factory>.<managed private endpoint>, in its managed resource group.
	adfEndpoint = "/subscriptions/" + sub + "/resourceGroups/managed-rg/providers/Microsoft.Network/privateEndpoints/adf-shop-prod.mpe-shop-sql"
)

func azure(transport policy.Transporter) *Azure {
	return &Azure{Credential: &azfake.TokenCredential{}, Options: &arm.ClientOptions{ClientOptions: azcore.ClientOptions{Transport: transport, Retry: policy.RetryOptions{MaxRetries: -1}}}, Attempts: 3, Poll: time.Millisecond}
}

func sqlConn(name, endpoint string, status armsql.PrivateLinkServiceConnectionStateStatus) *armsql.PrivateEndpointConnection {
	return &armsql.PrivateEndpointConnection{Name: to.Ptr(name), Properties: &armsql.PrivateEndpointConnectionProperties{
		PrivateEndpoint:                   &armsql.PrivateEndpointProperty{ID: to.Ptr(endpoint)},
		PrivateLinkServiceConnectionState: &armsql.PrivateLinkServiceConnectionStateProperty{Status: to.Ptr(status)},
	}}
}

// sqlServerFake lists conns, after `late` empty listings, and records the
// approvals.
func sqlServerFake(late int, conns ...*armsql.PrivateEndpointConnection) (*sqlfake.PrivateEndpointConnectionsServer, *[]string) {
	var approved []string
	var mu sync.Mutex
	lists := 0
	return &sqlfake.PrivateEndpointConnectionsServer{
		NewListByServerPager: func(group, server string, _ *armsql.PrivateEndpointConnectionsClientListByServerOptions) (resp azfake.PagerResponder[armsql.PrivateEndpointConnectionsClientListByServerResponse]) {
			mu.Lock()
			defer mu.Unlock()
			page := armsql.PrivateEndpointConnectionListResult{}
			if lists >= late && group == "rg-shop-prod" && server == "sql-shop-prod" {
				page.Value = conns
			}
			lists++
			resp.AddPage(http.StatusOK, armsql.PrivateEndpointConnectionsClientListByServerResponse{PrivateEndpointConnectionListResult: page}, nil)
			return
		},
		BeginCreateOrUpdate: func(_ context.Context, group, server, name string, p armsql.PrivateEndpointConnection, _ *armsql.PrivateEndpointConnectionsClientBeginCreateOrUpdateOptions) (resp azfake.PollerResponder[armsql.PrivateEndpointConnectionsClientCreateOrUpdateResponse], errResp azfake.ErrorResponder) {
			approved = append(approved, group+"/"+server+"/"+name+": "+string(*p.Properties.PrivateLinkServiceConnectionState.Status)+" ("+*p.Properties.PrivateLinkServiceConnectionState.Description+")")
			resp.SetTerminalResponse(http.StatusOK, armsql.PrivateEndpointConnectionsClientCreateOrUpdateResponse{}, nil)
			return
		},
	}, &approved
}

// TestApproveSQLEndpoint: the pending connection from the factory's
// endpoint is approved, once it appears; other connections are left alone;
// an approved one is success without a call.
func TestApproveSQLEndpoint(t *testing.T) {
	srv, approved := sqlServerFake(1,
		sqlConn("someone-else", "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/other", armsql.PrivateLinkServiceConnectionStateStatusPending),
		sqlConn("adf-conn", adfEndpoint, armsql.PrivateLinkServiceConnectionStateStatusPending))
	if err := azure(sqlfake.NewPrivateEndpointConnectionsServerTransport(srv)).ApproveEndpoint(context.Background(), sqlServer, "adf-shop-prod", "mpe-shop-sql"); err != nil {
		t.Fatal(err)
	}
	want := "rg-shop-prod/sql-shop-prod/adf-conn: Approved (Approved by the platform's deployment (Data Factory managed private endpoint))"
	if len(*approved) != 1 || (*approved)[0] != want {
		t.Errorf("approved %q, want [%q]", *approved, want)
	}

	srv, approved = sqlServerFake(0, sqlConn("adf-conn", adfEndpoint, armsql.PrivateLinkServiceConnectionStateStatusApproved))
	if err := azure(sqlfake.NewPrivateEndpointConnectionsServerTransport(srv)).ApproveEndpoint(context.Background(), sqlServer, "ADF-Shop-Prod", "mpe-shop-sql"); err != nil {
		t.Fatal(err)
	}
	if len(*approved) != 0 {
		t.Errorf("an approved connection was approved again: %q", *approved)
	}

	// A connection the owner rejected stays rejected.
	srv, approved = sqlServerFake(0, sqlConn("adf-conn", adfEndpoint, armsql.PrivateLinkServiceConnectionStateStatusRejected))
	err := azure(sqlfake.NewPrivateEndpointConnectionsServerTransport(srv)).ApproveEndpoint(context.Background(), sqlServer, "adf-shop-prod", "mpe-shop-sql")
	if want := "connection adf-conn is Rejected, not Pending: approve it by hand if it should be"; err == nil || err.Error() != want || len(*approved) != 0 {
		t.Errorf("rejected: err %v, approved %q", err, *approved)
	}
}

// TestApproveGivesUp: a connection that never appears is an error that
// says what to do by hand, after the attempts.
func TestApproveGivesUp(t *testing.T) {
	srv, _ := sqlServerFake(99)
	err := azure(sqlfake.NewPrivateEndpointConnectionsServerTransport(srv)).ApproveEndpoint(context.Background(), sqlServer, "adf-shop-prod", "mpe-shop-sql")
	want := sqlServer + " has no private endpoint connection from adf-shop-prod.mpe-shop-sql yet: approve it by hand (az network private-endpoint-connection approve --id <connection id>)"
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %q", err, want)
	}
	if err := azure(nil).ApproveEndpoint(context.Background(), rg+"/providers/Microsoft.KeyVault/vaults/kv", "f", "e"); err == nil ||
		!strings.Contains(err.Error(), "no approval for Microsoft.KeyVault/vaults") {
		t.Errorf("key vault target: %v", err)
	}
}

// TestApproveStorageEndpoint: the same on a storage account, through the
// storage client.
func TestApproveStorageEndpoint(t *testing.T) {
	var approved []string
	conn := func(status armstorage.PrivateEndpointServiceConnectionStatus) *armstorage.PrivateEndpointConnection {
		return &armstorage.PrivateEndpointConnection{Name: to.Ptr("adf-blob"), Properties: &armstorage.PrivateEndpointConnectionProperties{
			PrivateEndpoint:                   &armstorage.PrivateEndpoint{ID: to.Ptr(strings.Replace(adfEndpoint, "mpe-shop-sql", "mpe-staging-blob", 1))},
			PrivateLinkServiceConnectionState: &armstorage.PrivateLinkServiceConnectionState{Status: to.Ptr(status)},
		}}
	}
	for _, status := range []armstorage.PrivateEndpointServiceConnectionStatus{armstorage.PrivateEndpointServiceConnectionStatusPending, armstorage.PrivateEndpointServiceConnectionStatusApproved} {
		srv := &storagefake.PrivateEndpointConnectionsServer{
			NewListPager: func(group, acct string, _ *armstorage.PrivateEndpointConnectionsClientListOptions) (resp azfake.PagerResponder[armstorage.PrivateEndpointConnectionsClientListResponse]) {
				resp.AddPage(http.StatusOK, armstorage.PrivateEndpointConnectionsClientListResponse{PrivateEndpointConnectionListResult: armstorage.PrivateEndpointConnectionListResult{
					Value: []*armstorage.PrivateEndpointConnection{conn(status)},
				}}, nil)
				return
			},
			Put: func(_ context.Context, group, acct, name string, p armstorage.PrivateEndpointConnection, _ *armstorage.PrivateEndpointConnectionsClientPutOptions) (resp azfake.Responder[armstorage.PrivateEndpointConnectionsClientPutResponse], errResp azfake.ErrorResponder) {
				approved = append(approved, group+"/"+acct+"/"+name+": "+string(*p.Properties.PrivateLinkServiceConnectionState.Status))
				resp.SetResponse(http.StatusOK, armstorage.PrivateEndpointConnectionsClientPutResponse{}, nil)
				return
			},
		}
		if err := azure(storagefake.NewPrivateEndpointConnectionsServerTransport(srv)).ApproveEndpoint(context.Background(), account, "adf-shop-prod", "mpe-staging-blob"); err != nil {
			t.Fatal(err)
		}
	}
	if len(approved) != 1 || approved[0] != "rg-shop-prod/stshopprod/adf-blob: Approved" {
		t.Errorf("approved %q", approved)
	}
}

// TestPausePool: an online pool is paused; a paused or pausing one is
// success without a call.
func TestPausePool(t *testing.T) {
	pool := sqlServer + "/databases/sqldw-shop-prod-sales"
	for status, wantPause := range map[armsql.DatabaseStatus]bool{
		armsql.DatabaseStatusOnline: true, armsql.DatabaseStatusPaused: false, armsql.DatabaseStatusPausing: false,
	} {
		var paused []string
		srv := &sqlfake.DatabasesServer{
			Get: func(_ context.Context, group, server, db string, _ *armsql.DatabasesClientGetOptions) (resp azfake.Responder[armsql.DatabasesClientGetResponse], errResp azfake.ErrorResponder) {
				resp.SetResponse(http.StatusOK, armsql.DatabasesClientGetResponse{Database: armsql.Database{Properties: &armsql.DatabaseProperties{Status: to.Ptr(status)}}}, nil)
				return
			},
			BeginPause: func(_ context.Context, group, server, db string, _ *armsql.DatabasesClientBeginPauseOptions) (resp azfake.PollerResponder[armsql.DatabasesClientPauseResponse], errResp azfake.ErrorResponder) {
				paused = append(paused, group+"/"+server+"/"+db)
				resp.SetTerminalResponse(http.StatusOK, armsql.DatabasesClientPauseResponse{}, nil)
				return
			},
		}
		// The hook runs on the pool's TDE setting: the pool is its parent.
		if err := azure(sqlfake.NewDatabasesServerTransport(srv)).PausePool(context.Background(), pool+"/transparentDataEncryption/current"); err != nil {
			t.Fatal(status, err)
		}
		if got := len(paused) == 1 && paused[0] == "rg-shop-prod/sql-shop-prod/sqldw-shop-prod-sales"; got != wantPause {
			t.Errorf("%s: paused %q, want a pause: %v", status, paused, wantPause)
		}
	}
	if err := azure(nil).PausePool(context.Background(), sqlServer); err == nil {
		t.Error("a server id is no pool")
	}
	scaling := &sqlfake.DatabasesServer{Get: func(_ context.Context, _, _, _ string, _ *armsql.DatabasesClientGetOptions) (resp azfake.Responder[armsql.DatabasesClientGetResponse], errResp azfake.ErrorResponder) {
		resp.SetResponse(http.StatusOK, armsql.DatabasesClientGetResponse{Database: armsql.Database{Properties: &armsql.DatabaseProperties{Status: to.Ptr(armsql.DatabaseStatusScaling)}}}, nil)
		return
	}}
	err := azure(sqlfake.NewDatabasesServerTransport(scaling)).PausePool(context.Background(), pool)
	if want := "pool sqldw-shop-prod-sales is Scaling, not Online: pause it by hand once it is"; err == nil || err.Error() != want {
		t.Errorf("scaling: %v", err)
	}
}

// recorder answers every request with status and records it.
type recorder struct {
	status int
	reqs   []string
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.reqs = append(r.reqs, req.Method+" "+req.URL.String()+" "+strings.Fields(req.Header.Get("Authorization") + " none")[0])
	return &http.Response{StatusCode: r.status, Body: http.NoBody, Header: http.Header{}, Request: req}, nil
}

// TestRefreshKeyVaultReferences: the documented POST on the site, and an
// error status reported.
func TestRefreshKeyVaultReferences(t *testing.T) {
	site := rg + "/providers/Microsoft.Web/sites/func-shop-worker-prod"
	rec := &recorder{status: http.StatusOK}
	if err := azure(rec).RefreshKeyVaultReferences(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	want := "POST https://management.azure.com" + site + "/config/configreferences/appsettings/refresh?api-version=2022-03-01 Bearer"
	if len(rec.reqs) != 1 || rec.reqs[0] != want {
		t.Errorf("requests %q, want [%q]", rec.reqs, want)
	}
	if err := azure(&recorder{status: http.StatusNotFound}).RefreshKeyVaultReferences(context.Background(), site); err == nil {
		t.Error("a 404 is no refresh")
	}
}

// TestRefreshEverySite: the primary's and the standby's workers read the
// one secret; a refusal of one does not keep the other from refreshing,
// and both failures are reported.
func TestRefreshEverySite(t *testing.T) {
	primary, standby := rg+"/providers/Microsoft.Web/sites/func-worker-weu", rg+"/providers/Microsoft.Web/sites/func-worker-neu"
	rec := &recorder{status: http.StatusNotFound}
	err := (&Set{az: azure(rec)}).refreshSites(context.Background(), []string{primary, standby})
	if len(rec.reqs) != 2 || !strings.Contains(rec.reqs[0], primary+"/config") || !strings.Contains(rec.reqs[1], standby+"/config") {
		t.Errorf("requests %q, want one per site", rec.reqs)
	}
	if err == nil || !strings.Contains(err.Error(), "func-worker-weu") || !strings.Contains(err.Error(), "func-worker-neu") {
		t.Errorf("error %v, want both sites'", err)
	}
	if err := (&Set{az: azure(&recorder{status: http.StatusOK})}).refreshSites(context.Background(), []string{primary, standby}); err != nil {
		t.Error(err)
	}
}

// TestGitHubToken: the job's OIDC token for Entra's audience; a refusal or
// an empty answer is an error that says so.
func TestGitHubToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Header.Get("Authorization") != "Bearer request-token":
			http.Error(w, "bad request token", http.StatusUnauthorized)
		case r.URL.Query().Get("audience") != "api://AzureADTokenExchange":
			http.Error(w, "wrong audience", http.StatusBadRequest)
		case r.URL.Query().Get("empty") != "":
			_, _ = w.Write([]byte(`{"value": ""}`))
		default:
			_, _ = w.Write([]byte(`{"count": 1, "value": "the-jwt"}`))
		}
	}))
	defer srv.Close()
	if tok, err := githubToken(context.Background(), srv.URL+"/token?api-version=2.0", "request-token"); err != nil || tok != "the-jwt" {
		t.Errorf("token %q, %v", tok, err)
	}
	if _, err := githubToken(context.Background(), srv.URL+"/token?api-version=2.0", "other"); err == nil || !strings.Contains(err.Error(), "status 401: bad request token") {
		t.Errorf("refused: %v", err)
	}
	if _, err := githubToken(context.Background(), srv.URL+"/token?empty=1", "request-token"); err == nil || !strings.Contains(err.Error(), "no token in the response") {
		t.Errorf("empty: %v", err)
	}
}

// TestHookCallbacks: what the engine hands a hook reaches Azure: a managed
// private endpoint's inputs name the target, the factory and the endpoint;
// the pool is found from its TDE setting's id.
func TestHookCallbacks(t *testing.T) {
	srv, approved := sqlServerFake(0, sqlConn("adf-conn", adfEndpoint, armsql.PrivateLinkServiceConnectionStateStatusPending))
	az := azure(sqlfake.NewPrivateEndpointConnectionsServerTransport(srv))
	var set *Set
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		var err error
		set, err = Register(ctx, az)
		return err
	}, pulumi.WithMocks("ecommerce", "prod", noMocks{}))
	if err != nil {
		t.Fatal(err)
	}
	err = set.approve.Callback(&pulumi.ResourceHookArgs{NewInputs: resource.PropertyMap{
		"dataFactoryId":    resource.NewStringProperty(rg + "/providers/Microsoft.DataFactory/factories/adf-shop-prod"),
		"name":             resource.NewStringProperty("mpe-shop-sql"),
		"targetResourceId": resource.NewStringProperty(sqlServer),
		"subresourceName":  resource.NewStringProperty("sqlServer"),
	}})
	if err != nil || len(*approved) != 1 || !strings.HasPrefix((*approved)[0], "rg-shop-prod/sql-shop-prod/adf-conn: Approved") {
		t.Errorf("approve: %v, %q", err, *approved)
	}
	if err := set.approve.Callback(&pulumi.ResourceHookArgs{URN: "urn:x", NewInputs: resource.PropertyMap{}}); err == nil || err.Error() != "urn:x: no targetResourceId, name or dataFactoryId input" {
		t.Errorf("no inputs: %v", err)
	}
	var paused []string
	az.Options.Transport = sqlfake.NewDatabasesServerTransport(&sqlfake.DatabasesServer{
		Get: func(_ context.Context, _, _, _ string, _ *armsql.DatabasesClientGetOptions) (resp azfake.Responder[armsql.DatabasesClientGetResponse], errResp azfake.ErrorResponder) {
			resp.SetResponse(http.StatusOK, armsql.DatabasesClientGetResponse{Database: armsql.Database{Properties: &armsql.DatabaseProperties{Status: to.Ptr(armsql.DatabaseStatusOnline)}}}, nil)
			return
		},
		BeginPause: func(_ context.Context, group, server, db string, _ *armsql.DatabasesClientBeginPauseOptions) (resp azfake.PollerResponder[armsql.DatabasesClientPauseResponse], errResp azfake.ErrorResponder) {
			paused = append(paused, server+"/"+db)
			resp.SetTerminalResponse(http.StatusOK, armsql.DatabasesClientPauseResponse{}, nil)
			return
		},
	})
	if err := set.pause.Callback(&pulumi.ResourceHookArgs{ID: pulumi.ID(sqlServer + "/databases/sqldw-sales/transparentDataEncryption/current")}); err != nil || len(paused) != 1 || paused[0] != "sql-shop-prod/sqldw-sales" {
		t.Errorf("pause: %v, %q", err, paused)
	}
}

// noMocks: the hooks register no resources.
type noMocks struct{}

func (noMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return args.Name, args.Inputs, nil
}
func (noMocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}
