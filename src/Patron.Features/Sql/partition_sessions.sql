-- Web sessions of the partition's customers started before the cutoff, per customer, streamed to the feature kernel.
-- Placeholders: cutoff, in_partition.
SELECT o.customer_id,
       count(*) AS session_count,
       avg(CAST(o.duration_sec AS DECIMAL(18, 6))) AS session_duration_mean,
       avg(o.page_views) AS views_per_session,
       avg(CASE WHEN o.purchased THEN 1.0 ELSE 0.0 END) AS session_purchase_rate,
       date_diff('day', max(CAST(o.started_at AS DATE)), DATE '{cutoff}') AS days_since_last_session
FROM silver.sessions o
WHERE o.customer_id IS NOT NULL
  AND {in_partition}
  AND o.started_at < DATE '{cutoff}'
GROUP BY o.customer_id
