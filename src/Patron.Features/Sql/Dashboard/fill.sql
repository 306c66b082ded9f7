-- Fills the dashboard's tables (tables.sql): for every customer when the run is opened (both scopes TRUE), for the
-- customers events touched on a refresh (refresh.sql; the scopes test membership of dash_touched).
CREATE OR REPLACE TEMP TABLE dash_totals AS
SELECT o.order_id, o.customer_id, o.ordered_at, o.is_purchase,
       coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0)), 0) AS amount
FROM (SELECT * FROM silver.orders WHERE customer_id IS NOT NULL AND (is_purchase OR is_cancellation)) o
-- An equality join with the line conditions in the sum: a condition on both sides in ON would make DuckDB compare
-- every order with every line.
LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
WHERE {orders_scope}
GROUP BY o.order_id, o.customer_id, o.ordered_at, o.is_purchase;

INSERT INTO {dash}.people
SELECT coalesce(c.customer_id, p.customer_id) AS customer_id, p.customer_id IS NOT NULL AS in_run, p.rn, p.segment,
       c.country, c.acquisition_channel AS channel, c.registered_at, f.first_at, p.recommended_action,
       p.churn_probability, p.churn_risk_band, p.predicted_clv, p.p_alive, p.reason_1, p.reason_2, p.reason_3
FROM silver.customers c
FULL JOIN {dash}.dash_predictions p ON p.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, min(ordered_at) AS first_at FROM dash_totals WHERE is_purchase GROUP BY customer_id) f
       ON f.customer_id = coalesce(c.customer_id, p.customer_id)
WHERE {people_scope};

-- In time order, so a date range reads only the row groups it covers.
INSERT INTO {dash}.orders
SELECT t.order_id, t.customer_id, t.ordered_at, t.is_purchase, t.amount, p.in_run, p.segment, p.country, p.channel,
       p.registered_at, p.first_at
FROM dash_totals t JOIN {dash}.people p ON p.customer_id = t.customer_id
ORDER BY t.ordered_at;

DROP TABLE dash_totals;
