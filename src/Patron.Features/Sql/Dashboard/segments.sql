-- Segments of the run among the chosen customers: size, revenue in the date range (per-day sums by cell), mean churn
-- probability and CLV, the recommended action.
, revenue AS (SELECT k.segment, sum(d.revenue) AS revenue FROM days d JOIN kept k USING (cell) WHERE k.in_run GROUP BY k.segment),
members AS (
    SELECT segment, count(*) AS customers, avg(churn_probability) AS mean_churn, avg(predicted_clv) AS mean_clv,
           any_value(recommended_action) AS recommended_action
    FROM chosen WHERE in_run GROUP BY segment)
SELECT m.segment, m.customers, CAST(coalesce(r.revenue, 0) AS DOUBLE) AS revenue, m.mean_churn, m.mean_clv,
       m.recommended_action
FROM members m LEFT JOIN revenue r ON r.segment IS NOT DISTINCT FROM m.segment
ORDER BY revenue DESC, m.segment
