-- Segments of the run among the chosen customers: size, revenue in the date range (per-day sums by cell), mean churn
-- probability and CLV (from the kept cells' sums and counts, cell_people), the recommended action.
, revenue AS (SELECT k.segment, sum(d.revenue) AS revenue FROM days d JOIN kept k USING (cell) WHERE k.in_run GROUP BY k.segment),
members AS (
    SELECT k.segment, CAST(sum(c.customers) AS BIGINT) AS customers,
           sum(c.churn_sum) / nullif(sum(c.churn_count), 0) AS mean_churn,
           sum(c.clv_sum) / nullif(sum(c.clv_count), 0) AS mean_clv,
           min(c.recommended_action) AS recommended_action
    FROM {dash}cell_people c JOIN kept k USING (cell)
    WHERE k.in_run GROUP BY k.segment)
SELECT m.segment, m.customers, CAST(coalesce(r.revenue, 0) AS DOUBLE) AS revenue, m.mean_churn, m.mean_clv,
       m.recommended_action
FROM members m LEFT JOIN revenue r ON r.segment IS NOT DISTINCT FROM m.segment
ORDER BY revenue DESC, m.segment
