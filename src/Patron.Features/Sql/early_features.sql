-- Early high value: the customers whose first purchase lies in the 30 days before the cutoff (cutoff - 30 days <=
-- first ordered_at < cutoff), described by those 30 days only: their first purchase, every purchase and return of the
-- window (which is all they ever did before the cutoff), their web sessions started in the window and their attributes
-- as of the cutoff (as customer_side.sql picks them). Money as the customer features count it: purchase line amounts,
-- return documents' negative amounts, outlier lines left out; non-product lines are money but not units or categories.
-- Placeholders: cutoff, window (days). Writes the temporary table fe_features.
CREATE OR REPLACE TEMP TABLE fe_features AS
WITH purchases AS (
    SELECT customer_id, order_id, ordered_at, payment_method,
           row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at, order_id) AS n
    FROM silver.orders
    WHERE customer_id IS NOT NULL AND is_purchase AND ordered_at < DATE '{cutoff}'),
cohort AS (
    SELECT customer_id, order_id AS first_order_id, ordered_at AS first_ordered_at
    FROM purchases
    WHERE n = 1 AND ordered_at >= DATE '{cutoff}' - INTERVAL {window} DAY),
window_orders AS (
    SELECT o.customer_id, o.order_id, o.is_purchase, o.order_id = c.first_order_id AS is_first
    FROM silver.orders o
    JOIN cohort c ON c.customer_id = o.customer_id
    WHERE o.ordered_at >= DATE '{cutoff}' - INTERVAL {window} DAY
      AND o.ordered_at < DATE '{cutoff}'
      AND (o.is_purchase OR o.is_cancellation)),
