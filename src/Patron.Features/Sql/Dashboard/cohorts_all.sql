-- Cohort retention without a customer criterion (cohorts.sql's figures, the same definitions): the active customers
-- and purchases of each cohort and month summed from the purchases per day and cohort (cohort_days, tables.sql)
-- instead of every purchase.
, sizes AS (
    SELECT cohort, CAST(sum(customers) AS BIGINT) AS customers FROM {dash}cohort_sizes
    WHERE cell IN (SELECT cell FROM kept) AND cohort >= date_trunc('month', CAST($1 AS DATE)) AND cohort < CAST($2 AS DATE) + 1
    GROUP BY 1),
active AS (
    SELECT first_month AS cohort, date_diff('month', first_month, CAST(date_trunc('month', day) AS DATE)) AS months_since,
           CAST(sum(active) AS BIGINT) AS active,
           CAST(sum(amount) AS DOUBLE) / CAST(sum(purchases) AS BIGINT) AS aov
    FROM {dash}cohort_days
    WHERE first_month >= date_trunc('month', CAST($1 AS DATE)) AND first_month < CAST($2 AS DATE) + 1
      AND day >= date_trunc('month', CAST($1 AS DATE)) AND day <= CAST($2 AS DATE)
    GROUP BY 1, 2)
SELECT strftime(a.cohort, '%Y-%m') AS cohort, a.months_since, s.customers, a.active,
       a.active / s.customers AS retention, a.aov
FROM active a JOIN sizes s USING (cohort)
ORDER BY 1, 2
