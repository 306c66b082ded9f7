-- The chosen customers of high churn risk, most valuable first ($6 at most, no more than the 200 of risk_top per
-- cell: DashboardQueries reads at_risk_all.sql for more), with their drivers: the first $6 of the kept cells' first
-- 200 are the first $6 of all their customers.
SELECT customer_id, segment, churn_probability, predicted_clv, reason_1, reason_2, reason_3
FROM {dash}risk_top
WHERE cell IN (SELECT cell FROM kept)
ORDER BY predicted_clv DESC NULLS LAST, churn_probability DESC, customer_id
LIMIT $6
