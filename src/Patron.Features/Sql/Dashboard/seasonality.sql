-- Revenue and purchases in the date range by month of year (1..12) and weekday (1 = Monday .. 7) from the per-day
-- sums, and by hour (0..23) from the per-hour sums that hours.sql or hours_all.sql (prepended) picks.
SELECT dimension, value, revenue, orders FROM (
    SELECT 'month' AS dimension, CAST(month(day) AS BIGINT) AS value, CAST(sum(revenue) AS DOUBLE) AS revenue,
           CAST(sum(purchases) AS BIGINT) AS orders
    FROM days GROUP BY ALL
    UNION ALL
    SELECT 'weekday', CAST(isodow(day) AS BIGINT), CAST(sum(revenue) AS DOUBLE), CAST(sum(purchases) AS BIGINT)
    FROM days GROUP BY ALL
    UNION ALL
    SELECT 'hour', CAST(hour AS BIGINT), CAST(sum(amount) AS DOUBLE), CAST(sum(purchases) AS BIGINT)
    FROM hours GROUP BY ALL) x
ORDER BY dimension, value
