-- Calibration/holdout summary per customer at a cutoff, in the conventions of Fader, Hardie & Lee (2005):
-- purchases of one customer on one day are one transaction (their line amounts summed); the first transaction
-- starts the customer's clock and is not counted in frequency; recency and T are measured from it.
-- Placeholders: {cutoff} last calibration day (DATE literal, inclusive), {holdout_end} last holdout day
-- (DATE literal, inclusive; equal to {cutoff} when there is no holdout), {days_per_unit} (1 for days, 7 for weeks).
-- Reads only silver.orders (purchases with a customer) and silver.order_lines.
WITH purchase_days AS (
    SELECT o.customer_id,
           CAST(o.ordered_at AS DATE)     AS day,
           SUM(COALESCE(l.line_amount, 0)) AS amount
    FROM silver.orders AS o
    LEFT JOIN silver.order_lines AS l ON l.order_id = o.order_id
    WHERE o.is_purchase
      AND o.customer_id IS NOT NULL
      AND CAST(o.ordered_at AS DATE) <= {holdout_end}
    GROUP BY o.customer_id, CAST(o.ordered_at AS DATE)
),
first_days AS (
    SELECT customer_id, MIN(day) AS first_day
    FROM purchase_days
    GROUP BY customer_id
    HAVING MIN(day) <= {cutoff}
)
SELECT f.customer_id,
       CAST(COUNT(*) FILTER (WHERE p.day > f.first_day AND p.day <= {cutoff}) AS INTEGER)          AS frequency,
       CAST(MAX(p.day) FILTER (WHERE p.day <= {cutoff}) - f.first_day AS DOUBLE) / {days_per_unit} AS recency,
       CAST({cutoff} - f.first_day AS DOUBLE) / {days_per_unit}                                    AS t,
       COALESCE(AVG(p.amount) FILTER (WHERE p.day > f.first_day AND p.day <= {cutoff}), 0.0)       AS mean_repeat_spend,
       CAST(COUNT(*) FILTER (WHERE p.day > {cutoff}) AS INTEGER)                                    AS holdout_frequency,
       COALESCE(SUM(p.amount) FILTER (WHERE p.day > {cutoff}), 0.0)                                 AS holdout_spend
FROM first_days AS f
JOIN purchase_days AS p USING (customer_id)
GROUP BY f.customer_id, f.first_day
ORDER BY f.customer_id;
