-- One page of the chosen customers of the run, with the total: $6 sort (churn, clv, revenue, id), $7 rows to skip,
-- $8 page size. Revenue is the date range's.
, spend AS (SELECT customer_id, sum(amount) AS revenue FROM sales GROUP BY customer_id),
listed AS (
    SELECT p.customer_id, p.segment, c.country, c.channel, p.churn_probability, p.churn_risk_band, p.predicted_clv,
           p.p_alive, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue, p.reason_1, p.rn
    FROM {dash}.dash_predictions p
    JOIN chosen c ON c.customer_id = p.customer_id
    LEFT JOIN spend s ON s.customer_id = p.customer_id)
SELECT *, count(*) OVER () AS total
FROM listed
ORDER BY CASE WHEN $6 = 'churn' THEN churn_probability WHEN $6 = 'clv' THEN predicted_clv WHEN $6 = 'revenue' THEN revenue END DESC NULLS LAST,
         customer_id
LIMIT $8 OFFSET $7
