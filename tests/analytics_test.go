package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecommerce-platform/infra/analytics"
	"github.com/ecommerce-platform/infra/core"
	"github.com/ecommerce-platform/infra/internal/baseline"
	"github.com/ecommerce-platform/infra/internal/config"
	"github.com/ecommerce-platform/infra/internal/inventory"
	"github.com/ecommerce-platform/infra/internal/mockcloud"
	"github.com/ecommerce-platform/infra/internal/sqlgrants"
)

// fakeShopDatabase is core's transactional database by hand.
func fakeShopDatabase() analytics.ShopDatabase {
	return analytics.ShopDatabase{ServerID: pulumi.String(fakeShopServerID), Host: pulumi.String(fakeShopFQDN), ExtractHost: pulumi.String(fakeShopReadOnlyHost), Name: pulumi.String(core.DatabaseName)}
}

// runAnalytics runs the analytics layer alone on a hand-made core; the
// stack's config decides sizes, schedule and whether there is a private
// network.
func runAnalytics(t *testing.T, stack string, overrides map[string]string) (*inventory.Result, *config.Config) {
	t.Helper()
	cfg := stackConfig(t, stack, overrides)
	res, err := mockcloud.Run(stackOptions(t, stack, overrides), func(ctx *pulumi.Context) (pulumi.Map, error) {
		a, err := analytics.New(ctx, "analytics", analytics.Args{
			Options:     layerOptions(cfg),
			Names:       cfg.Names,
			Config:      cfg.Analytics,
			Foundation:  fakeFoundation(cfg),
			Shop:        fakeShopDatabase(),
			SQLAdmin:    fakeSQLAdmin(),
			Alerts:      cfg.Alerts,
			SQLDefender: cfg.SQL.Defender,
		})
		if err != nil {
			return nil, err
		}
		outputs := a.Outputs()
		outputs["grants"] = sqlgrants.Script(a.Grants)
		return outputs, nil
	})
	require.NoError(t, err)
	return res, cfg
}

// adfActivity is a pipeline activity as the Data Factory REST API takes it,
// as the tests read it back.
type adfActivity struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	DependsOn []struct {
		Activity   string   `json:"activity"`
		Conditions []string `json:"dependencyConditions"`
	} `json:"dependsOn"`
	LinkedServiceName *struct {
		ReferenceName string `json:"referenceName"`
	} `json:"linkedServiceName"`
	Inputs         []map[string]any `json:"inputs"`
	Outputs        []map[string]any `json:"outputs"`
	TypeProperties map[string]any   `json:"typeProperties"`
}

// dependencies renders an activity's dependencies as "activity:cond|cond", sorted.
func (a adfActivity) dependencies() []string {
	var out []string
	for _, d := range a.DependsOn {
		out = append(out, d.Activity+":"+strings.Join(d.Conditions, "|"))
	}
	sort.Strings(out)
	return out
}

// adfEntities returns the factory's entities of an ARM resource type
// ("linkedservices", "datasets", "pipelines") by entity name.
func adfEntities(t *testing.T, res *inventory.Result, kind string) map[string]inventory.Resource {
	t.Helper()
	out := map[string]inventory.Resource{}
	for _, r := range res.ByType(inventory.GenericResource) {
		if r.Input("resourceProviderNamespace") == "Microsoft.DataFactory" && r.Input("resourceType") == kind {
			out[r.Input("resourceName").(string)] = r
		}
	}
	return out
}

// adfBody is an entity's properties: the REST body ARM receives.
func adfBody(t *testing.T, r inventory.Resource) map[string]any {
	t.Helper()
	props, ok := r.Input("properties").(map[string]any)
	require.Truef(t, ok, "%s: properties is not an object", r.Name)
	return props
}

// pipelineActivities parses the ETL pipeline's activities.
func pipelineActivities(t *testing.T, res *inventory.Result) map[string]adfActivity {
	t.Helper()
	raw, err := json.Marshal(adfBody(t, one(t, res, inventory.GenericResource, "-adf-pipeline"))["activities"])
	require.NoError(t, err)
	var list []adfActivity
	require.NoError(t, json.Unmarshal(raw, &list), "activities are not a list of activities")
	byName := map[string]adfActivity{}
	for _, a := range list {
		_, dup := byName[a.Name]
		require.Falsef(t, dup, "two activities named %s", a.Name)
		byName[a.Name] = a
	}
	return byName
}

