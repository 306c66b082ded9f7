-- The dashboard's global filter, the prelude of every dashboard query (DashboardQueries prepends it).
-- Parameters: $1 first day, $2 last day (inclusive), $3 segment, $4 country, $5 acquisition channel; NULL = any.
-- chosen: the customers the filter keeps (the run's customers and those of the warehouse), with their attributes and
-- the run's scores (in_run: the customer has a row in predictions.csv); all_orders: their purchases and cancellations
-- with net amounts (tables.sql); sales: the orders of the date range. The date bounds are parameters, not a joined
-- row, so DuckDB skips the row groups of {dash}.orders (kept in time order) outside the range.
WITH params AS (
    SELECT CAST($1 AS DATE) AS d_from, CAST($2 AS DATE) AS d_to, CAST($3 AS VARCHAR) AS p_segment,
           CAST($4 AS VARCHAR) AS p_country, CAST($5 AS VARCHAR) AS p_channel),
chosen AS (
    SELECT * FROM {dash}.people
    WHERE ($3 IS NULL OR segment = $3) AND ($4 IS NULL OR country = $4) AND ($5 IS NULL OR channel = $5)),
all_orders AS (
    SELECT * FROM {dash}.orders
    WHERE ($3 IS NULL OR segment = $3) AND ($4 IS NULL OR country = $4) AND ($5 IS NULL OR channel = $5)),
sales AS (
    SELECT * FROM all_orders WHERE ordered_at >= CAST($1 AS DATE) AND ordered_at < CAST($2 AS DATE) + 1)
