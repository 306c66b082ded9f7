-- Monthly revenue, orders, average order value, active and new customers in the date range: sums from the per-day
-- table; a customer is active in a month when a purchase of theirs in it (and in the range) has its previous purchase
-- before the month's part of the range, and new when that month is the one of their first purchase ever.
, sums AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS m, CAST(sum(revenue) AS DOUBLE) AS revenue,
           CAST(sum(purchases) AS BIGINT) AS orders, CAST(sum(purchase_revenue) AS DOUBLE) / nullif(sum(purchases), 0) AS aov
    FROM days GROUP BY 1),
buyers AS (
    SELECT month AS m,
           count(*) FILTER (WHERE prev_buy IS NULL OR prev_buy < greatest(month, CAST($1 AS DATE))) AS active_customers,
           count(*) FILTER (WHERE (prev_buy IS NULL OR prev_buy < greatest(month, CAST($1 AS DATE))) AND first_month = month) AS new_customers
    FROM sales WHERE is_purchase GROUP BY 1)
SELECT strftime(s.m, '%Y-%m') AS month, s.revenue, s.orders, s.aov,
       coalesce(b.active_customers, 0) AS active_customers, coalesce(b.new_customers, 0) AS new_customers
FROM sums s LEFT JOIN buyers b USING (m)
ORDER BY 1