// dig returns the value at a dotted path of nested JSON objects.
func dig(v any, path string) any {
	for _, key := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

// entities are the sales model's tables, as the pipeline must load them.
var entities = []string{"customers", "products", "orders", "order_lines"}

var copyNames = map[string]string{
	"customers": "CopyCustomers", "products": "CopyProducts", "orders": "CopyOrders", "order_lines": "CopyOrderLines",
}

// TestAnalyticsWarehousePool: the warehouse is a pool of warehouseSku on
// the warehouse server, encrypted, administered by auth's SQL admin group.
// Without a private network the server admits Azure services and the
// factory uses public endpoints; with one, the server has a private
// endpoint and the factory runs its copies in a managed VNet with managed
// private endpoints to the shop database, the warehouse and staging, and
// takes no public traffic. Each stack's size is the promise table's;
// protection, Entra-only and TLS the block's and the policy's.
func TestAnalyticsWarehousePool(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res, cfg := runAnalytics(t, stack, map[string]string{"warehouseSku": "DW1000c"})
			server := one(t, res, inventory.SQLServer, "-sqldw")
			pool := one(t, res, inventory.SQLDatabase, "-sqldw-pool")
			assert.Equal(t, "DW1000c", pool.Input("sku.name"))
			assert.Equal(t, server.Output("name"), pool.Input("serverName"))
			assert.Equal(t, pool.Output("name"), one(t, res, inventory.TransparentDataEncryption, "-sqldw-tde").Input("databaseName"))
			hasInputs(t, server, map[string]any{"administrators.login": fakeAdminName, "administrators.sid": fakeAdminObjectID})

			factory, private := one(t, res, inventory.DataFactory, "-adf"), cfg.Network.Private
			hasInputs(t, factory, map[string]any{"publicNetworkEnabled": !private, "managedVirtualNetworkEnabled": private})
			targets := map[string]string{}
			for _, mpe := range res.ByType(inventory.ManagedPrivateEndpoint) {
				targets[mpe.Input("targetResourceId").(string)] = mpe.Input("subresourceName").(string)
			}
			firewall := res.Find(inventory.FirewallRule, "-sqldw-allow-azure")
			endpoints := res.Find(inventory.PrivateEndpoint, "-sqldw-pep")
			if !private {
				assert.Len(t, firewall, 1)
				assert.Empty(t, endpoints)
				assert.Empty(t, targets)
				return
			}
			assert.Empty(t, firewall)
			require.Len(t, endpoints, 1)
			assert.Equal(t, server.ID, dig(toAny(endpoints[0].Input("privateLinkServiceConnections"))[0], "privateLinkServiceId"), "private endpoint targets the warehouse server")
			assert.Equal(t, fakeEndpointSubnet, endpoints[0].Input("subnet.id"))
			zone := one(t, res, inventory.PrivateDnsZoneGroup, "-sqldw-pep")
			assert.Equal(t, fakeZoneID("sqlServer"), dig(toAny(zone.Input("privateDnsZoneConfigs"))[0], "privateDnsZoneId"))
			hasInputs(t, one(t, res, inventory.IntegrationRuntimeRule, "-adf-ir"), map[string]any{"virtualNetworkEnabled": true, "dataFactoryId": factory.ID})
			assert.Equal(t, map[string]string{
				fakeShopServerID: "sqlServer", server.ID: "sqlServer",
				one(t, res, inventory.StorageAccount, "analytics-st").ID: "blob",
			}, targets)
		})
	}
}

// TestAnalyticsLinkedServiceBodies: each linked service is sent as the
// exact REST body of the Data Factory reference, in the connectors'
// recommended form signed in by the factory's system-assigned identity:
// no password, key or connection string. Pinned against
//   - https://learn.microsoft.com/rest/api/datafactory/linked-services/create-or-update?view=rest-datafactory-2018-06-01
//     (properties: type, description, connectVia {referenceName, type:
//     IntegrationRuntimeReference}, typeProperties);
//   - https://learn.microsoft.com/azure/data-factory/connector-azure-sql-database
//     and .../connector-azure-sql-data-warehouse, recommended version,
//     "System-assigned managed identity authentication" (server, database,
//     encrypt mandatory|optional|strict, trustServerCertificate,
//     authenticationType SystemAssignedManagedIdentity);
//   - https://learn.microsoft.com/azure/data-factory/connector-azure-blob-storage,
//     "System-assigned managed identity authentication" (serviceEndpoint,
//     accountKind).
//
// Whether ADF accepts them only a deployment shows.
func TestAnalyticsLinkedServiceBodies(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			cfg := stackConfig(t, stack, nil)
			endpoint := strings.SplitN(res.Outputs["warehouseEndpoint"].Value.(string), "/", 2)
			require.Len(t, endpoint, 2, "warehouseEndpoint is <server>/<database>")
			blob, _ := one(t, res, inventory.StorageAccount, "analytics-st").Output("primaryEndpoints.blob").(string)
			require.NotEmpty(t, blob)

			connect := func(body map[string]any) map[string]any {
				if cfg.Network.Private {
					body["connectVia"] = map[string]any{"referenceName": "managed-vnet-ir", "type": "IntegrationRuntimeReference"}
				}
				return body
			}
			want := map[string]map[string]any{
				"ShopSqlDatabase": connect(map[string]any{
					"type":        "AzureSqlDatabase",
					"description": "The transactional shop database (read only).",
					"typeProperties": map[string]any{
						"server": res.Outputs["sqlReadOnlyHost"].Value, "database": res.Outputs["sqlDatabase"].Value,
						"encrypt": "mandatory", "trustServerCertificate": false,
						"authenticationType": "SystemAssignedManagedIdentity",
					},
				}),
				"SalesWarehousePool": connect(map[string]any{
					"type":        "AzureSqlDW",
					"description": "The sales warehouse (dedicated SQL pool).",
					"typeProperties": map[string]any{
						"server": endpoint[0], "database": endpoint[1],
						"encrypt": "mandatory", "trustServerCertificate": false,
						"authenticationType": "SystemAssignedManagedIdentity",
					},
				}),
				"EtlStagingBlob": connect(map[string]any{
					"type":           "AzureBlobStorage",
					"description":    "Interim storage of the staged copies into the warehouse.",
					"typeProperties": map[string]any{"serviceEndpoint": blob, "accountKind": "StorageV2"},
				}),
			}
			got := map[string]map[string]any{}
			for name, ls := range adfEntities(t, res, "linkedservices") {
				got[name] = adfBody(t, ls)
				assert.Equalf(t, "factories/"+res.Outputs["dataFactoryName"].Value.(string), ls.Input("parentResourcePath"), "%s lives in the factory", name)
			}
			assert.Equal(t, want, got, "exactly these linked services, with exactly these bodies")
		})
	}
}

