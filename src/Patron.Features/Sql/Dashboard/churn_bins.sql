-- Distribution of the run's churn probability among the chosen customers, in ten bins of 0.1.
SELECT least(floor(churn_probability * 10), 9) / 10 AS bin_low,
       (least(floor(churn_probability * 10), 9) + 1) / 10 AS bin_high,
       count(*) AS customers
FROM chosen
WHERE in_run AND churn_probability IS NOT NULL
GROUP BY 1, 2 ORDER BY 1
