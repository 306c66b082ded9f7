-- Reviews of the partition's purchases, both dated before the cutoff, per customer, streamed to the feature kernel.
-- Placeholders: cutoff, in_partition.
SELECT o.customer_id,
       count(*) AS review_count,
       avg(r.score) AS review_score_mean,
       avg(CASE WHEN r.score <= 2 THEN 1.0 ELSE 0.0 END) AS low_review_share
FROM silver.reviews r
JOIN silver.orders o ON o.order_id = r.order_id
WHERE o.customer_id IS NOT NULL
  AND {in_partition}
  AND o.ordered_at < DATE '{cutoff}'
  AND o.is_purchase
  AND r.created_at < DATE '{cutoff}'
  AND r.score IS NOT NULL
GROUP BY o.customer_id