// TestAnalyticsDatasetBodies: every dataset names its linked service by a
// LinkedServiceReference and, for tables, schema and table
// (https://learn.microsoft.com/rest/api/datafactory/datasets/create-or-update?view=rest-datafactory-2018-06-01;
// AzureSqlTable in connector-azure-sql-database, AzureSqlDWTable in
// connector-azure-sql-data-warehouse, "Dataset properties").
func TestAnalyticsDatasetBodies(t *testing.T) {
	res := stackPlan(t, "dev")
	table := func(kind, service, schema, name string) map[string]any {
		body := map[string]any{
			"type":              kind,
			"linkedServiceName": map[string]any{"referenceName": service, "type": "LinkedServiceReference"},
			"folder":            map[string]any{"name": "sales"},
		}
		if name != "" {
			body["typeProperties"] = map[string]any{"schema": schema, "table": name}
		}
		return body
	}
	want := map[string]map[string]any{
		"ShopSqlQuery":       table("AzureSqlTable", "ShopSqlDatabase", "", ""),
		"EtlWatermarkTable":  table("AzureSqlDWTable", "SalesWarehousePool", "etl", "watermark"),
		"StgCustomersTable":  table("AzureSqlDWTable", "SalesWarehousePool", "stg", "customers"),
		"StgProductsTable":   table("AzureSqlDWTable", "SalesWarehousePool", "stg", "products"),
		"StgOrdersTable":     table("AzureSqlDWTable", "SalesWarehousePool", "stg", "orders"),
		"StgOrderLinesTable": table("AzureSqlDWTable", "SalesWarehousePool", "stg", "order_lines"),
	}
	services := adfEntities(t, res, "linkedservices")
	got := map[string]map[string]any{}
	for name, ds := range adfEntities(t, res, "datasets") {
		got[name] = adfBody(t, ds)
		// ADF refuses a dataset whose linked service does not exist yet.
		service := dig(got[name], "linkedServiceName.referenceName").(string)
		require.Containsf(t, services, service, "%s names an existing linked service", name)
		assert.Containsf(t, ds.Dependencies, services[service].URN, "%s waits for %s", name, service)
	}
	assert.Equal(t, want, got)
}

// TestAnalyticsPipelineBody: the pipeline's own properties and the Web
// activities' authentication, as the REST reference spells them
// (https://learn.microsoft.com/rest/api/datafactory/pipelines/create-or-update?view=rest-datafactory-2018-06-01;
// Web activity: https://learn.microsoft.com/azure/data-factory/control-flow-web-activity,
// authentication {"type": "MSI", "resource": ...}). No value anywhere in
// the body is null: the classic provider's "password": null, "pfx": null
// is gone, and a field not sent is left out. turnOffAsync stays: see
// TestAnalyticsPipelineActivities.
func TestAnalyticsPipelineBody(t *testing.T) {
	res := stackPlan(t, "dev")
	p := one(t, res, inventory.GenericResource, "-adf-pipeline")
	assert.Equal(t, "Microsoft.DataFactory", p.Input("resourceProviderNamespace"))
	assert.Equal(t, "pipelines", p.Input("resourceType"))
	assert.Equal(t, "LoadSalesModelChanges", p.Input("resourceName"))
	body := adfBody(t, p)
	assert.Equal(t, 1.0, body["concurrency"], "one run at a time")
	assert.Equal(t, map[string]any{"warehouseStatus": map[string]any{"type": "String", "defaultValue": ""}}, body["variables"])
	assert.Equal(t, map[string]any{"name": "sales"}, body["folder"])
	assert.Equal(t, "Loads orders, order lines, products and customers changed since the last run into the sales warehouse; resumes the warehouse before and pauses it after.", body["description"])
	assert.Equal(t, []string{"activities", "concurrency", "description", "folder", "variables"}, keys(body))

	// No null in any body: the adf-entities-as-written rule, on every plan.
	// The Web activities' identity: TestContractDataFactoryPipeline.
}

