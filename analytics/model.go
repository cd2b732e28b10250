package analytics

// Entity is one table of the sales model the pipeline loads incrementally:
// dbo.<Name> in the shop database is copied, rows changed since the last
// load only, to stg.<Name> in the warehouse, and the merge procedure folds
// it into the star schema (analytics/sql/warehouse.sql).
type Entity struct {
	Name string
	// Columns are copied by name, so the staging table has exactly these.
	// Customers carry no direct identifiers (name, e-mail, address): the
	// warehouse needs none to analyse sales.
	Columns []string
}

// WatermarkColumn is the source column the incremental load follows. Every
// source table must carry it, set on insert and on every update.
const WatermarkColumn = "updated_at"

// SalesModel lists the entities in load order: dimensions before facts.
var SalesModel = []Entity{
	{Name: "customers", Columns: []string{"customer_id", "country_code", "city", "created_at", WatermarkColumn}},
	{Name: "products", Columns: []string{"product_id", "sku", "product_name", "category", "unit_price", "is_active", WatermarkColumn}},
	{Name: "orders", Columns: []string{"order_id", "customer_id", "order_date", "order_status", "currency_code", "order_total", WatermarkColumn}},
	{Name: "order_lines", Columns: []string{"order_line_id", "order_id", "product_id", "quantity", "unit_price", "discount_amount", WatermarkColumn}},
}

// Schemas and objects of the warehouse the pipeline names; warehouse.sql
// creates them.
const (
	SourceSchema     = "dbo"
	StagingSchema    = "stg"
	ETLSchema        = "etl"
	WatermarkTable   = "watermark"
	MergeProcedure   = "usp_merge_sales_model"
	noWatermarkValue = "1900-01-01T00:00:00" // what an empty source table reports
)

// watermarkParameter is the merge procedure's parameter carrying an
// entity's new watermark.
func watermarkParameter(e Entity) string { return e.Name + "_watermark" }
