-- The chosen customers of high churn risk, most valuable first ($6 at most), with their drivers.
SELECT p.customer_id, p.segment, p.churn_probability, p.predicted_clv, p.reason_1, p.reason_2, p.reason_3
FROM {dash}.dash_predictions p SEMI JOIN chosen c ON c.customer_id = p.customer_id
WHERE p.churn_risk_band = 'high'
ORDER BY p.predicted_clv DESC NULLS LAST, p.churn_probability DESC, p.customer_id
LIMIT $6
