-- The dashboard's global filter, the prelude of every dashboard query (DashboardData prepends it).
-- Parameters: $1 first day, $2 last day (inclusive), $3 segment, $4 country, $5 acquisition channel; NULL = any.
-- chosen: the customers the filter keeps (the run's customers and those of the warehouse), with their attributes;
-- all_orders: their purchases and cancellations with net amounts as the KPI tables count them (outlier lines left out,
-- return documents only with what they give back), in exact decimals so sums do not depend on thread order;
-- sales: the orders of the date range.
WITH params AS (
    SELECT CAST($1 AS DATE) AS d_from, CAST($2 AS DATE) AS d_to, CAST($3 AS VARCHAR) AS p_segment,
           CAST($4 AS VARCHAR) AS p_country, CAST($5 AS VARCHAR) AS p_channel),
chosen AS (
    SELECT coalesce(c.customer_id, p.customer_id) AS customer_id, p.segment, c.country,
           c.acquisition_channel AS channel, c.registered_at
    FROM silver.customers c
    FULL JOIN {dash}.dash_predictions p ON p.customer_id = c.customer_id
    CROSS JOIN params
    WHERE (p_segment IS NULL OR p.segment = p_segment)
      AND (p_country IS NULL OR c.country = p_country)
      AND (p_channel IS NULL OR c.acquisition_channel = p_channel)),
all_orders AS (
    SELECT o.order_id, o.customer_id, o.ordered_at, o.is_purchase,
           coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0)), 0) AS amount
    FROM silver.orders o
    SEMI JOIN chosen ch ON ch.customer_id = o.customer_id
    -- An equality join with the line conditions in the sum: a condition on both sides in ON would make DuckDB compare
    -- every order with every line.
    LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
    WHERE o.customer_id IS NOT NULL AND (o.is_purchase OR o.is_cancellation)
    GROUP BY o.order_id, o.customer_id, o.ordered_at, o.is_purchase),
sales AS (
    SELECT a.* FROM all_orders a, params
    WHERE a.ordered_at >= d_from AND a.ordered_at < d_to + 1)
