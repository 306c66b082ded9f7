-- The dashboard's filter written straight over the warehouse's rows and the run's predictions.csv ({predictions}),
-- as the pages computed it before they had tables of their own: every order's net amount summed from its lines, the
-- customers joined on every request. The reference the dashboard's tables are checked against.
WITH params AS (SELECT CAST($1 AS DATE) AS d_from, CAST($2 AS DATE) AS d_to),
preds AS (SELECT customer_id, nullif(segment, '') AS segment FROM read_csv('{predictions}', header = true, all_varchar = true)),
order_totals AS (
    SELECT o.order_id, o.customer_id, o.ordered_at, o.is_purchase,
           coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0)), 0) AS amount
    FROM silver.orders o LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
    WHERE o.customer_id IS NOT NULL AND (o.is_purchase OR o.is_cancellation)
    GROUP BY o.order_id, o.customer_id, o.ordered_at, o.is_purchase),
firsts AS (SELECT customer_id, min(ordered_at) AS first_at FROM order_totals WHERE is_purchase GROUP BY customer_id),
persons AS (
    SELECT coalesce(c.customer_id, p.customer_id) AS customer_id, p.customer_id IS NOT NULL AS in_run, p.segment,
           c.country, c.acquisition_channel AS channel, c.registered_at, f.first_at
    FROM silver.customers c FULL JOIN preds p ON p.customer_id = c.customer_id
    LEFT JOIN firsts f ON f.customer_id = coalesce(c.customer_id, p.customer_id)),
chosen AS (SELECT * FROM persons WHERE ($3 IS NULL OR segment = $3) AND ($4 IS NULL OR country = $4) AND ($5 IS NULL OR channel = $5)),
all_orders AS (
    SELECT t.*, c.in_run, c.segment, c.country, c.channel, c.registered_at, c.first_at
    FROM order_totals t JOIN chosen c USING (customer_id)),
sales AS (SELECT * FROM all_orders WHERE ordered_at >= CAST($1 AS DATE) AND ordered_at < CAST($2 AS DATE) + 1)
