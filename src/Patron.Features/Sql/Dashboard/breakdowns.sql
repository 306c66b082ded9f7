-- Average order value, customers and revenue per customer in the date range by first-purchase cohort, acquisition
-- channel and signup month. The range's whole months [$6, $7) are read from the monthly sums (months), its days
-- before and after them ([$1, $6) and [$7, $2]) from the orders; $8 is the first day of $1's month ($6 = $7 = $2 + 1
-- when the range holds no whole month). A customer counts once, on the order whose previous order is before the
-- range: in the whole months those whose previous order's month is before $8's, plus those whose previous order
-- falls in [$8, $1) (counted on that previous order, whose next order is in the whole months); in the other days
-- straight from prev_day. Then rolled up by each dimension.
, parts AS (
    SELECT first_month, cell, signup,
           sum(rows) FILTER (WHERE prev_month IS NULL OR prev_month < CAST($8 AS DATE)) AS customers,
           sum(purchases) AS orders, sum(purchase_amount) AS purchase_amount, sum(amount) AS amount
    FROM {dash}months
    WHERE cell IN (SELECT cell FROM kept) AND month >= CAST($6 AS DATE) AND month < CAST($7 AS DATE)
    GROUP BY first_month, cell, signup
    UNION ALL
    SELECT first_month, cell, signup, count(*) FILTER (WHERE prev_day IS NULL OR prev_day < CAST($1 AS DATE)),
           count(*) FILTER (WHERE is_purchase), sum(amount) FILTER (WHERE is_purchase), sum(amount)
    FROM all_orders WHERE day >= CAST($1 AS DATE) AND day < CAST($6 AS DATE)
    GROUP BY first_month, cell, signup
    UNION ALL
    SELECT first_month, cell, signup, count(*) FILTER (WHERE prev_day IS NULL OR prev_day < CAST($1 AS DATE)),
           count(*) FILTER (WHERE is_purchase), sum(amount) FILTER (WHERE is_purchase), sum(amount)
    FROM all_orders WHERE day >= CAST($7 AS DATE) AND day <= CAST($2 AS DATE)
    GROUP BY first_month, cell, signup
    UNION ALL
    SELECT first_month, cell, signup, count(*), 0, NULL, NULL
    FROM all_orders
    WHERE day >= CAST($8 AS DATE) AND day < CAST($1 AS DATE) AND next_day >= CAST($6 AS DATE) AND next_day < CAST($7 AS DATE)
    GROUP BY first_month, cell, signup),
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
