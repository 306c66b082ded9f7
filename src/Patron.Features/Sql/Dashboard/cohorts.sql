-- Cohort retention: customers by the month of their first purchase (cohorts starting in the date range), the share
-- buying again n months later (up to the range's last day) and the cohort's average order value.
, firsts AS (
    SELECT customer_id, date_trunc('month', min(ordered_at)) AS cohort FROM all_orders WHERE is_purchase GROUP BY customer_id),
cohort AS (
    SELECT f.customer_id, f.cohort FROM firsts f, params WHERE f.cohort >= date_trunc('month', d_from) AND f.cohort < d_to + 1),
sizes AS (SELECT cohort, count(*) AS customers FROM cohort GROUP BY cohort),
active AS (
    SELECT c.cohort, date_diff('month', c.cohort, date_trunc('month', a.ordered_at)) AS months_since,
           count(DISTINCT a.customer_id) AS active, CAST(sum(a.amount) AS DOUBLE) / count(*) AS aov
    FROM cohort c JOIN all_orders a ON a.customer_id = c.customer_id AND a.is_purchase, params
    WHERE a.ordered_at < d_to + 1
    GROUP BY 1, 2)
SELECT strftime(a.cohort, '%Y-%m') AS cohort, a.months_since, s.customers, a.active,
       a.active / s.customers AS retention, a.aov
FROM active a JOIN sizes s USING (cohort)
ORDER BY 1, 2
