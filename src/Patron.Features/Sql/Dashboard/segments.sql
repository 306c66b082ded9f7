-- Segments of the run among the chosen customers: size, revenue in the date range, mean churn probability and CLV,
-- the recommended action.
, spend AS (SELECT customer_id, sum(amount) AS revenue FROM sales GROUP BY customer_id)
SELECT p.segment,
       count(*) AS customers,
       CAST(coalesce(sum(s.revenue), 0) AS DOUBLE) AS revenue,
       avg(p.churn_probability) AS mean_churn,
       avg(p.predicted_clv) AS mean_clv,
       any_value(p.recommended_action) AS recommended_action
FROM {dash}.dash_predictions p
SEMI JOIN chosen c ON c.customer_id = p.customer_id
LEFT JOIN spend s ON s.customer_id = p.customer_id
GROUP BY p.segment
ORDER BY revenue DESC, p.segment
