-- Experience: reviews (dated before the cutoff), delivery (delivered before the cutoff) and installments.
-- Columns are NULL for customers with none of the data, and for every customer of a source that lacks it.
CREATE OR REPLACE TEMP TABLE f_experience AS
WITH shop AS (
    SELECT count(*) > 0 AS has_reviews FROM silver.reviews WHERE created_at < DATE '{cutoff}' AND score IS NOT NULL),
rv AS (
    SELECT o.customer_id,
           count(*) AS review_count,
           avg(r.score) AS review_score_mean,
           avg(CASE WHEN r.score <= 2 THEN 1.0 ELSE 0.0 END) AS low_review_share
    FROM silver.reviews r
    JOIN fx_orders o ON o.order_id = r.order_id
    WHERE o.is_purchase AND r.created_at < DATE '{cutoff}' AND r.score IS NOT NULL
    GROUP BY o.customer_id),
d AS (
    SELECT customer_id,
           avg(date_diff('day', ordered_at, delivered_at)) FILTER (WHERE delivered_at < DATE '{cutoff}') AS delivery_days_mean,
           avg(date_diff('day', estimated_delivery_at, delivered_at))
               FILTER (WHERE delivered_at < DATE '{cutoff}' AND estimated_delivery_at IS NOT NULL) AS delivery_delay_mean,
           avg(installments) AS installments_mean
    FROM fx_orders
    WHERE is_purchase
    GROUP BY customer_id)
SELECT c.customer_id,
       CASE WHEN shop.has_reviews THEN coalesce(rv.review_count, 0) END AS review_count,
       rv.review_score_mean,
       rv.low_review_share,
       d.delivery_days_mean,
       d.delivery_delay_mean,
       d.installments_mean
FROM fx_customers c
CROSS JOIN shop
LEFT JOIN rv ON rv.customer_id = c.customer_id
LEFT JOIN d ON d.customer_id = c.customer_id;
