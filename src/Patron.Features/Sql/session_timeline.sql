-- The known customers' timelines for the session history kernel (SessionHistoryKernel), point in time: every session
-- of sx_sessions with a customer (all before {to}) and every purchase before {to}, ordered by customer and instant.
-- Placeholders: from, to (TIMESTAMP literals). Columns, in the order the kernel reads them:
--   customer_id, moment (TIMESTAMP),
--   kind: 0 a session before {from} (history only), 1 a session of the window (gets a history row), 2 a purchase,
--   seq (the session's rowid in sx_sessions), duration (DECIMAL(18, 6): the seconds the history sums),
--   page_views, purchased, amount (DECIMAL(38, 6): the purchase's money, its lines outside the outliers).
-- Rows of one customer and instant come in no fixed order: the kernel treats them as one group.
WITH purchases AS (
    SELECT o.order_id,
           any_value(o.customer_id) AS customer_id,
           any_value(o.ordered_at) AS ordered_at,
           coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier), 0) AS amount
    FROM silver.orders o
    LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
    WHERE o.is_purchase AND o.customer_id IS NOT NULL AND o.ordered_at < {to}
    GROUP BY o.order_id)
SELECT customer_id, moment, kind, seq, duration, page_views, purchased, amount
FROM (
    SELECT customer_id,
           started_at AS moment,
           CASE WHEN started_at >= {from} THEN 1 ELSE 0 END AS kind,
           rowid AS seq,
           CAST(duration_sec AS DECIMAL(18, 6)) AS duration,
           page_views,
           purchased,
           CAST(NULL AS DECIMAL(38, 6)) AS amount
    FROM sx_sessions
    WHERE customer_id IS NOT NULL
    UNION ALL
    SELECT customer_id, ordered_at, 2, NULL, NULL, NULL, NULL, CAST(amount AS DECIMAL(38, 6))
    FROM purchases)
ORDER BY customer_id, moment
