-- Segments of the run among the chosen customers: size and revenue in the date range, and the mean churn probability
-- and predicted CLV straight from predictions.csv, and the first action by name among the segment's customers.
, scores AS (
    SELECT customer_id, TRY_CAST(nullif(churn_probability, '') AS DOUBLE) AS churn_probability,
           TRY_CAST(nullif(predicted_clv, '') AS DOUBLE) AS predicted_clv,
           nullif(recommended_action, '') AS recommended_action
    FROM read_csv('{predictions}', header = true, all_varchar = true)),
revenue AS (SELECT segment, sum(amount) AS revenue FROM sales WHERE in_run GROUP BY segment),
members AS (
    SELECT c.segment, count(*) AS customers, avg(p.churn_probability) AS mean_churn, avg(p.predicted_clv) AS mean_clv,
           min(p.recommended_action) AS recommended_action
    FROM chosen c JOIN scores p USING (customer_id) WHERE c.in_run GROUP BY c.segment)
SELECT m.segment, m.customers, CAST(coalesce(r.revenue, 0) AS DOUBLE) AS revenue, m.mean_churn, m.mean_clv,
       m.recommended_action
FROM members m LEFT JOIN revenue r ON r.segment IS NOT DISTINCT FROM m.segment
ORDER BY revenue DESC, m.segment
