-- Average order value, customers and revenue per customer in the date range by first-purchase cohort, acquisition
-- channel and signup month, in one pass over the range's orders; a customer counts once, on the order whose previous
-- order is before the range.
, rows AS (
    SELECT s.amount, s.is_purchase, s.prev_day IS NULL OR s.prev_day < CAST($1 AS DATE) AS first_in_range,
           strftime(s.first_day, '%Y-%m') AS cohort, coalesce(k.channel, '(unknown)') AS channel,
           coalesce(strftime(s.signup, '%Y-%m'), '(unknown)') AS signup
    FROM sales s JOIN kept k USING (cell)),
grouped AS (
    SELECT CASE WHEN grouping(cohort) = 0 THEN 'cohort' WHEN grouping(channel) = 0 THEN 'channel' ELSE 'signup_month' END AS dimension,
           CASE WHEN grouping(cohort) = 0 THEN cohort WHEN grouping(channel) = 0 THEN channel ELSE signup END AS value,
           count(*) FILTER (WHERE first_in_range) AS customers,
           count(*) FILTER (WHERE is_purchase) AS orders,
           CAST(sum(amount) FILTER (WHERE is_purchase) AS DOUBLE) / nullif(count(*) FILTER (WHERE is_purchase), 0) AS aov,
           CAST(sum(amount) AS DOUBLE) / count(*) FILTER (WHERE first_in_range) AS revenue_per_customer
    FROM rows
    GROUP BY GROUPING SETS ((cohort), (channel), (signup)))
SELECT * FROM grouped ORDER BY dimension, value
