-- Labels over the horizon: orders with cutoff <= ordered_at < cutoff + horizon days, for every customer of the cutoff
-- (fx_population: customer_id and purchases before the cutoff, from the feature kernel), with the high-value thresholds as quantiles over that
-- whole population. Never joined into features. Placeholders: cutoff, horizon (days).
CREATE OR REPLACE TEMP TABLE fx_labels AS
WITH w AS (
    SELECT o.order_id, o.customer_id, o.is_purchase
    FROM silver.orders o
    WHERE o.customer_id IS NOT NULL
      AND ordered_at >= DATE '{cutoff}'
      AND ordered_at < DATE '{cutoff}' + INTERVAL {horizon} DAY
      AND (is_purchase OR is_cancellation)),
a AS (
    SELECT w.customer_id, w.order_id, w.is_purchase,
           coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (w.is_purchase OR l.line_amount < 0)), 0) AS amount
    FROM w LEFT JOIN silver.order_lines l ON l.order_id = w.order_id
    GROUP BY w.customer_id, w.order_id, w.is_purchase),
f AS (
    SELECT customer_id, count(*) FILTER (WHERE is_purchase) AS future_orders, sum(amount) AS future_spend
    FROM a GROUP BY customer_id),
base AS (
    SELECT c.customer_id,
           coalesce(f.future_orders, 0) AS future_orders,
           coalesce(f.future_spend, 0) AS future_spend,
           c.orders = 1 AS one_time_buyer
    FROM fx_population c
    LEFT JOIN f ON f.customer_id = c.customer_id),
q AS (
    SELECT quantile_cont(future_spend, 0.75) AS p75, quantile_cont(future_spend, 0.95) AS p95 FROM base)
SELECT b.customer_id,
       DATE '{cutoff}' AS cutoff,
       CAST({horizon} AS INTEGER) AS horizon_days,
       b.future_orders = 0 AS churn,
       b.future_orders > 0 AS "repeat",
       b.one_time_buyer,
       b.future_orders,
       b.future_spend,
       -- A threshold of zero would call every churner high value: money must actually come in.
       b.future_spend >= q.p75 AND b.future_spend > 0 AS high_value,
       b.future_spend >= q.p95 AND b.future_spend > 0 AS top5
FROM base b CROSS JOIN q;
