-- Revenue and purchases in the date range by month of year (1..12), weekday (1 = Monday .. 7) and hour (0..23).
SELECT dimension, value, CAST(sum(amount) AS DOUBLE) AS revenue, count(*) FILTER (WHERE is_purchase) AS orders
FROM (SELECT 'month' AS dimension, month(ordered_at) AS value, amount, is_purchase FROM sales
      UNION ALL SELECT 'weekday', isodow(ordered_at), amount, is_purchase FROM sales
      UNION ALL SELECT 'hour', hour(ordered_at), amount, is_purchase FROM sales) x
GROUP BY dimension, value
ORDER BY dimension, value
