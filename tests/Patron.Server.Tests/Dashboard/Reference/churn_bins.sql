-- Customers of the run per tenth of churn probability, straight from predictions.csv.
, scores AS (
    SELECT customer_id, TRY_CAST(nullif(churn_probability, '') AS DOUBLE) AS p
    FROM read_csv('{predictions}', header = true, all_varchar = true))
SELECT least(floor(s.p * 10), 9) / 10 AS bin_low, (least(floor(s.p * 10), 9) + 1) / 10 AS bin_high, count(*) AS customers
FROM scores s JOIN chosen c USING (customer_id)
WHERE c.in_run AND s.p IS NOT NULL
GROUP BY 1, 2 ORDER BY 1
