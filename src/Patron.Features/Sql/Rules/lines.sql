-- The items of purchase baskets, one row per item line (an item repeated in an order is one item of its basket: the
-- baskets are deduplicated as they are built, and the sequence queries group; no DISTINCT over millions of lines here),
-- for association rules, sequences and recommendations:
-- purchase orders (not cancellations) placed before {to}, their lines that sell goods (not returns, not a zero or
-- negative quantity, not postage, fees or manual adjustments: silver's is_non_product), with the item at the chosen
-- level ({item}: the product, or its category). Quantity does not matter: an item is in a basket or not. Outlier
-- amounts stay: the purchase happened. A product's category and name are those of its version in force at {to}
-- (silver.product_versions, as the features read them). Placeholders: to (timestamp text), item (an expression over l and p).
CREATE OR REPLACE TEMP TABLE rx_lines AS
SELECT o.rowid AS order_row, o.customer_id, o.ordered_at, {item} AS item_id
FROM silver.orders o
JOIN silver.order_lines l ON l.order_id = o.order_id
LEFT JOIN (SELECT product_id, name, category, is_non_product
              FROM silver.product_versions
              WHERE (valid_from < TIMESTAMP '{to}' OR version = 1) AND (valid_to IS NULL OR valid_to >= TIMESTAMP '{to}')
              QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
       ON p.product_id = l.product_id
WHERE o.is_purchase
  AND NOT o.is_cancellation
  AND NOT l.is_return
  AND l.quantity > 0
  AND l.product_id IS NOT NULL
  AND NOT coalesce(p.is_non_product, FALSE)
  AND o.ordered_at < TIMESTAMP '{to}'
  AND {item} IS NOT NULL;

-- Item codes 0..n-1 in id order, with the product's name (a category is its own name).
CREATE OR REPLACE TEMP TABLE rx_items AS
SELECT CAST(row_number() OVER (ORDER BY i.item_id) - 1 AS INTEGER) AS code,
       i.item_id,
       coalesce(CASE WHEN {products} THEN p.name END, i.item_id) AS name
FROM (SELECT DISTINCT item_id FROM rx_lines) i
LEFT JOIN (SELECT product_id, name
              FROM silver.product_versions
              WHERE (valid_from < TIMESTAMP '{to}' OR version = 1) AND (valid_to IS NULL OR valid_to >= TIMESTAMP '{to}')
              QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
       ON {products} AND p.product_id = i.item_id;
