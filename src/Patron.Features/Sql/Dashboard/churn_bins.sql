-- Distribution of the run's churn probability among the chosen customers, in ten bins of 0.1.
SELECT least(floor(p.churn_probability * 10), 9) / 10 AS bin_low,
       (least(floor(p.churn_probability * 10), 9) + 1) / 10 AS bin_high,
       count(*) AS customers
FROM {dash}.dash_predictions p SEMI JOIN chosen c ON c.customer_id = p.customer_id
WHERE p.churn_probability IS NOT NULL
GROUP BY 1, 2 ORDER BY 1
