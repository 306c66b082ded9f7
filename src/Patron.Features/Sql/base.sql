-- The KPIs' as-of rows (kpi_parts.sql reads them): orders of known customers strictly before the cutoff date, for the
-- customers of one partition (the builder gathers the KPIs of large shops in several partitions of customers; see
-- FeatureBuilder), with only the columns the KPIs read. Placeholders: cutoff (yyyy-MM-dd), in_partition (a condition on
-- o.customer_id, TRUE for a single partition).

-- The partition's orders before the cutoff, read from silver once.
CREATE OR REPLACE TEMP TABLE fx_order_rows AS
SELECT o.order_id,
       o.customer_id,
       o.ordered_at,
       CAST(o.ordered_at AS DATE) AS order_date,
       o.is_purchase
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
       -- bit-identical KPIs.
       CAST(l.quantity AS DECIMAL(18, 6)) AS quantity,
       CAST(l.line_amount AS DECIMAL(18, 6)) AS line_amount,
       p.category,
       coalesce(p.is_non_product, FALSE) AS is_non_product
FROM fx_order_rows o
JOIN silver.order_lines l ON l.order_id = o.order_id
LEFT JOIN (SELECT product_id, category, is_non_product
           FROM silver.product_versions
           WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')
           QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
       ON p.product_id = l.product_id
WHERE NOT l.is_outlier
  -- Return documents count only with what they give back.
  AND (o.is_purchase OR l.line_amount < 0);

CREATE OR REPLACE TEMP TABLE fx_orders AS
WITH amounts AS (
    SELECT order_id, sum(line_amount) AS amount
    FROM fx_lines
    GROUP BY order_id)
SELECT o.*,
       coalesce(a.amount, 0) AS amount
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
