-- The dashboard's global filter, the prelude of every dashboard query (DashboardQueries prepends it).
-- Parameters: $1 first day, $2 last day (inclusive), $3 segment, $4 country, $5 acquisition channel; NULL = any.
-- kept: the cells (combinations of the customer attributes) the filter keeps; chosen: the customers it keeps (the
-- run's customers and those of the warehouse), with their attributes and the run's scores (in_run: the customer has a
-- row in predictions.csv); all_orders: their purchases and cancellations with net amounts (tables.sql); sales: the
-- orders of the date range; days: the per-day sums of the date range. The date bounds are parameters, not a joined
-- row, so DuckDB skips the row groups (kept in time order) outside the range.
WITH params AS (
    SELECT CAST($1 AS DATE) AS d_from, CAST($2 AS DATE) AS d_to, CAST($3 AS VARCHAR) AS p_segment,
           CAST($4 AS VARCHAR) AS p_country, CAST($5 AS VARCHAR) AS p_channel),
kept AS (
    SELECT * FROM {dash}cells
    WHERE ($3 IS NULL OR segment = $3) AND ($4 IS NULL OR country = $4) AND ($5 IS NULL OR channel = $5)),
chosen AS (
    SELECT * FROM {dash}people
    WHERE ($3 IS NULL OR segment = $3) AND ($4 IS NULL OR country = $4) AND ($5 IS NULL OR channel = $5)),
all_orders AS (
    SELECT * FROM {dash}orders WHERE cell IN (SELECT cell FROM kept)),
sales AS (
    SELECT * FROM all_orders WHERE day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE)),
days AS (
    SELECT * FROM {dash}daily
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
