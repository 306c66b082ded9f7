-- Distribution of the run's churn probability among the chosen customers, in ten bins of 0.1: the kept cells' counts
-- (risk_bins) summed.
SELECT bin_low, bin_high, CAST(sum(customers) AS BIGINT) AS customers
FROM {dash}risk_bins
WHERE cell IN (SELECT cell FROM kept)
GROUP BY 1, 2 ORDER BY 1
