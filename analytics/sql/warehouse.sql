-- Sales warehouse: the star schema of the dedicated SQL pool, its staging
-- tables and the procedures the Data Factory pipeline "LoadSalesModel" calls.
--
-- Run it once per stack, and again after every change to this file, as a
-- member of the SQL administrators group, connected to the pool (stack
-- output warehouseEndpoint is "<server>/<database>"), BEFORE the grant script
-- (stack output sqlGrantScript): the grants name the stg and etl schemas.
--
--   sqlcmd -S <server> -d <database> --authentication-method ActiveDirectoryDefault -i analytics/sql/warehouse.sql
--   (go-sqlcmd; or run it from SSMS / Azure Data Studio signed in with Entra ID)
--
-- The pool must be online (the pipeline pauses it after each load).
-- Idempotent: tables are created when missing, procedures are recreated.
--
-- Layout
--   stg.*  one table per source table, truncated and bulk-inserted by each
--          run (a staged copy through blob storage), exactly the copied columns
--   dw.*   the star schema: dim_date, dim_customer, dim_product and the facts
--          fact_sales (one row per order: customer, date, status, total) and
--          fact_order_lines (one row per order line: product, quantity,
--          amounts; its order_id leads to the order's customer and date);
--          dimensions are type 1 and keyed by the shop's ids
--   etl.*  the watermark table and the load procedures
--
-- Dedicated SQL pool dialect: no multi-row VALUES, no SELECT @variable
-- assignment, no recursive CTEs; upserts are DELETE + INSERT in one
-- transaction (MERGE's insert branch needs hash-distributed targets).

IF SCHEMA_ID('stg') IS NULL EXEC ('CREATE SCHEMA stg');
IF SCHEMA_ID('dw') IS NULL EXEC ('CREATE SCHEMA dw');
IF SCHEMA_ID('etl') IS NULL EXEC ('CREATE SCHEMA etl');
GO

-- Staging: round-robin heaps load fastest and are emptied every run.

IF OBJECT_ID('stg.customers') IS NULL
CREATE TABLE stg.customers
(
    customer_id   bigint        NOT NULL,
    country_code  char(2)       NULL,
    city          nvarchar(100) NULL,
    created_at    datetime2(7)  NOT NULL,
    updated_at    datetime2(7)  NOT NULL
)
WITH (DISTRIBUTION = ROUND_ROBIN, HEAP);

IF OBJECT_ID('stg.products') IS NULL
CREATE TABLE stg.products
(
    product_id    bigint         NOT NULL,
    sku           nvarchar(64)   NOT NULL,
    product_name  nvarchar(200)  NOT NULL,
    category      nvarchar(100)  NULL,
    unit_price    decimal(19, 4) NOT NULL,
    is_active     bit            NOT NULL,
    updated_at    datetime2(7)   NOT NULL
)
WITH (DISTRIBUTION = ROUND_ROBIN, HEAP);

IF OBJECT_ID('stg.orders') IS NULL
CREATE TABLE stg.orders
(
    order_id      bigint         NOT NULL,
    customer_id   bigint         NOT NULL,
    order_date    datetime2(7)   NOT NULL,
    order_status  varchar(20)    NOT NULL,
    currency_code char(3)        NOT NULL,
    order_total   decimal(19, 4) NOT NULL,
    updated_at    datetime2(7)   NOT NULL
)
WITH (DISTRIBUTION = ROUND_ROBIN, HEAP);

IF OBJECT_ID('stg.order_lines') IS NULL
CREATE TABLE stg.order_lines
(
    order_line_id   bigint         NOT NULL,
    order_id        bigint         NOT NULL,
    product_id      bigint         NOT NULL,
    quantity        int            NOT NULL,
    unit_price      decimal(19, 4) NOT NULL,
    discount_amount decimal(19, 4) NOT NULL,
    updated_at      datetime2(7)   NOT NULL
)
WITH (DISTRIBUTION = ROUND_ROBIN, HEAP);
GO

-- Star schema: small dimensions are replicated to every distribution so joins
-- move no data; facts are hash-distributed on the order id, which keeps an
-- order and its lines together.

IF OBJECT_ID('dw.dim_date') IS NULL
CREATE TABLE dw.dim_date
(
    date_key      int          NOT NULL, -- yyyymmdd
    calendar_date date         NOT NULL,
    year_number   smallint     NOT NULL,
    quarter       tinyint      NOT NULL,
    month_number  tinyint      NOT NULL,
    month_name    varchar(10)  NOT NULL,
    day_of_month  tinyint      NOT NULL,
    day_of_week   tinyint      NOT NULL, -- 1 = Monday, independent of DATEFIRST
    day_name      varchar(10)  NOT NULL,
    iso_week      tinyint      NOT NULL,
    is_weekend    bit          NOT NULL
)
WITH (DISTRIBUTION = REPLICATE, CLUSTERED INDEX (date_key));

IF OBJECT_ID('dw.dim_customer') IS NULL
CREATE TABLE dw.dim_customer
(
    customer_id     bigint        NOT NULL,
    country_code    char(2)       NULL,
    city            nvarchar(100) NULL,
    signup_date_key int           NOT NULL,
    updated_at      datetime2(7)  NOT NULL
)
WITH (DISTRIBUTION = REPLICATE, CLUSTERED INDEX (customer_id));

IF OBJECT_ID('dw.dim_product') IS NULL
CREATE TABLE dw.dim_product
(
    product_id    bigint         NOT NULL,
    sku           nvarchar(64)   NOT NULL,
    product_name  nvarchar(200)  NOT NULL,
    category      nvarchar(100)  NULL,
    list_price    decimal(19, 4) NOT NULL,
    is_active     bit            NOT NULL,
    updated_at    datetime2(7)   NOT NULL
)
WITH (DISTRIBUTION = REPLICATE, CLUSTERED INDEX (product_id));

IF OBJECT_ID('dw.fact_sales') IS NULL
CREATE TABLE dw.fact_sales
(
    order_id       bigint         NOT NULL,
    customer_id    bigint         NOT NULL,
    order_date_key int            NOT NULL,
    order_status   varchar(20)    NOT NULL,
    currency_code  char(3)        NOT NULL,
    order_total    decimal(19, 4) NOT NULL,
    updated_at     datetime2(7)   NOT NULL
)
WITH (DISTRIBUTION = HASH (order_id), CLUSTERED COLUMNSTORE INDEX);

IF OBJECT_ID('dw.fact_order_lines') IS NULL
CREATE TABLE dw.fact_order_lines
(
    order_line_id   bigint         NOT NULL,
    order_id        bigint         NOT NULL,
    product_id      bigint         NOT NULL,
    quantity        int            NOT NULL,
    unit_price      decimal(19, 4) NOT NULL,
    discount_amount decimal(19, 4) NOT NULL,
    line_amount     decimal(19, 4) NOT NULL,
    updated_at      datetime2(7)   NOT NULL
)
WITH (DISTRIBUTION = HASH (order_id), CLUSTERED COLUMNSTORE INDEX);
GO

-- ETL state. watermark holds, per source table, the highest updated_at
-- already loaded; the pipeline copies rows above it up to the source's
-- current maximum, and the merge procedure advances it in the same
-- transaction as the data.

IF OBJECT_ID('etl.watermark') IS NULL
CREATE TABLE etl.watermark
(
    table_name      varchar(64)  NOT NULL,
    watermark_value datetime2(7) NOT NULL,
    updated_at      datetime2(7) NOT NULL
)
WITH (DISTRIBUTION = REPLICATE, CLUSTERED INDEX (table_name));

INSERT INTO etl.watermark (table_name, watermark_value, updated_at)
SELECT t.table_name, '1900-01-01T00:00:00', SYSUTCDATETIME()
FROM (
    SELECT 'customers' AS table_name
    UNION ALL SELECT 'products'
    UNION ALL SELECT 'orders'
    UNION ALL SELECT 'order_lines'
) AS t
LEFT JOIN etl.watermark AS w ON w.table_name = t.table_name
WHERE w.table_name IS NULL;

-- Ten digits, cross-joined to generate calendar days without loops.
IF OBJECT_ID('etl.digits') IS NULL
CREATE TABLE etl.digits (d tinyint NOT NULL)
WITH (DISTRIBUTION = REPLICATE, HEAP);

INSERT INTO etl.digits (d)
SELECT n.d
FROM (
    SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
    UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9
) AS n
LEFT JOIN etl.digits AS x ON x.d = n.d
WHERE x.d IS NULL;
GO

IF OBJECT_ID('etl.usp_extend_dim_date') IS NOT NULL DROP PROCEDURE etl.usp_extend_dim_date;
GO

-- Adds the calendar days between @from_date and @to_date that dim_date lacks.
CREATE PROCEDURE etl.usp_extend_dim_date @from_date date, @to_date date
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO dw.dim_date
        (date_key, calendar_date, year_number, quarter, month_number, month_name,
         day_of_month, day_of_week, day_name, iso_week, is_weekend)
    SELECT
        CONVERT(int, CONVERT(char(8), days.calendar_date, 112)),
        days.calendar_date,
        YEAR(days.calendar_date),
        DATEPART(quarter, days.calendar_date),
        MONTH(days.calendar_date),
        DATENAME(month, days.calendar_date),
        DAY(days.calendar_date),
        DATEDIFF(day, '19000101', days.calendar_date) % 7 + 1, -- 1900-01-01 was a Monday
        DATENAME(weekday, days.calendar_date),
        DATEPART(iso_week, days.calendar_date),
        CASE WHEN DATEDIFF(day, '19000101', days.calendar_date) % 7 >= 5 THEN 1 ELSE 0 END
    FROM (
        SELECT DATEADD(day, a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d, @from_date) AS calendar_date
        FROM etl.digits AS a
        CROSS JOIN etl.digits AS b
        CROSS JOIN etl.digits AS c
        CROSS JOIN etl.digits AS e
        CROSS JOIN etl.digits AS f
    ) AS days
    LEFT JOIN dw.dim_date AS known ON known.calendar_date = days.calendar_date
    WHERE days.calendar_date <= @to_date
      AND known.date_key IS NULL;
END
GO

-- A calendar for the years the shop has traded and will trade soon; the merge
-- procedure extends it when staged data falls outside.
EXEC etl.usp_extend_dim_date '2020-01-01', '2035-12-31';
GO

IF OBJECT_ID('etl.usp_merge_sales_model') IS NOT NULL DROP PROCEDURE etl.usp_merge_sales_model;
GO

-- Folds the staging tables into the star schema and advances each watermark
-- to the value the pipeline read from the source before copying, all in one
-- transaction: a failed run leaves both the data and the watermarks as they
-- were, and the next run copies the same window again.
CREATE PROCEDURE etl.usp_merge_sales_model
    @customers_watermark   varchar(27),
    @products_watermark    varchar(27),
    @orders_watermark      varchar(27),
    @order_lines_watermark varchar(27)
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @first_date date, @last_date date;
    SET @first_date = (SELECT MIN(d) FROM (
        SELECT CONVERT(date, order_date) AS d FROM stg.orders
        UNION ALL SELECT CONVERT(date, created_at) FROM stg.customers) AS staged);
    SET @last_date = (SELECT MAX(d) FROM (
        SELECT CONVERT(date, order_date) AS d FROM stg.orders
        UNION ALL SELECT CONVERT(date, created_at) FROM stg.customers) AS staged);
    IF @first_date IS NOT NULL
        EXEC etl.usp_extend_dim_date @first_date, @last_date;

    BEGIN TRY
        BEGIN TRANSACTION;

        DELETE FROM dw.dim_customer WHERE customer_id IN (SELECT customer_id FROM stg.customers);
        INSERT INTO dw.dim_customer (customer_id, country_code, city, signup_date_key, updated_at)
        SELECT customer_id, country_code, city, CONVERT(int, CONVERT(char(8), created_at, 112)), updated_at
        FROM stg.customers;

        DELETE FROM dw.dim_product WHERE product_id IN (SELECT product_id FROM stg.products);
        INSERT INTO dw.dim_product (product_id, sku, product_name, category, list_price, is_active, updated_at)
        SELECT product_id, sku, product_name, category, unit_price, is_active, updated_at
        FROM stg.products;

        DELETE FROM dw.fact_sales WHERE order_id IN (SELECT order_id FROM stg.orders);
        INSERT INTO dw.fact_sales (order_id, customer_id, order_date_key, order_status, currency_code, order_total, updated_at)
        SELECT order_id, customer_id, CONVERT(int, CONVERT(char(8), order_date, 112)), order_status, currency_code, order_total, updated_at
        FROM stg.orders;

        DELETE FROM dw.fact_order_lines WHERE order_line_id IN (SELECT order_line_id FROM stg.order_lines);
        INSERT INTO dw.fact_order_lines
            (order_line_id, order_id, product_id, quantity, unit_price, discount_amount, line_amount, updated_at)
        SELECT order_line_id, order_id, product_id, quantity, unit_price, discount_amount,
               quantity * unit_price - discount_amount, updated_at
        FROM stg.order_lines;

        -- Watermarks only move forward.
        UPDATE etl.watermark SET watermark_value = CONVERT(datetime2(7), @customers_watermark, 126), updated_at = SYSUTCDATETIME()
        WHERE table_name = 'customers' AND watermark_value < CONVERT(datetime2(7), @customers_watermark, 126);
        UPDATE etl.watermark SET watermark_value = CONVERT(datetime2(7), @products_watermark, 126), updated_at = SYSUTCDATETIME()
        WHERE table_name = 'products' AND watermark_value < CONVERT(datetime2(7), @products_watermark, 126);
        UPDATE etl.watermark SET watermark_value = CONVERT(datetime2(7), @orders_watermark, 126), updated_at = SYSUTCDATETIME()
        WHERE table_name = 'orders' AND watermark_value < CONVERT(datetime2(7), @orders_watermark, 126);
        UPDATE etl.watermark SET watermark_value = CONVERT(datetime2(7), @order_lines_watermark, 126), updated_at = SYSUTCDATETIME()
        WHERE table_name = 'order_lines' AND watermark_value < CONVERT(datetime2(7), @order_lines_watermark, 126);

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH
END
GO
