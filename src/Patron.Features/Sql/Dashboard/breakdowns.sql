-- Average order value, customers and revenue per customer in the date range by first-purchase cohort, acquisition
-- channel and signup month: the range's orders summed once by (cohort, cell, signup month), then rolled up by each
-- dimension. A customer counts once, on the order whose previous order is before the range.
, parts AS (
    SELECT first_month, cell, signup,
           count(*) FILTER (WHERE prev_day IS NULL OR prev_day < CAST($1 AS DATE)) AS customers,
           count(*) FILTER (WHERE is_purchase) AS orders,
           sum(amount) FILTER (WHERE is_purchase) AS purchase_amount,
           sum(amount) AS amount
    FROM sales GROUP BY first_month, cell, signup),
rows AS (SELECT p.*, coalesce(k.channel, '(unknown)') AS channel FROM parts p JOIN kept k USING (cell)),
grouped AS (
    SELECT CASE WHEN grouping(first_month) = 0 THEN 'cohort' WHEN grouping(channel) = 0 THEN 'channel' ELSE 'signup_month' END AS dimension,
           CASE WHEN grouping(first_month) = 0 THEN strftime(first_month, '%Y-%m') WHEN grouping(channel) = 0 THEN channel
                ELSE coalesce(strftime(signup, '%Y-%m'), '(unknown)') END AS value,
           CAST(sum(customers) AS BIGINT) AS customers,
           CAST(sum(orders) AS BIGINT) AS orders,
           CAST(sum(purchase_amount) AS DOUBLE) / nullif(sum(orders), 0) AS aov,
           CAST(sum(amount) AS DOUBLE) / sum(customers) AS revenue_per_customer
    FROM rows
    GROUP BY GROUPING SETS ((first_month), (channel), (signup)))
SELECT * FROM grouped ORDER BY dimension, value
