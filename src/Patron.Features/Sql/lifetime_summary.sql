-- Calibration/holdout summary per customer at a cutoff, in the conventions of Fader, Hardie & Lee (2005):
-- purchases of one customer on one day are one transaction (their line amounts summed); the first transaction
-- starts the customer's clock and is not counted in frequency; recency and T are measured from it.
-- Cutoffs are exclusive, as for the customer features: calibration holds the days strictly before {cutoff}, the
-- holdout the days from {cutoff} up to the day before {holdout_end}. T runs from the first purchase day to the last
-- calibration day ({cutoff} - 1), as in the published CDNOW summary; recency (t_x) likewise counts whole days.
-- Placeholders: {cutoff} first day after calibration (DATE literal), {holdout_end} first day after the holdout
-- (DATE literal; equal to {cutoff} when there is no holdout), {days_per_unit} (1 for days, 7 for weeks).
-- Reads only silver.orders (purchases with a customer) and silver.order_lines.
-- Amounts are summed as DECIMAL(38, 6): exact sums do not depend on the order rows arrive in, which varies with the
-- warehouse's threads, so the same silver tables always give the same summary bits (and the same fitted models).
WITH purchase_days AS (
    SELECT o.customer_id,
           CAST(o.ordered_at AS DATE)                                      AS day,
           SUM(CAST(COALESCE(l.line_amount, 0) AS DECIMAL(38, 6)))         AS amount
    FROM silver.orders AS o
    LEFT JOIN silver.order_lines AS l ON l.order_id = o.order_id
    WHERE o.is_purchase
      AND o.customer_id IS NOT NULL
      AND CAST(o.ordered_at AS DATE) < {holdout_end}
    GROUP BY o.customer_id, CAST(o.ordered_at AS DATE)
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
