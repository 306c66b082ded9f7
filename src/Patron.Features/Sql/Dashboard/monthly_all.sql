-- Monthly figures without a customer criterion (monthly.sql's, the same definitions): customers counted from the
-- purchases per day and previous purchase day (links, tables.sql, kind 1) instead of every purchase.
, sums AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS m, CAST(sum(revenue) AS DOUBLE) AS revenue,
           CAST(sum(purchases) AS BIGINT) AS orders, CAST(sum(purchase_revenue) AS DOUBLE) / nullif(sum(purchases), 0) AS aov
    FROM days GROUP BY 1),
buyers AS (
    SELECT m,
           CAST(coalesce(sum(n) FILTER (WHERE other IS NULL OR other < greatest(m, CAST($1 AS DATE))), 0) AS BIGINT) AS active_customers,
           CAST(coalesce(sum(n) FILTER (WHERE (other IS NULL OR other < greatest(m, CAST($1 AS DATE))) AND same_month), 0) AS BIGINT) AS new_customers
    FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS m, other, same_month, n FROM {dash}links
          WHERE kind = 1 AND day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
    GROUP BY m)
SELECT strftime(s.m, '%Y-%m') AS month, s.revenue, s.orders, s.aov,
       coalesce(b.active_customers, 0) AS active_customers, coalesce(b.new_customers, 0) AS new_customers
FROM sums s LEFT JOIN buyers b USING (m)
ORDER BY 1
