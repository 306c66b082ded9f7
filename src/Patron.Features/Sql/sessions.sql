-- Sessions of known customers started before the cutoff; session_count is NULL when the shop has none at all.
CREATE OR REPLACE TEMP TABLE f_sessions AS
WITH s AS (
    SELECT customer_id,
           count(*) AS session_count,
           avg(CAST(duration_sec AS DECIMAL(18, 6))) AS session_duration_mean,
           avg(page_views) AS views_per_session,
           avg(CASE WHEN purchased THEN 1.0 ELSE 0.0 END) AS session_purchase_rate,
           date_diff('day', max(CAST(started_at AS DATE)), DATE '{cutoff}') AS days_since_last_session
    FROM silver.sessions
    WHERE customer_id IS NOT NULL AND started_at < DATE '{cutoff}'
    GROUP BY customer_id),
shop AS (
    SELECT count(*) > 0 AS has_sessions FROM silver.sessions WHERE customer_id IS NOT NULL AND started_at < DATE '{cutoff}')
SELECT c.customer_id,
       CASE WHEN shop.has_sessions THEN coalesce(s.session_count, 0) END AS session_count,
       s.session_duration_mean,
       s.views_per_session,
       s.session_purchase_rate,
       s.days_since_last_session
FROM fx_customers c
CROSS JOIN shop
LEFT JOIN s ON s.customer_id = c.customer_id;
