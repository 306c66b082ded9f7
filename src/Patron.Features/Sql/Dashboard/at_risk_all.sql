-- The chosen customers of high churn risk, most valuable first ($6 at most), with their drivers, from every customer
-- (a list longer than risk_top keeps per cell).
SELECT customer_id, segment, churn_probability, predicted_clv, reason_1, reason_2, reason_3
FROM chosen
WHERE in_run AND churn_risk_band = 'high'
ORDER BY predicted_clv DESC NULLS LAST, churn_probability DESC, customer_id
LIMIT $6
