-- The known customers' timelines for the session history kernel (SessionHistoryKernel), point in time: every session
-- of sx_sessions with a customer (all before {to}) and every purchase of sx_purchases (session_history_purchases.sql: all before
-- {to}), ordered by customer and instant, for the customers of one partition.
-- Placeholders: from (a TIMESTAMP literal); in_partition (a condition on customer_id that selects whole customers:
-- DuckDB's sort holds every row it sorts in memory, so a large shop's timeline is read in several partitions, each
-- sorted on its own). Columns, in the order the kernel reads them:
--   customer_id, moment (TIMESTAMP),
--   kind: 0 a session before {from} (history only), 1 a session of the window (gets a history row), 2 a purchase,
--   seq (the session's rowid in sx_sessions), duration (DECIMAL(18, 6): the seconds the history sums),
--   page_views, purchased, amount (DECIMAL(38, 6): the purchase's money, its lines outside the outliers).
-- Rows of one customer and instant come in no fixed order: the kernel treats them as one group.
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
    WHERE customer_id IS NOT NULL AND {in_partition}
    UNION ALL
    SELECT customer_id, ordered_at, 2, NULL, NULL, NULL, NULL, CAST(amount AS DECIMAL(38, 6))
    FROM sx_purchases
    WHERE {in_partition})
ORDER BY customer_id, moment
