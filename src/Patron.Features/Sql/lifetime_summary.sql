-- Calibration/holdout summary per customer at a cutoff, in the conventions of Fader, Hardie & Lee (2005):
-- purchases of one customer on one day are one transaction (their line amounts summed); the first transaction
-- starts the customer's clock and is not counted in frequency; recency and T are measured from it.
-- Cutoffs are exclusive, as for the customer features: calibration holds the days strictly before {cutoff}, the
-- holdout the days from {cutoff} up to the day before {holdout_end}. T runs from the first purchase day to the last
-- calibration day ({cutoff} - 1), as in the published CDNOW summary; recency (t_x) likewise counts whole days.
-- Placeholders: {cutoff} first day after calibration (DATE literal), {holdout_end} first day after the holdout
-- (DATE literal; equal to {cutoff} when there is no holdout), {days_per_unit} (1 for days, 7 for weeks), and
-- purchase_days (in braces below): the rows of lifetime_purchase_days.sql up to the holdout's end or later, as a
-- subquery or as the temporary table several cutoffs share (the days from the holdout's end on are left out here).
WITH purchase_days AS (
    SELECT customer_id, day, amount
    FROM {purchase_days}
    WHERE day < {holdout_end}
),
first_days AS (
    SELECT customer_id, MIN(day) AS first_day
    FROM purchase_days
    GROUP BY customer_id
    HAVING MIN(day) < {cutoff}
)
SELECT f.customer_id,
       CAST(COUNT(*) FILTER (WHERE p.day > f.first_day AND p.day < {cutoff}) AS INTEGER)           AS frequency,
       CAST(MAX(p.day) FILTER (WHERE p.day < {cutoff}) - f.first_day AS DOUBLE) / {days_per_unit}  AS recency,
       CAST({cutoff} - f.first_day - 1 AS DOUBLE) / {days_per_unit}                                AS t,
       CAST(COALESCE(SUM(p.amount) FILTER (WHERE p.day > f.first_day AND p.day < {cutoff}), 0) AS DOUBLE)
         / greatest(COUNT(*) FILTER (WHERE p.day > f.first_day AND p.day < {cutoff}), 1)            AS mean_repeat_spend,
       CAST(COUNT(*) FILTER (WHERE p.day >= {cutoff}) AS INTEGER)                                   AS holdout_frequency,
       CAST(COALESCE(SUM(p.amount) FILTER (WHERE p.day >= {cutoff}), 0) AS DOUBLE)                  AS holdout_spend
FROM first_days AS f
JOIN purchase_days AS p USING (customer_id)
GROUP BY f.customer_id, f.first_day
ORDER BY f.customer_id;
