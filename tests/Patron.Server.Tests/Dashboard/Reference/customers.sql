-- One page of the chosen customers of the run by churn probability or predicted CLV (highest first, customers without
-- one last) or by id, with the date range's revenue and the total, straight from predictions.csv and the orders:
-- $6 the sort ('churn', 'clv' or 'id'), $7 rows to skip, $8 page size.
, scores AS (
    SELECT customer_id, TRY_CAST(churn_probability AS DOUBLE) AS churn_probability,
           TRY_CAST(predicted_clv AS DOUBLE) AS predicted_clv
    FROM read_csv('{predictions}', header = true, all_varchar = true)),
spend AS (SELECT customer_id, sum(amount) AS revenue FROM sales WHERE in_run GROUP BY customer_id)
SELECT c.customer_id, p.churn_probability, p.predicted_clv, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue,
       count(*) OVER () AS total
FROM chosen c JOIN scores p USING (customer_id) LEFT JOIN spend s USING (customer_id)
WHERE c.in_run
ORDER BY CASE WHEN $6 = 'churn' THEN p.churn_probability WHEN $6 = 'clv' THEN p.predicted_clv END DESC NULLS LAST,
         c.customer_id
LIMIT $8 OFFSET $7
