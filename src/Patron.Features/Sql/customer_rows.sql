-- Every row before the cutoff that the per-customer features read, streamed to the feature kernel (Build/Kernel) sorted
-- by customer_id, so the kernel takes the shop customer by customer in one pass: one row per order line, or one row with
-- NULL line columns for an order without a counted line. Orders are purchases and return documents of known customers
-- with ordered_at < cutoff; lines flagged is_outlier are left out. A return document counts only with the (negative)
-- amounts it gives back: the kernel skips its other lines (a join condition mixing both sides would keep DuckDB from a
-- hash join). Money and units arrive as DECIMAL(18, 6), whose stored integers the kernel adds exactly, so no sum depends
-- on the order rows arrive in; a customer's rows are put in time order by the kernel. Products arrive as the row id of
-- their version in force at the cutoff (silver.product_versions, chosen as in partition_products.sql), which the kernel
-- resolves from one read of those versions. Placeholders: cutoff (yyyy-MM-dd); o_filter and line_filter, TRUE for the
-- whole shop, or for a live update a filter on a few customers (o.customer_id IN (...)) and on their orders' lines
-- (order_id IN (...)): plain IN lists of literals, which DuckDB pushes into the table scans as filters.
SELECT o.customer_id,
       o.rowid AS order_row,
       epoch_us(o.ordered_at) AS ordered_us,
       o.is_purchase,
       CAST(o.installments AS INTEGER) AS installments,
       CAST(CASE WHEN o.delivered_at < DATE '{cutoff}' THEN date_diff('day', o.ordered_at, o.delivered_at) END AS INTEGER) AS delivery_days,
       CAST(CASE WHEN o.delivered_at < DATE '{cutoff}' AND o.estimated_delivery_at IS NOT NULL
            THEN date_diff('day', o.estimated_delivery_at, o.delivered_at) END AS INTEGER) AS delivery_delay_days,
       {payment_class} AS payment_class,
       CAST(l.line_amount AS DECIMAL(18, 6)) AS line_amount,
       CAST(l.quantity AS DECIMAL(18, 6)) AS quantity,
       CAST(l.discount AS DECIMAL(18, 6)) AS discount,
       CAST(l.line_amount * p.margin AS DECIMAL(18, 6)) AS margin_amount,
       p.product_row
FROM silver.orders o
LEFT JOIN (SELECT * FROM silver.order_lines WHERE NOT is_outlier AND {line_filter}) l ON l.order_id = o.order_id
LEFT JOIN (SELECT rowid AS product_row, product_id, category, brand, margin, is_non_product
           FROM silver.product_versions
           WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')
           QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
       ON p.product_id = l.product_id
WHERE o.customer_id IS NOT NULL
  AND o.ordered_at < DATE '{cutoff}'
  AND (o.is_purchase OR o.is_cancellation)
  AND {o_filter}
ORDER BY o.customer_id
