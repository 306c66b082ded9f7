-- The first step of filling the dashboard's per-customer tables (fill.sql, orders.sql and bounds.sql follow), for the orders
-- {orders_scope} keeps (every order when the run is opened; on a refresh those of the customers events touched).
-- dash_totals: each order's net amount. Only sums: the aggregate spills to disk under a small memory limit (a list of
-- each purchase's products here did not, so bounds.sql's baskets read the purchases' lines again instead).
CREATE OR REPLACE TEMP TABLE dash_totals AS
SELECT o.order_id, o.customer_id, o.ordered_at, o.is_purchase,
       coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0)), 0) AS amount
FROM (SELECT * FROM silver.orders WHERE customer_id IS NOT NULL AND (is_purchase OR is_cancellation)) o
-- An equality join with the line conditions in the sum: a condition on both sides in ON would make DuckDB compare
-- every order with every line.
LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
WHERE {orders_scope}
GROUP BY o.order_id, o.customer_id, o.ordered_at, o.is_purchase;
