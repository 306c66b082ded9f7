-- The purchases of the known customers' timelines (session_timeline.sql), staged once before the timeline is read in
-- partitions of customers, point in time: every purchase before {to}, with its customer, instant and money (its lines
-- outside the outliers). Placeholders: to (a TIMESTAMP literal). A statement of its own, so the join of the orders with
-- their lines and its aggregate have ended, and handed their memory back, before any sort of the timeline starts.
CREATE OR REPLACE TEMP TABLE sx_purchases AS
SELECT any_value(o.customer_id) AS customer_id,
       any_value(o.ordered_at) AS ordered_at,
       coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier), 0) AS amount
FROM silver.orders o
LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
WHERE o.is_purchase AND o.customer_id IS NOT NULL AND o.ordered_at < {to}
GROUP BY o.order_id;
