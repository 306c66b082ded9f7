-- Cohort retention: customers by the month of their first purchase (cohorts starting in the date range), the share
-- buying again n months later (up to the range's last day) and the cohort's average order value. A customer is active
-- in a month when a purchase of theirs in it has its previous purchase before the month.
, sizes AS (
    SELECT cohort, CAST(sum(customers) AS BIGINT) AS customers FROM {dash}cohort_sizes
    WHERE cell IN (SELECT cell FROM kept) AND cohort >= date_trunc('month', CAST($1 AS DATE)) AND cohort < CAST($2 AS DATE) + 1
    GROUP BY 1),
active AS (
    SELECT first_month AS cohort, date_diff('month', first_month, month) AS months_since,
           count(*) FILTER (WHERE prev_buy IS NULL OR prev_buy < month) AS active,
           CAST(sum(amount) AS DOUBLE) / count(*) AS aov
    FROM all_orders
    WHERE is_purchase AND first_month >= date_trunc('month', CAST($1 AS DATE)) AND first_month < CAST($2 AS DATE) + 1
      AND day >= date_trunc('month', CAST($1 AS DATE)) AND day <= CAST($2 AS DATE)
    GROUP BY 1, 2)
SELECT strftime(a.cohort, '%Y-%m') AS cohort, a.months_since, s.customers, a.active,
       a.active / s.customers AS retention, a.aov
FROM active a JOIN sizes s USING (cohort)
ORDER BY 1, 2
