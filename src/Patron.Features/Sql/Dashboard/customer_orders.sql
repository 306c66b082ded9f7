-- One customer's orders, newest first ($6 customer id, $7 at most): net amount, lines and units.
SELECT o.order_id, o.ordered_at, o.status, o.is_purchase,
       CAST(coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0)), 0) AS DOUBLE) AS amount,
       count(l.order_id) AS lines,
       coalesce(sum(l.quantity), 0) AS units
FROM silver.orders o
LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
WHERE o.customer_id = $1
GROUP BY o.order_id, o.ordered_at, o.status, o.is_purchase
ORDER BY o.ordered_at DESC, o.order_id
LIMIT $2