// TestAnalyticsEntitiesAreGenericARMResources: the linked services,
// datasets and pipeline are azure-native generic resources on azure-native's
// default provider, children of the factory, while the factory, runtime,
// endpoints and trigger stay on the classic provider the component passes
// down; the linked services wait for the managed private endpoints; and the
// trigger, which names the pipeline, waits for it and keeps the identity it
// had as the classic pipeline's child.
func TestAnalyticsEntitiesAreGenericARMResources(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			factory := one(t, res, inventory.DataFactory, "-adf")
			classic := one(t, res, "pulumi:providers:azure", "azure-classic")
			for _, typ := range []string{inventory.DataFactory, inventory.TriggerSchedule, inventory.IntegrationRuntimeRule, inventory.ManagedPrivateEndpoint} {
				for _, r := range res.ByType(typ) {
					assert.Equalf(t, classic.URN+"::"+classic.ID, r.Provider, "%s is on the classic provider", r.Name)
				}
			}
			for _, kind := range []string{"linkedservices", "datasets", "pipelines"} {
				for name, r := range adfEntities(t, res, kind) {
					assert.Emptyf(t, r.Provider, "%s uses azure-native's default provider", name)
					assert.Equalf(t, factory.URN, r.Parent, "%s is the factory's child", name)
					assert.Equalf(t, factory.ID+"/"+kind+"/"+name, r.ID, "%s's ARM id", name)
				}
			}
			for _, r := range res.Resources {
				assert.Falsef(t, strings.HasPrefix(r.Type, "azure:datafactory/") &&
					!slices.Contains([]string{inventory.DataFactory, inventory.TriggerSchedule, inventory.IntegrationRuntimeRule, inventory.ManagedPrivateEndpoint}, r.Type),
					"%s: a classic Data Factory entity (%s)", r.Name, r.Type)
			}

			// The linked services wait for the endpoints the loads use now,
			// not the other failover partner's, which serves after a failover.
			for name, ls := range adfEntities(t, res, "linkedservices") {
				for _, mpe := range res.ByType(inventory.ManagedPrivateEndpoint) {
					waits := slices.Contains(ls.Dependencies, mpe.URN)
					assert.Equalf(t, !strings.HasSuffix(mpe.Name, "-mpe-shop-sql-standby"), waits, "%s waits for %s", name, mpe.Name)
				}
			}

			p := one(t, res, inventory.GenericResource, "-adf-pipeline")
			for _, kind := range []string{"linkedservices", "datasets"} {
				for name, r := range adfEntities(t, res, kind) {
					assert.Containsf(t, p.Dependencies, r.URN, "the pipeline waits for %s", name)
				}
			}
			trigger := one(t, res, inventory.TriggerSchedule, "-adf-trigger")
			assert.Equal(t, "LoadSalesModelChanges", trigger.Input("pipelineName"))
			assert.Contains(t, trigger.Dependencies, p.URN, "the trigger waits for the pipeline it names")
			assert.Equal(t, factory.URN, trigger.Parent)
			assert.Contains(t, trigger.Aliases, "urn:pulumi:"+stack+"::ecommerce::ecommerce:analytics:Analytics$azure:datafactory/factory:Factory$"+
				"azure:datafactory/pipeline:Pipeline$azure:datafactory/triggerSchedule:TriggerSchedule::analytics-adf-trigger",
				"the trigger keeps the URN it had under the classic pipeline")
		})
	}
}