lines AS (
    SELECT w.customer_id, w.order_id, w.is_purchase, w.is_first,
           CAST(l.line_amount AS DECIMAL(18, 6)) AS amount,
           CAST(l.quantity AS DECIMAL(18, 6)) AS quantity,
           coalesce(l.discount, 0) AS discount,
           CASE WHEN p.is_non_product THEN NULL ELSE p.category END AS category,
           coalesce(p.is_non_product, false) AS non_product
    FROM window_orders w
    JOIN silver.order_lines l ON l.order_id = w.order_id AND NOT l.is_outlier
    LEFT JOIN (SELECT rowid AS product_row, product_id, category, brand, margin, is_non_product
               FROM silver.product_versions
               WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')
               QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
           ON p.product_id = l.product_id
    WHERE w.is_purchase OR l.line_amount < 0),
first_category AS (
    SELECT customer_id, first(category ORDER BY spend DESC, category) AS first_order_category
    FROM (SELECT customer_id, category, sum(amount) AS spend
          FROM lines WHERE is_first AND category IS NOT NULL AND amount > 0 GROUP BY customer_id, category)
    GROUP BY customer_id),
per_order AS (
    SELECT customer_id, order_id, is_purchase, is_first,
           sum(amount) AS amount,
           sum(quantity) FILTER (WHERE NOT non_product) AS units,
           count(*) AS line_count,
           sum(discount) > 0 AS discounted
    FROM lines GROUP BY customer_id, order_id, is_purchase, is_first),
money AS (
    SELECT c.customer_id,
           sum(p.amount) FILTER (WHERE p.is_first) AS first_order_value,
           sum(p.units) FILTER (WHERE p.is_first) AS first_order_items,
           sum(p.line_count) FILTER (WHERE p.is_first) AS first_order_lines,
           bool_or(p.discounted) FILTER (WHERE p.is_first) AS first_order_discounted,
           sum(p.amount) AS spend_30d,
           sum(p.units) FILTER (WHERE p.is_purchase) AS items_30d,
           count(*) FILTER (WHERE p.is_purchase AND p.discounted) AS discounted_orders
    FROM cohort c
    LEFT JOIN per_order p ON p.customer_id = c.customer_id
    GROUP BY c.customer_id),
counts AS (
    SELECT customer_id,
           count(*) FILTER (WHERE is_purchase) AS orders_30d,
           count(*) FILTER (WHERE NOT is_purchase) AS return_orders_30d
    FROM window_orders GROUP BY customer_id),
categories AS (
    SELECT customer_id,
           count(DISTINCT category) FILTER (WHERE is_first AND is_purchase AND amount > 0) AS first_order_categories,
           count(DISTINCT category) FILTER (WHERE is_purchase AND amount > 0) AS distinct_categories_30d
    FROM lines GROUP BY customer_id),
shop AS (
    SELECT EXISTS (SELECT 1 FROM silver.sessions WHERE customer_id IS NOT NULL AND started_at < DATE '{cutoff}') AS has_sessions),
sessions AS (
    SELECT s.customer_id,
           count(*) AS sessions_30d,
           count(*) FILTER (WHERE s.started_at < c.first_ordered_at) AS sessions_before_first_order,
           avg(CAST(s.duration_sec AS DECIMAL(18, 6))) AS session_duration_mean_30d,
           avg(s.page_views) AS views_per_session_30d
    FROM silver.sessions s
    JOIN cohort c ON c.customer_id = s.customer_id
    WHERE s.started_at >= DATE '{cutoff}' - INTERVAL {window} DAY
      AND s.started_at < DATE '{cutoff}'
    GROUP BY s.customer_id),
attributes AS (
    SELECT v.customer_id,
           CASE WHEN v.registered_at < DATE '{cutoff}' THEN CAST(v.registered_at AS DATE) END AS registered,
           v.acquisition_channel,
           v.country
    FROM silver.customer_versions v
    JOIN cohort c ON c.customer_id = v.customer_id
    WHERE (v.valid_from < DATE '{cutoff}' OR v.version = 1) AND (v.valid_to IS NULL OR v.valid_to >= DATE '{cutoff}'))
SELECT c.customer_id,
       DATE '{cutoff}' AS cutoff,
       CAST(coalesce(m.first_order_value, 0) AS DOUBLE) AS first_order_value,
       CAST(coalesce(m.first_order_items, 0) AS DOUBLE) AS first_order_items,
       CAST(coalesce(m.first_order_lines, 0) AS BIGINT) AS first_order_lines,
       CAST(coalesce(k.first_order_categories, 0) AS BIGINT) AS first_order_categories,
       fc.first_order_category,
       CAST(CASE WHEN coalesce(m.first_order_discounted, false) THEN 1 ELSE 0 END AS BIGINT) AS first_order_discount,
       CAST(isodow(c.first_ordered_at) AS BIGINT) AS first_order_weekday,
       CAST(date_diff('day', CAST(c.first_ordered_at AS DATE), DATE '{cutoff}') AS BIGINT) AS days_since_first_order,
       CAST(n.orders_30d AS BIGINT) AS orders_30d,
       CAST(coalesce(m.spend_30d, 0) AS DOUBLE) AS spend_30d,
       CAST(coalesce(m.items_30d, 0) AS DOUBLE) AS items_30d,
       CAST(coalesce(k.distinct_categories_30d, 0) AS BIGINT) AS distinct_categories_30d,
       CAST(m.discounted_orders AS DOUBLE) / n.orders_30d AS discount_order_share_30d,
       CAST(n.return_orders_30d AS BIGINT) AS return_orders_30d,
       CAST(CASE WHEN shop.has_sessions THEN coalesce(s.sessions_30d, 0) END AS BIGINT) AS sessions_30d,
       CAST(CASE WHEN shop.has_sessions THEN coalesce(s.sessions_before_first_order, 0) END AS BIGINT) AS sessions_before_first_order,
       CAST(s.session_duration_mean_30d AS DOUBLE) AS session_duration_mean_30d,
       CAST(s.views_per_session_30d AS DOUBLE) AS views_per_session_30d,
       a.acquisition_channel,
       a.country,
       CAST(date_diff('day', a.registered, CAST(c.first_ordered_at AS DATE)) AS BIGINT) AS days_registration_to_first_purchase
FROM cohort c
CROSS JOIN shop
JOIN counts n ON n.customer_id = c.customer_id
LEFT JOIN money m ON m.customer_id = c.customer_id
LEFT JOIN categories k ON k.customer_id = c.customer_id
LEFT JOIN first_category fc ON fc.customer_id = c.customer_id
LEFT JOIN sessions s ON s.customer_id = c.customer_id
LEFT JOIN attributes a ON a.customer_id = c.customer_id
ORDER BY c.customer_id;
