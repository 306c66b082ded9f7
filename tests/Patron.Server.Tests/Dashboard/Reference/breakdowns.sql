-- Average order value, customers and revenue per customer in the date range by first-purchase cohort, acquisition
-- channel and signup month.
, rows AS (
    SELECT customer_id, amount, is_purchase, strftime(first_at, '%Y-%m') AS cohort, channel,
           strftime(registered_at, '%Y-%m') AS signup
    FROM sales)
SELECT dimension, value,
       count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_purchase) AS orders,
       CAST(sum(amount) FILTER (WHERE is_purchase) AS DOUBLE) / nullif(count(*) FILTER (WHERE is_purchase), 0) AS aov,
       CAST(sum(amount) AS DOUBLE) / count(DISTINCT customer_id) AS revenue_per_customer
FROM (SELECT 'cohort' AS dimension, cohort AS value, * FROM rows
      UNION ALL SELECT 'channel', coalesce(channel, '(unknown)'), * FROM rows
      UNION ALL SELECT 'signup_month', coalesce(signup, '(unknown)'), * FROM rows) x
GROUP BY dimension, value
ORDER BY dimension, value