// TestAnalyticsPipelineActivities: the load resumes the warehouse and waits
// for Online, reads both watermarks, stages every entity through blob
// storage, merges, and pauses; the run fails when the load did.
func TestAnalyticsPipelineActivities(t *testing.T) {
	res := stackPlan(t, "dev")
	acts := pipelineActivities(t, res)

	want := map[string][]string{
		"ResumeWarehouse":     nil,
		"LookupOldWatermarks": {"ResumeWarehouse:Succeeded"},
		"LookupNewWatermarks": {"ResumeWarehouse:Succeeded"},
		"MergeSalesModel":     {"CopyCustomers:Succeeded", "CopyOrderLines:Succeeded", "CopyOrders:Succeeded", "CopyProducts:Succeeded"},
		"PauseWarehouse":      {"MergeSalesModel:Completed|Skipped"},
		"FailOnLoadError":     {"MergeSalesModel:Failed|Skipped", "PauseWarehouse:Completed"},
	}
	for _, e := range entities {
		want[copyNames[e]] = []string{"LookupNewWatermarks:Succeeded", "LookupOldWatermarks:Succeeded"}
	}
	got := map[string][]string{}
	for name, a := range acts {
		got[name] = a.dependencies()
	}
	assert.Equal(t, want, got, "activities and their dependencies")

	// Resume: poll the pool's status until Online, resuming it when Paused.
	resume := acts["ResumeWarehouse"]
	assert.Equal(t, "@equals(variables('warehouseStatus'), 'Online')", dig(resume.TypeProperties, "expression.value"))
	inner := map[string]map[string]any{}
	steps, _ := resume.TypeProperties["activities"].([]any)
	for _, s := range steps {
		inner[dig(s, "name").(string)] = s.(map[string]any)
	}
	require.Contains(t, inner, "GetWarehouseStatus")
	require.Contains(t, inner, "ResumeIfPaused")
	assert.Equal(t, "@equals(variables('warehouseStatus'), 'Paused')", dig(inner["ResumeIfPaused"], "typeProperties.expression.value"))
	// The Web activities' methods, URLs, identity and turnOffAsync: the
	// contract's (TestContractDataFactoryPipeline).

	// Copies: changed rows only, staged through blob storage into stg.*.
	for _, e := range entities {
		c := acts[copyNames[e]]
		assert.Equal(t, analytics.LinkedServiceStaging, dig(c.TypeProperties, "stagingSettings.linkedServiceName.referenceName"), e)
		assert.Equal(t, analytics.StagingContainer+"/"+e, dig(c.TypeProperties, "stagingSettings.path"), e)
		assert.Equal(t, "TRUNCATE TABLE stg."+e, dig(c.TypeProperties, "sink.preCopyScript"), e)
		query, _ := dig(c.TypeProperties, "source.sqlReaderQuery.value").(string)
		assert.Contains(t, query, "FROM dbo."+e+" WHERE updated_at > '@{activity('LookupOldWatermarks').output.firstRow."+e+"}'")
		assert.Contains(t, query, "AND updated_at <= '@{activity('LookupNewWatermarks').output.firstRow."+e+"}'")
		require.Len(t, c.Outputs, 1)
		assert.Equal(t, analytics.StagingDataset(analytics.Entity{Name: e}), c.Outputs[0]["referenceName"])
	}

	merge := acts["MergeSalesModel"]
	require.NotNil(t, merge.LinkedServiceName)
	assert.Equal(t, analytics.LinkedServiceWarehouse, merge.LinkedServiceName.ReferenceName)
	assert.Equal(t, "[etl].[usp_merge_sales_model]", merge.TypeProperties["storedProcedureName"])
	for _, e := range entities {
		assert.Equal(t, "@activity('LookupNewWatermarks').output.firstRow."+e,
			dig(merge.TypeProperties, "storedProcedureParameters."+e+"_watermark.value.value"), "merge gets the new %s watermark", e)
	}

}

// runOutcome plays a pipeline run under ADF's dependency rules: an activity
// runs when, for every activity it depends on, that activity's outcome is
// one of the listed conditions (Completed: Succeeded or Failed); otherwise it
// is Skipped. The activity named failing fails, every other that runs succeeds.
func runOutcome(t *testing.T, acts map[string]adfActivity, failing string) map[string]string {
	t.Helper()
	outcome := map[string]string{}
	for len(outcome) < len(acts) {
		progressed := false
		for name, a := range acts {
			if _, done := outcome[name]; done {
				continue
			}
			ready, run := true, true
			for _, d := range a.DependsOn {
				o, ok := outcome[d.Activity]
				if !ok {
					ready = false
					break
				}
				if !slices.Contains(d.Conditions, o) && !(slices.Contains(d.Conditions, "Completed") && o != "Skipped") {
					run = false
				}
			}
			if !ready {
				continue
			}
			progressed = true
			switch {
			case !run:
				outcome[name] = "Skipped"
			case name == failing:
				outcome[name] = "Failed"
			default:
				outcome[name] = "Succeeded"
			}
		}
		require.True(t, progressed, "activity dependencies form a cycle or name a missing activity")
	}
	return outcome
}

// TestAnalyticsPipelinePausesWhateverFails: whichever step fails, the
// warehouse is paused and the run reports failure; when nothing fails it is
// paused and the run succeeds.
func TestAnalyticsPipelinePausesWhateverFails(t *testing.T) {
	acts := pipelineActivities(t, stackPlan(t, "dev"))
	failures := []string{"", "ResumeWarehouse", "LookupOldWatermarks", "LookupNewWatermarks", "MergeSalesModel"}
	for _, e := range entities {
		failures = append(failures, copyNames[e])
	}
	for _, failing := range failures {
		t.Run("fail-"+failing, func(t *testing.T) {
			outcome := runOutcome(t, acts, failing)
			assert.Equal(t, "Succeeded", outcome["PauseWarehouse"], "the warehouse is paused")
			if failing == "" {
				assert.Equal(t, "Succeeded", outcome["MergeSalesModel"])
				assert.Equal(t, "Skipped", outcome["FailOnLoadError"], "a good run succeeds")
			} else {
				assert.Equal(t, "Succeeded", outcome["FailOnLoadError"], "a failed load fails the run")
				assert.NotEqual(t, "Succeeded", outcome["MergeSalesModel"], "nothing is merged after a failure")
			}
		})
	}
}

