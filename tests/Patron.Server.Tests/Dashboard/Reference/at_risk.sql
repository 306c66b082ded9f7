-- The run's customers of high churn risk (predictions.csv), most valuable first, the first $6.
, scores AS (
    SELECT customer_id, nullif(churn_risk_band, '') AS band, TRY_CAST(nullif(churn_probability, '') AS DOUBLE) AS churn_probability,
           TRY_CAST(nullif(predicted_clv, '') AS DOUBLE) AS predicted_clv, nullif(reason_1, '') AS reason_1,
           nullif(reason_2, '') AS reason_2, nullif(reason_3, '') AS reason_3
    FROM read_csv('{predictions}', header = true, all_varchar = true))
SELECT s.customer_id, c.segment, s.churn_probability, s.predicted_clv, s.reason_1, s.reason_2, s.reason_3
FROM scores s JOIN chosen c USING (customer_id)
WHERE c.in_run AND s.band = 'high'
ORDER BY s.predicted_clv DESC NULLS LAST, s.churn_probability DESC, s.customer_id
LIMIT $6
