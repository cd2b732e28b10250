package analytics

import "encoding/json"

// The Data Factory REST vocabulary: the JSON shapes of the activities,
// linked services and datasets this layer writes, as the classic provider
// must carry them (analytics/pipeline.go builds the load from them).

// warehouseLinkedService is the typeProperties of the warehouse's AzureSqlDW
// linked service. The typed LinkedServiceSynapse has no managed-identity
// option, so the warehouse uses the generic linked service.
type warehouseLinkedService struct {
	ConnectionString string `json:"connectionString"`
}

// sqlDataset is the typeProperties of an AzureSqlTable or AzureSqlDWTable dataset.
type sqlDataset struct {
	Schema string `json:"schema,omitempty"`
	Table  string `json:"table,omitempty"`
}

// activity is one pipeline activity as the Data Factory REST API takes it.
//
// Its JSON is the shape the classic provider reads back, so that a preview
// after `pulumi up` shows no change. azurerm v4.61.0 round-trips
// activities_json through the hashicorp/go-azure-sdk pipelines models and
// compares the result with ours as normalized JSON (azurerm issue 25586, a
// diff that never goes away). Hence:
//   - dependsOn and userProperties are always written, [] when empty: Data
//     Factory returns them so, and the models keep what it returns;
//   - a Web activity's authentication carries "password": null and
//     "pfx": null, which the model (no omitempty) writes on every read.
//
// Keys the models lack would be dropped on the way to Azure, so there are none.
type activity struct {
	Name              string         `json:"name"`
	Type              string         `json:"type"`
	DependsOn         []dependency   `json:"dependsOn"`
	UserProperties    []userProperty `json:"userProperties"`
	Policy            *policy        `json:"policy,omitempty"`
	LinkedServiceName *reference     `json:"linkedServiceName,omitempty"`
	Inputs            []reference    `json:"inputs,omitempty"`
	Outputs           []reference    `json:"outputs,omitempty"`
	TypeProperties    any            `json:"typeProperties"`
}

// MarshalJSON writes the empty lists as [] rather than null.
func (a activity) MarshalJSON() ([]byte, error) {
	type plain activity // without this method
	p := plain(a)
	if p.DependsOn == nil {
		p.DependsOn = []dependency{}
	}
	if p.UserProperties == nil {
		p.UserProperties = []userProperty{}
	}
	return json.Marshal(p)
}

// userProperty is a name/value pair shown in the run's monitoring; unused.
type userProperty struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type dependency struct {
	Activity   string   `json:"activity"`
	Conditions []string `json:"dependencyConditions"`
}

type policy struct {
	Timeout                string `json:"timeout"` // d.hh:mm:ss
	Retry                  int    `json:"retry"`
	RetryIntervalInSeconds int    `json:"retryIntervalInSeconds"`
}

type reference struct {
	ReferenceName string `json:"referenceName"`
	Type          string `json:"type"`
}

// expression is a value ADF evaluates at run time.
type expression struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

func expr(value string) expression { return expression{Value: value, Type: "Expression"} }

type webCall struct {
	URL            string   `json:"url"`
	Method         string   `json:"method"`
	Body           any      `json:"body,omitempty"`
	Authentication identity `json:"authentication"`
	// TurnOffAsync: do not follow a 202's Location header
	// (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity).
	TurnOffAsync bool `json:"turnOffAsync"`
}

// identity authenticates a Web activity with the factory's managed identity.
// Password and Pfx are always null: see activity.
type identity struct {
	Type     string `json:"type"`
	Resource string `json:"resource"`
	Password any    `json:"password"`
	Pfx      any    `json:"pfx"`
}

type until struct {
	Expression expression `json:"expression"`
	Timeout    string     `json:"timeout"`
	Activities []activity `json:"activities"`
}

type ifCondition struct {
	Expression       expression `json:"expression"`
	IfTrueActivities []activity `json:"ifTrueActivities"`
}

type setVariable struct {
	VariableName string     `json:"variableName"`
	Value        expression `json:"value"`
}

type wait struct {
	WaitTimeInSeconds int `json:"waitTimeInSeconds"`
}

type sqlSource struct {
	Type  string `json:"type"`
	Query any    `json:"sqlReaderQuery"` // string or expression
}

type lookup struct {
	Source       sqlSource `json:"source"`
	Dataset      reference `json:"dataset"`
	FirstRowOnly bool      `json:"firstRowOnly"`
}

type copyData struct {
	Source          sqlSource       `json:"source"`
	Sink            warehouseSink   `json:"sink"`
	EnableStaging   bool            `json:"enableStaging"`
	StagingSettings stagingSettings `json:"stagingSettings"`
}

// warehouseSink bulk-inserts the staged rows from the integration runtime.
// The COPY statement and PolyBase would be faster but have the pool itself
// read the staging account through its public endpoint, which prod closes;
// nightly deltas are small. Switching is AllowCopyCommand plus a resource
// instance rule and Storage Blob Data Reader for the server on staging.
type warehouseSink struct {
	Type             string `json:"type"`
	AllowCopyCommand bool   `json:"allowCopyCommand"`
	AllowPolyBase    bool   `json:"allowPolyBase"`
	PreCopyScript    string `json:"preCopyScript"`
}

type stagingSettings struct {
	LinkedServiceName reference `json:"linkedServiceName"`
	Path              string    `json:"path"`
}

type storedProcedure struct {
	Name       string                   `json:"storedProcedureName"`
	Parameters map[string]procParameter `json:"storedProcedureParameters"`
}

type procParameter struct {
	Value expression `json:"value"`
	Type  string     `json:"type"`
}

type fail struct {
	Message   string `json:"message"`
	ErrorCode string `json:"errorCode"`
}

func on(activity string, conditions ...string) dependency {
	return dependency{Activity: activity, Conditions: conditions}
}

func dataset(name string) reference { return reference{ReferenceName: name, Type: "DatasetReference"} }

func linkedService(name string) reference {
	return reference{ReferenceName: name, Type: "LinkedServiceReference"}
}