// TestAnalyticsScheduleFollowsConfig: the trigger runs the pipeline on the
// ETL schedule of the config, which a change moves (the committed stacks'
// frequencies and time zone: TestContractDataFactoryObjects).
func TestAnalyticsScheduleFollowsConfig(t *testing.T) {
	cases := []struct {
		name      string
		overrides map[string]string // on dev: weekly, Sundays at 03:00
		hours     []any             // nil: no hours (hourly loads)
		days      []any
	}{
		{"etlHour-5", map[string]string{"etlHour": "5"}, []any{5.0}, []any{"Sunday"}},
		{"daily", map[string]string{"etlFrequency": "Day"}, []any{3.0}, nil},
		{"hourly", map[string]string{"etlFrequency": "Hour", "etlInterval": "6", "etlMinute": "15"}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, cfg := runAnalytics(t, "dev", c.overrides)
			s := cfg.Analytics.Schedule
			trigger := one(t, res, inventory.TriggerSchedule, "-adf-trigger")
			assert.Equal(t, s.Frequency, trigger.Input("frequency"))
			assert.Equal(t, float64(s.Interval), trigger.Input("interval"))
			assert.Equal(t, s.TimeZone, trigger.Input("timeZone"))
			assert.Equal(t, []any{float64(s.Minute)}, trigger.Input("schedule.minutes"))
			for path, want := range map[string][]any{"schedule.hours": c.hours, "schedule.daysOfWeeks": c.days} {
				if want == nil {
					assert.Nil(t, trigger.Input(path), path)
				} else {
					assert.Equal(t, want, trigger.Input(path), path)
				}
			}
			assert.Equal(t, true, trigger.Input("activated"))
			assert.Equal(t, res.Outputs["etlPipelineName"].Value, trigger.Input("pipelineName"))
		})
	}
}

// TestAnalyticsFactoryRoleAssignments: the factory's identity may operate
// the pool and write the staging container, nothing else.
func TestAnalyticsFactoryRoleAssignments(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			factory := one(t, res, inventory.DataFactory, "-adf")
			principal, _ := factory.Output("identity.principalId").(string)
			require.NotEmpty(t, principal, "the factory has a system-assigned identity")
			pool := one(t, res, inventory.SQLDatabase, "-sqldw-pool")
			container := one(t, res, inventory.BlobContainer, "analytics-st-"+analytics.StagingContainer)

			got := map[string]string{}
			for _, ra := range res.ByType(inventory.RoleAssignment) {
				if ra.Input("principalId") != principal {
					continue
				}
				role, _ := ra.Input("roleDefinitionId").(string)
				got[ra.Input("scope").(string)] = role[strings.LastIndex(role, "/")+1:]
			}
			assert.Equal(t, map[string]string{
				pool.ID:      string(baseline.SQLDBContributor),
				container.ID: string(baseline.StorageBlobDataContributor),
			}, got)
		})
	}
}

// TestAnalyticsGeoBackup: prod keeps geo-backups of the pool; dev, whose
// config leaves them off, manages no policy.
func TestAnalyticsGeoBackup(t *testing.T) {
	prod := stackPlan(t, "prod")
	policy := one(t, prod, inventory.GeoBackupPolicy, "-sqldw-geo-backup")
	assert.Equal(t, "Default", policy.Input("geoBackupPolicyName"))
	assert.Equal(t, one(t, prod, inventory.SQLDatabase, "-sqldw-pool").Output("name"), policy.Input("databaseName"))

	res, _ := runAnalytics(t, "dev", map[string]string{"warehouseGeoBackup": "true"})
	assert.Equal(t, "Enabled", one(t, res, inventory.GeoBackupPolicy, "-sqldw-geo-backup").Input("state"), "config turns it on")
}

// warehouseSchema is what analytics/sql/warehouse.sql creates.
type warehouseSchema struct {
	tables     map[string][]string // schema.table -> columns
	procedures map[string][]string // schema.procedure -> parameters (without @)
}

var (
	createTable     = regexp.MustCompile(`(?is)CREATE TABLE\s+(\w+)\.(\w+)\s*\((.*?)\)\s*WITH\s*\(`)
	createProcedure = regexp.MustCompile(`(?is)CREATE PROCEDURE\s+(\w+)\.(\w+)(.*?)\bAS\b`)
	parameter       = regexp.MustCompile(`@(\w+)`)
	identifier      = regexp.MustCompile(`^\w+`)
)

func readWarehouseSchema(t *testing.T) warehouseSchema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "analytics", "sql", "warehouse.sql"))
	require.NoError(t, err)
	s := warehouseSchema{tables: map[string][]string{}, procedures: map[string][]string{}}
	for _, m := range createTable.FindAllStringSubmatch(string(b), -1) {
		var columns []string
		for _, line := range strings.Split(m[3], "\n") {
			if col := identifier.FindString(strings.TrimSpace(line)); col != "" {
				columns = append(columns, col)
			}
		}
		s.tables[m[1]+"."+m[2]] = columns
	}
	for _, m := range createProcedure.FindAllStringSubmatch(string(b), -1) {
		var params []string
		for _, p := range parameter.FindAllStringSubmatch(m[3], -1) {
			params = append(params, p[1])
		}
		s.procedures[m[1]+"."+m[2]] = params
	}
	return s
}

