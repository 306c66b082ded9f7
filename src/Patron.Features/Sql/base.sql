-- The as-of view every feature group reads: orders of known customers strictly before the cutoff date, for the customers
-- of one partition (the builder runs large shops in several partitions of customers; see FeatureBuilder).
-- Placeholders: cutoff (yyyy-MM-dd), in_partition (a condition on o.customer_id, TRUE for a single partition).

-- The partition's orders before the cutoff, read from silver once.
CREATE OR REPLACE TEMP TABLE fx_order_rows AS
SELECT o.order_id,
       o.customer_id,
       o.ordered_at,
       CAST(o.ordered_at AS DATE) AS order_date,
       date_diff('day', CAST(o.ordered_at AS DATE), DATE '{cutoff}') AS days_before,
       o.is_purchase,
       o.installments,
       o.delivered_at,
       o.estimated_delivery_at,
       CASE
           WHEN o.payment_method IS NULL THEN NULL
           WHEN lower(o.payment_method) IN ('card', 'credit_card', 'debit_card', 'credit card', 'debit card') THEN 'card'
           WHEN lower(o.payment_method) IN ('paypal', 'wallet', 'apple_pay', 'google_pay', 'klarna') THEN 'wallet'
           WHEN lower(o.payment_method) IN ('bank_transfer', 'boleto', 'sepa', 'direct_debit', 'invoice') THEN 'bank'
           WHEN lower(o.payment_method) IN ('gift_card', 'voucher') THEN 'voucher'
           ELSE 'other'
       END AS payment_class
FROM silver.orders o
WHERE o.customer_id IS NOT NULL
  AND {in_partition}
  AND o.ordered_at < DATE '{cutoff}'
  AND (o.is_purchase OR o.is_cancellation);

CREATE OR REPLACE TEMP TABLE fx_lines AS
SELECT o.order_id,
       o.customer_id,
       o.is_purchase,
       -- Exact decimals make every sum independent of the order DuckDB's threads add rows in, so equal inputs give
       -- bit-identical features.
       CAST(l.quantity AS DECIMAL(18, 6)) AS quantity,
       CAST(l.line_amount AS DECIMAL(18, 6)) AS line_amount,
       CAST(l.discount AS DECIMAL(18, 6)) AS discount,
       p.category,
       p.brand,
       p.margin,
       CAST(l.line_amount * p.margin AS DECIMAL(18, 6)) AS margin_amount,
       coalesce(p.is_non_product, FALSE) AS is_non_product
FROM fx_order_rows o
JOIN silver.order_lines l ON l.order_id = o.order_id
LEFT JOIN (SELECT rowid AS product_row, product_id, category, brand, margin, is_non_product
           FROM silver.product_versions
           WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')
           QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
       ON p.product_id = l.product_id
WHERE NOT l.is_outlier
  -- Return documents count only with what they give back.
  AND (o.is_purchase OR l.line_amount < 0);

CREATE OR REPLACE TEMP TABLE fx_orders AS
WITH amounts AS (
    SELECT order_id,
           sum(line_amount) AS amount,
           coalesce(sum(quantity) FILTER (WHERE NOT is_non_product), 0) AS units,
           coalesce(sum(discount), 0) > 0 AS has_discount
    FROM fx_lines
    GROUP BY order_id)
SELECT o.*,
       coalesce(a.amount, 0) AS amount,
       coalesce(a.units, 0) AS units,
       coalesce(a.has_discount, FALSE) AS has_discount
FROM fx_order_rows o
LEFT JOIN amounts a ON a.order_id = o.order_id;

-- The population: everyone with at least one purchase before the cutoff.
CREATE OR REPLACE TEMP TABLE fx_customers AS
SELECT customer_id,
       count(*) AS orders,
       min(ordered_at) AS first_ordered_at,
       CAST(min(ordered_at) AS DATE) AS first_order_date,
       CAST(max(ordered_at) AS DATE) AS last_order_date
FROM fx_orders
WHERE is_purchase
GROUP BY customer_id;
