-- Revenue and purchases in the date range by month of year (1..12), weekday (1 = Monday .. 7) and hour (0..23) when the
-- filter names one customer attribute alone ($6: 1 segment, 2 country, 3 channel; $7 its value): from that value's
-- rows of hour_attrs (per day and hour) in the range, instead of the kept cells' per-day sums and orders
-- (seasonality.sql, which gives the same figures).
, hours AS (
    SELECT day, hour, amount, purchases FROM {dash}hour_attrs
    WHERE kind = CAST($6 AS TINYINT) AND value = CAST($7 AS VARCHAR) AND day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
SELECT dimension, value, revenue, orders FROM (
    SELECT 'month' AS dimension, CAST(month(day) AS BIGINT) AS value, CAST(sum(amount) AS DOUBLE) AS revenue,
           CAST(sum(purchases) AS BIGINT) AS orders
    FROM hours GROUP BY ALL
    UNION ALL
    SELECT 'weekday', CAST(isodow(day) AS BIGINT), CAST(sum(amount) AS DOUBLE), CAST(sum(purchases) AS BIGINT)
    FROM hours GROUP BY ALL
    UNION ALL
    SELECT 'hour', CAST(hour AS BIGINT), CAST(sum(amount) AS DOUBLE), CAST(sum(purchases) AS BIGINT)
    FROM hours GROUP BY ALL) x
ORDER BY dimension, value
