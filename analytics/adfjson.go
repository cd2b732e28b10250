package analytics

import "encoding/json"

// The Data Factory REST vocabulary (API version 2018-06-01): the properties
// bodies of the linked services, datasets and pipeline this layer registers
// as generic ARM resources (factory.go, pipeline.go). They reach ARM as
// marshalled here: no provider model sits in between to drop or add fields.
// Shapes: https://learn.microsoft.com/rest/api/datafactory/linked-services/create-or-update,
// .../datasets/create-or-update and .../pipelines/create-or-update.

// dataFactoryAPIVersion is the Data Factory REST API version of every entity.
const dataFactoryAPIVersion = "2018-06-01"

// linkedServiceBody is a linked service's properties.
type linkedServiceBody struct {
	Type        string `json:"type"`
	Description string `json:"description"`
	// ConnectVia names the integration runtime; unset, the default Azure IR.
	ConnectVia     *reference `json:"connectVia,omitempty"`
	TypeProperties any        `json:"typeProperties"`
}

// sqlServer is the typeProperties of an AzureSqlDatabase or AzureSqlDW
// linked service in the connectors' recommended version, signed in with the
// factory's system-assigned identity: no password, key or connection string
// (https://learn.microsoft.com/azure/data-factory/connector-azure-sql-database
// and .../connector-azure-sql-data-warehouse, "System-assigned managed
// identity authentication").
type sqlServer struct {
	Server                 string `json:"server"`
	Database               string `json:"database"`
	Encrypt                string `json:"encrypt"` // mandatory, optional or strict
	TrustServerCertificate bool   `json:"trustServerCertificate"`
	AuthenticationType     string `json:"authenticationType"`
}

// blobStorage is the typeProperties of an AzureBlobStorage linked service
// signed in with the factory's system-assigned identity: the service
// endpoint and, required for staging with an identity, the account kind
// (https://learn.microsoft.com/azure/data-factory/connector-azure-blob-storage,
// "System-assigned managed identity authentication").
type blobStorage struct {
	ServiceEndpoint string `json:"serviceEndpoint"`
	AccountKind     string `json:"accountKind"`
}

// datasetBody is a dataset's properties.
type datasetBody struct {
	Type              string    `json:"type"`
	LinkedServiceName reference `json:"linkedServiceName"`
	Folder            folder    `json:"folder"`
	// TypeProperties is unset for a dataset read by query only.
	TypeProperties *sqlTable `json:"typeProperties,omitempty"`
}

// sqlTable is the typeProperties of an AzureSqlTable or AzureSqlDWTable dataset.
type sqlTable struct {
	Schema string `json:"schema"`
	Table  string `json:"table"`
}

// pipelineBody is a pipeline's properties.
type pipelineBody struct {
	Description string              `json:"description"`
	Activities  []activity          `json:"activities"`
	Concurrency int                 `json:"concurrency"`
	Variables   map[string]variable `json:"variables"`
	Folder      folder              `json:"folder"`
}

type variable struct {
	Type         string `json:"type"`
	DefaultValue string `json:"defaultValue"`
}

type folder struct {
	Name string `json:"name"`
}

// activity is one pipeline activity.
type activity struct {
	Name              string       `json:"name"`
	Type              string       `json:"type"`
	DependsOn         []dependency `json:"dependsOn,omitempty"`
	Policy            *policy      `json:"policy,omitempty"`
	LinkedServiceName *reference   `json:"linkedServiceName,omitempty"`
	Inputs            []reference  `json:"inputs,omitempty"`
	Outputs           []reference  `json:"outputs,omitempty"`
	TypeProperties    any          `json:"typeProperties"`
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
type identity struct {
	Type     string `json:"type"`
	Resource string `json:"resource"`
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

func integrationRuntime(name string) reference {
	return reference{ReferenceName: name, Type: "IntegrationRuntimeReference"}
}

// armProperties is body as the object the generic ARM resource sends as
// its properties: key for key its JSON.
func armProperties(body any) (map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var props map[string]any
	err = json.Unmarshal(b, &props)
	return props, err
}
