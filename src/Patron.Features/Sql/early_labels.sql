-- Labels of the early-high-value cohort (fe_features) over the horizon after the cutoff, by the very rule of the
-- customer labels (labels.sql, run just before on fx_population = every customer with a purchase before the cutoff):
-- top5 = future spend at or above the 95th percentile of the whole population's future spend (zeros included) and
-- above zero; top25 = the same at the 75th percentile (the high_value label). Placeholders: horizon (days).
CREATE OR REPLACE TEMP TABLE fe_labels AS
SELECT f.customer_id,
       f.cutoff,
       CAST({horizon} AS INTEGER) AS horizon_days,
       CAST(l.future_spend AS DOUBLE) AS future_spend,
       l.top5,
       l.high_value AS top25
FROM fe_features f
JOIN fx_labels l ON l.customer_id = f.customer_id
ORDER BY f.customer_id;