// TestAnalyticsSchemaHasPipelineObjects: every warehouse table and
// procedure the factory names exists in analytics/sql/warehouse.sql, with
// the columns the copies write and the parameters the merge passes.
func TestAnalyticsSchemaHasPipelineObjects(t *testing.T) {
	schema := readWarehouseSchema(t)
	for _, table := range []string{"dw.dim_date", "dw.dim_customer", "dw.dim_product", "dw.fact_sales", "dw.fact_order_lines", "etl.watermark"} {
		assert.Containsf(t, schema.tables, table, "warehouse.sql creates %s", table)
	}

	res := stackPlan(t, "dev")
	for name, ds := range adfEntities(t, res, "datasets") {
		body := adfBody(t, ds)
		if dig(body, "linkedServiceName.referenceName") != analytics.LinkedServiceWarehouse {
			continue
		}
		table := fmt.Sprint(dig(body, "typeProperties.schema"), ".", dig(body, "typeProperties.table"))
		assert.Containsf(t, schema.tables, table, "dataset %s names a table warehouse.sql creates", name)
	}

	acts := pipelineActivities(t, res)
	truncate := regexp.MustCompile(`^TRUNCATE TABLE (\w+\.\w+)$`)
	selected := regexp.MustCompile(`(?i)^SELECT (.*) FROM dbo\.\w+ WHERE`)
	for _, e := range entities {
		c := acts[copyNames[e]]
		m := truncate.FindStringSubmatch(dig(c.TypeProperties, "sink.preCopyScript").(string))
		require.NotNilf(t, m, "%s truncates its staging table", c.Name)
		columns, ok := schema.tables[m[1]]
		require.Truef(t, ok, "warehouse.sql creates %s", m[1])
		q := selected.FindStringSubmatch(dig(c.TypeProperties, "source.sqlReaderQuery.value").(string))
		require.NotNilf(t, q, "%s selects named columns", c.Name)
		assert.ElementsMatchf(t, strings.Split(q[1], ", "), columns, "%s copies exactly the columns of %s", c.Name, m[1])
	}

	merge := acts["MergeSalesModel"]
	name := strings.NewReplacer("[", "", "]", "").Replace(merge.TypeProperties["storedProcedureName"].(string))
	params, ok := schema.procedures[name]
	require.Truef(t, ok, "warehouse.sql creates %s", name)
	var passed []string
	for p := range merge.TypeProperties["storedProcedureParameters"].(map[string]any) {
		passed = append(passed, p)
	}
	assert.ElementsMatch(t, params, passed, "the merge passes exactly the procedure's parameters")

	lookup, _ := dig(acts["LookupOldWatermarks"].TypeProperties, "source.sqlReaderQuery").(string)
	assert.Contains(t, lookup, "FROM etl.watermark")
	assert.Contains(t, schema.tables["etl.watermark"], "watermark_value")
}

// TestAnalyticsGrants: the factory reads the shop database and, in the
// warehouse, writes staging and runs the ETL procedures, created by name
// (a dedicated SQL pool has no WITH OBJECT_ID) and without db_owner.
func TestAnalyticsGrants(t *testing.T) {
	res, _ := runAnalytics(t, "dev", nil)
	script := res.Outputs["grants"].Value.(string)
	factory := res.Outputs["dataFactoryName"].Value.(string)
	sections := map[string]string{}
	for _, part := range strings.Split(script, "\n-- Server: ")[1:] {
		header, body, _ := strings.Cut(part, "\n")
		sections[header] = body
	}
	shop := sections[fakeShopFQDN+"  Database: "+core.DatabaseName]
	warehouse := sections[res.Outputs["warehouseServerFqdn"].Value.(string)+"  Database: "+res.Outputs["warehouseDatabase"].Value.(string)]
	require.NotEmpty(t, shop, "a shop database section:\n%s", script)
	require.NotEmpty(t, warehouse, "a warehouse section:\n%s", script)

	assert.Contains(t, shop, "WITH OBJECT_ID")
	assert.Contains(t, shop, "ALTER ROLE [db_datareader] ADD MEMBER ["+factory+"];")
	assert.NotContains(t, shop, "db_datawriter")

	assert.Contains(t, warehouse, "CREATE USER ["+factory+"] FROM EXTERNAL PROVIDER;")
	assert.NotContains(t, warehouse, "WITH OBJECT_ID")
	assert.Contains(t, warehouse, "GRANT SELECT, INSERT, ALTER ON SCHEMA::stg TO ["+factory+"];")
	assert.Contains(t, warehouse, "GRANT SELECT, EXECUTE ON SCHEMA::etl TO ["+factory+"];")
	assert.NotContains(t, warehouse, "db_owner")

	whole := stackPlan(t, "prod").Outputs["sqlGrantScript"].Value.(string)
	assert.Contains(t, whole, "CREATE USER ["+stackPlan(t, "prod").Outputs["dataFactoryName"].Value.(string)+"] FROM EXTERNAL PROVIDER;", "the program's grant script includes the warehouse")
}

