-- Time: quarterly spend, weekday and hour habits, rolling windows, acceleration and trend. Reads fx_orders, fx_customers.
-- Net spend counts purchase amounts and the (negative) return amounts on their own dates.
CREATE OR REPLACE TEMP TABLE f_time AS
WITH o AS (
    SELECT customer_id, ordered_at, days_before, is_purchase, amount,
           CASE WHEN is_purchase THEN 1 ELSE 0 END AS purchase
    FROM fx_orders),
agg AS (
    SELECT customer_id,
           coalesce(sum(amount) FILTER (WHERE ordered_at >= DATE '{cutoff}' - INTERVAL 3 MONTH), 0) AS spend_quarter_1,
           coalesce(sum(amount) FILTER (WHERE ordered_at >= DATE '{cutoff}' - INTERVAL 6 MONTH AND ordered_at < DATE '{cutoff}' - INTERVAL 3 MONTH), 0) AS spend_quarter_2,
           coalesce(sum(amount) FILTER (WHERE ordered_at >= DATE '{cutoff}' - INTERVAL 9 MONTH AND ordered_at < DATE '{cutoff}' - INTERVAL 6 MONTH), 0) AS spend_quarter_3,
           coalesce(sum(amount) FILTER (WHERE ordered_at >= DATE '{cutoff}' - INTERVAL 12 MONTH AND ordered_at < DATE '{cutoff}' - INTERVAL 9 MONTH), 0) AS spend_quarter_4,
           sum(purchase) AS orders,
           count(*) FILTER (WHERE is_purchase AND isodow(ordered_at) IN (6, 7)) AS weekend_orders,
           count(*) FILTER (WHERE is_purchase AND hour(ordered_at) BETWEEN 0 AND 5) AS night_orders,
           count(*) FILTER (WHERE is_purchase AND hour(ordered_at) BETWEEN 6 AND 11) AS morning_orders,
           count(*) FILTER (WHERE is_purchase AND hour(ordered_at) BETWEEN 12 AND 17) AS afternoon_orders,
           count(*) FILTER (WHERE is_purchase AND hour(ordered_at) BETWEEN 18 AND 23) AS evening_orders,
           count(*) FILTER (WHERE is_purchase AND days_before <= 7) AS orders_7d,
           count(*) FILTER (WHERE is_purchase AND days_before <= 30) AS orders_30d,
           count(*) FILTER (WHERE is_purchase AND days_before <= 90) AS orders_90d,
           count(*) FILTER (WHERE is_purchase AND days_before <= 365) AS orders_365d,
           coalesce(sum(amount) FILTER (WHERE days_before <= 7), 0) AS spend_7d,
           coalesce(sum(amount) FILTER (WHERE days_before <= 30), 0) AS spend_30d,
           coalesce(sum(amount) FILTER (WHERE days_before <= 90), 0) AS spend_90d,
           coalesce(sum(amount) FILTER (WHERE days_before <= 365), 0) AS spend_365d,
           count(*) FILTER (WHERE is_purchase AND days_before BETWEEN 91 AND 180) AS orders_prev_90d,
           coalesce(sum(amount) FILTER (WHERE days_before BETWEEN 91 AND 180), 0) AS spend_prev_90d,
           -- Least squares over 12 fixed monthly points x = -m: the centred x sum to zero and their squares to 143.
           coalesce(sum((5.5 - (days_before - 1) // 30) * amount) FILTER (WHERE days_before <= 360), 0) / 143.0 AS monthly_spend_slope
    FROM o
    GROUP BY customer_id),
daily AS (
    SELECT customer_id, days_before, sum(amount) AS spend
    FROM o WHERE is_purchase
    GROUP BY customer_id, days_before),
windowed AS (
    SELECT customer_id,
           max(window_spend) AS max_spend_30d
    FROM (SELECT customer_id,
                 sum(spend) OVER (PARTITION BY customer_id ORDER BY -days_before RANGE BETWEEN 29 PRECEDING AND CURRENT ROW) AS window_spend
          FROM daily)
    GROUP BY customer_id)
SELECT c.customer_id,
       a.spend_quarter_1, a.spend_quarter_2, a.spend_quarter_3, a.spend_quarter_4,
       a.weekend_orders / a.orders AS weekend_share,
       a.night_orders / a.orders AS hour_share_night,
       a.morning_orders / a.orders AS hour_share_morning,
       a.afternoon_orders / a.orders AS hour_share_afternoon,
       a.evening_orders / a.orders AS hour_share_evening,
       a.orders_7d, a.orders_30d, a.orders_90d, a.orders_365d,
       a.spend_7d, a.spend_30d, a.spend_90d, a.spend_365d,
       a.orders_prev_90d, a.spend_prev_90d,
       a.orders_90d - a.orders_prev_90d AS order_acceleration,
       a.spend_90d - a.spend_prev_90d AS spend_acceleration,
       a.monthly_spend_slope,
       w.max_spend_30d
FROM fx_customers c
JOIN agg a ON a.customer_id = c.customer_id
LEFT JOIN windowed w ON w.customer_id = c.customer_id;
