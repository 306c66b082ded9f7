-- The lifetime summary's transactions (lifetime_summary.sql): one row per customer and day with a purchase before
-- {until} (DATE literal), the day's line amounts summed. Reads only silver.orders (purchases with a customer) and
-- silver.order_lines. Amounts are summed as DECIMAL(38, 6): exact sums do not depend on the order rows arrive in, which
-- varies with the warehouse's threads, so the same silver tables always give the same summary bits (and the same fitted
-- models), whether a summary reads these rows directly or from a table several cutoffs share.
SELECT o.customer_id,
       CAST(o.ordered_at AS DATE)                                      AS day,
       SUM(CAST(COALESCE(l.line_amount, 0) AS DECIMAL(38, 6)))         AS amount
FROM silver.orders AS o
LEFT JOIN silver.order_lines AS l ON l.order_id = o.order_id
WHERE o.is_purchase
  AND o.customer_id IS NOT NULL
  AND CAST(o.ordered_at AS DATE) < {until}
GROUP BY o.customer_id, CAST(o.ordered_at AS DATE)