// TestAnalyticsRefusesIncompleteInputs: inputs without what the layer
// needs are an error naming each missing input, before anything is created.
func TestAnalyticsRefusesIncompleteInputs(t *testing.T) {
	refusal := func(stack string, edit func(*analytics.Args)) (error, *inventory.Result) {
		cfg := stackConfig(t, stack, nil)
		res, err := mockcloud.Run(stackOptions(t, stack, nil), func(ctx *pulumi.Context) (pulumi.Map, error) {
			args := analytics.Args{
				Options: layerOptions(cfg), Names: cfg.Names, Config: cfg.Analytics,
				Foundation: fakeFoundation(cfg), Shop: fakeShopDatabase(), SQLAdmin: fakeSQLAdmin(), Alerts: cfg.Alerts,
			}
			edit(&args)
			_, err := analytics.New(ctx, "analytics", args)
			return nil, err
		})
		require.Error(t, err)
		return err, res
	}
	err, res := refusal("prod", func(a *analytics.Args) {
		a.Shop.ServerID = nil
		a.Shop.Name = pulumi.String("")
		a.Foundation.Workspace = nil
		delete(a.Foundation.Network.DNSZones, "sqlServer")
	})
	assert.Contains(t, err.Error(), "analytics: missing required inputs: Foundation.Network.DNSZones[sqlServer], Foundation.Workspace, Shop.Name, Shop.ServerID")
	assert.Empty(t, res.Resources, "nothing is registered")

	// One missing input is refused too, and named exactly.
	err, _ = refusal("dev", func(a *analytics.Args) { a.SQLAdmin.ObjectID = nil })
	assert.Contains(t, err.Error(), "analytics: missing required inputs: SQLAdmin.ObjectID")

	// A standby needs the standby's foundation and the shop's partner server.
	err, _ = refusal("dev", func(a *analytics.Args) { a.Standby = &analytics.Standby{Names: a.Names} })
	assert.Contains(t, err.Error(), "analytics: missing required inputs: Foundation.Standby (Standby), Shop.PartnerServerID (Standby)")
}

// TestAnalyticsStagingIsTransient: staged extracts are copies of customer
// and order data that a rerun replaces. The lifecycle rule deletes leftovers
// and old versions after 2 days, and a deleted file stays recoverable for 1
// day, in prod too, where core's account keeps deleted data for weeks.
func TestAnalyticsStagingIsTransient(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			res := stackPlan(t, stack)
			// The account's SKU and one-day soft delete: the promise table.

			rules, _ := one(t, res, inventory.ManagementPolicy, "analytics-st-lifecycle").Input("policy.rules").([]any)
			require.Len(t, rules, 1)
			assert.Equal(t, true, dig(rules[0], "enabled"))
			assert.Equal(t, []any{"etl-staging/"}, dig(rules[0], "definition.filters.prefixMatch"))
			assert.Equal(t, 2.0, dig(rules[0], "definition.actions.baseBlob.delete.daysAfterModificationGreaterThan"))
			assert.Equal(t, 2.0, dig(rules[0], "definition.actions.version.delete.daysAfterCreationGreaterThan"))
		})
	}
}

// TestAnalyticsPipelineQueries: the exact SQL the load runs. The copies
// select the sales model's columns by name (the staging tables have exactly
// these) and only rows changed since the last load, up to the watermark read
// before the copies; the lookups read both watermarks in one row, an empty
// source table counting as 1900-01-01. ARM's POST calls carry the empty
// body Data Factory requires; the GET carries none.
func TestAnalyticsPipelineQueries(t *testing.T) {
	acts := pipelineActivities(t, stackPlan(t, "dev"))
	assert.Equal(t,
		"SELECT order_id, customer_id, order_date, order_status, currency_code, order_total, updated_at FROM dbo.orders"+
			" WHERE updated_at > '@{activity('LookupOldWatermarks').output.firstRow.orders}'"+
			" AND updated_at <= '@{activity('LookupNewWatermarks').output.firstRow.orders}'",
		dig(acts["CopyOrders"].TypeProperties, "source.sqlReaderQuery.value"))
	assert.Equal(t, "Expression", dig(acts["CopyOrders"].TypeProperties, "source.sqlReaderQuery.type"))

	newMark := func(table string) string {
		return "(SELECT COALESCE(CONVERT(varchar(27), MAX(updated_at), 126), '1900-01-01T00:00:00') FROM dbo." + table + ") AS " + table
	}
	assert.Equal(t, "SELECT "+newMark("customers")+", "+newMark("products")+", "+newMark("orders")+", "+newMark("order_lines"),
		dig(acts["LookupNewWatermarks"].TypeProperties, "source.sqlReaderQuery"))
	oldMark := func(table string) string {
		return "MAX(CASE WHEN table_name = '" + table + "' THEN CONVERT(varchar(27), watermark_value, 126) END) AS " + table
	}
	assert.Equal(t, "SELECT "+oldMark("customers")+", "+oldMark("products")+", "+oldMark("orders")+", "+oldMark("order_lines")+" FROM etl.watermark",
		dig(acts["LookupOldWatermarks"].TypeProperties, "source.sqlReaderQuery"))

	assert.Equal(t, map[string]any{}, dig(acts["PauseWarehouse"].TypeProperties, "body"), "POST carries an empty body")
	inner, _ := acts["ResumeWarehouse"].TypeProperties["activities"].([]any)
	for _, a := range inner {
		if dig(a, "name") == "GetWarehouseStatus" {
			_, hasBody := dig(a, "typeProperties").(map[string]any)["body"]
			assert.False(t, hasBody, "GET carries no body")
		}
	}
}
