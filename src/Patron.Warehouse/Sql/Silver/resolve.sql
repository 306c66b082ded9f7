-- Turns one source's staging views into silver rows, written once for every source.
-- Placeholders (in braces): source, staging, now, opening, order_key_counts, orphan_action, keep_orphans, outlier_action, drop_outliers,
-- known_customers and known_products (the relations an order's customer and a line's product are looked up in: the
-- source's own, or for a source that extends the warehouse, such as posted events, also those of every other source),
-- order_flags and line_flags (order_flags.sql, line_flags.sql: the checks, shared with append_checks.sql), findings
-- (findings.sql: the findings and the orders emptied of lines, shared with append_write.sql), judge_prices (where the C#
-- price judgement runs, Silver/PriceJudgement.cs),
-- and dedup: the four deduplication blocks (orders, lines, customers, products) rendered by Silver/Deduplication.cs,
-- which leave k_* (repeated keys), d_* (every row of a repeated key, numbered) and the views u_* (one row per key).
-- Every defect found is recorded in silver.quality_issues with the action taken; nothing is dropped silently.
-- Memory: no entity is copied whole. The big inputs are scanned (staging views over bronze) and joined or grouped,
-- which DuckDB spills to disk under its memory limit; temp tables hold repeated keys and rows with a finding only,
-- except priced (five narrow columns of every priced line, for the price judgement; dropped right after it). No
-- correlated subquery runs over a big table: DuckDB would buffer its whole outer side in memory to decorrelate it,
-- while explicit SEMI and ANTI joins build their hash table on the small side.
DELETE FROM silver.quality_issues WHERE source = '{source}';

-- Rows without their business key cannot be placed anywhere: set aside first.
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_key', 'order', NULL, 'quarantined', 'order without an id', _source_file, _row_number
FROM {staging}.orders WHERE order_id IS NULL;
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_key', 'order_line', NULL, 'quarantined', 'order line without an order id or line number', _source_file, _row_number
FROM {staging}.order_lines WHERE order_id IS NULL OR line_number IS NULL;
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_key', 'customer', NULL, 'quarantined', 'customer without an id', _source_file, _row_number
FROM {staging}.customers WHERE customer_id IS NULL;
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_key', 'product', NULL, 'quarantined', 'product without an id', _source_file, _row_number
FROM {staging}.products WHERE product_id IS NULL;

-- Per order id, how many order rows and how many line rows carry it; only the unusual ids are kept (repeated, or
-- without lines, or lines without an order). One grouping answers the repeated-order, orphan-line and order-without-
-- lines questions, and narrows the repeated-line search to orders with several lines. order_key_counts is the grouping
-- (SilverBuilder.OrderKeyCounts): over both views, or for a source with one line per order over its lines alone.
CREATE OR REPLACE TEMP TABLE order_keys AS
{order_key_counts};
{dedup}
-- A line read from the same row as its order (one-line-per-order sources) is one defect, reported on the order;
-- an order copy whose row carries a different line is a reused key, reported on the line.
INSERT INTO silver.quality_issues
WITH copies AS (SELECT * FROM d_orders WHERE copy_no > 1),
first_line_rows AS (
    SELECT _source_file, _row_number FROM d_lines WHERE copy_no = 1
    UNION ALL
    SELECT l._source_file, l._row_number
    FROM {staging}.order_lines l
    SEMI JOIN copies c ON c._source_file = l._source_file AND c._row_number = l._row_number
    ANTI JOIN k_lines k ON k.order_id = l.order_id AND k.line_number = l.line_number
    WHERE l.order_id IS NOT NULL AND l.line_number IS NOT NULL)
SELECT '{source}', 'exact_duplicates', 'order', o.order_id, 'dropped',
       'copy ' || o.copy_no || ' of order ' || o.order_id, o._source_file, o._row_number
FROM copies o
ANTI JOIN first_line_rows l ON l._source_file = o._source_file AND l._row_number = o._row_number;

INSERT INTO silver.quality_issues
SELECT '{source}', 'exact_duplicates', 'order_line', l.order_id || '#' || l.line_number, 'dropped',
       'copy ' || l.copy_no || ' of line ' || l.line_number || ' of order ' || l.order_id, l._source_file, l._row_number
FROM d_lines l
ANTI JOIN (SELECT * FROM d_orders WHERE copy_no > 1) o ON o._source_file = l._source_file AND o._row_number = l._row_number
WHERE l.copy_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'business_key_duplicates', 'order', order_id, 'quarantined',
       'order id ' || order_id || ' reused with different content; the first version is kept', _source_file, _row_number
FROM d_orders WHERE copy_no = 1 AND version_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'business_key_duplicates', 'order_line', l.order_id || '#' || l.line_number, 'quarantined',
       'line ' || l.line_number || ' of order ' || l.order_id || ' reused with different content; the first version is kept',
       l._source_file, l._row_number
FROM d_lines l
ANTI JOIN (SELECT * FROM d_orders WHERE copy_no = 1 AND version_no > 1) o ON o._source_file = l._source_file AND o._row_number = l._row_number
WHERE l.copy_no = 1 AND l.version_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'exact_duplicates', 'customer', customer_id, 'dropped', 'copy of customer ' || customer_id, _source_file, _row_number
FROM d_customers WHERE copy_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'business_key_duplicates', 'customer', customer_id, 'quarantined',
       'customer id ' || customer_id || ' given with different attributes; the latest export is kept', _source_file, _row_number
FROM d_customers WHERE copy_no = 1 AND version_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'exact_duplicates', 'product', product_id, 'dropped', 'copy of product ' || product_id, _source_file, _row_number
FROM d_products WHERE copy_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'business_key_duplicates', 'product', product_id, 'quarantined',
       'product id ' || product_id || ' given with different attributes; the latest export is kept', _source_file, _row_number
FROM d_products WHERE copy_no = 1 AND version_no > 1;

-- Orders with a finding (only those: the flags of every other order are all false). A purchase dated before its
-- customer's registration day is one too: the customer check below needs only those orders.
CREATE OR REPLACE TEMP TABLE f_orders AS
SELECT * FROM (
{order_flags}
    FROM u_orders o
    LEFT JOIN {known_customers} c ON c.customer_id = o.customer_id)
WHERE f_no_time OR f_future OR f_pre_opening OR f_missing_customer OR f_orphan_customer OR f_before_registration;

CREATE OR REPLACE TEMP TABLE q_orders AS
SELECT order_id FROM f_orders
WHERE f_no_time OR f_future OR f_pre_opening OR f_missing_customer OR (f_orphan_customer AND NOT {keep_orphans});

-- Robust price rule, judged as of each line's order time: over the positive prices of the product's lines in orders
-- placed strictly earlier, m = median and q1, q3 = quartiles of ln(unit price); with at least 3 such prices, an outlier
-- when |ln p - m| > max(5 * 1.4826 * (q3 - q1) / 2, ln 5). Rows dated later never enter a line's judgement, so the flag
-- of a line before any cutoff is the same whatever arrives after it. (q3 - q1) / 2 is the median absolute deviation of
-- a symmetric distribution. The judgement is Silver/PriceJudgement.cs: one pass over the priced lines sorted by product
-- and time (the same figures as quantile_cont over a window of the earlier rows, which cost eight times as much), which
-- writes price_flags (rid = the priced row's rowid, usual_log_price = m) for the flagged lines only.
CREATE OR REPLACE TEMP TABLE priced AS
SELECT l.order_id, l.line_number, l.product_id, o.ordered_at, ln(CASE WHEN l.unit_price > 0 THEN l.unit_price END) AS lp
FROM u_lines l
JOIN (SELECT order_id, ordered_at FROM u_orders WHERE ordered_at IS NOT NULL) o ON o.order_id = l.order_id
WHERE l.unit_price > 0 AND l.quantity <> 0 AND l.product_id IS NOT NULL;
{judge_prices}
CREATE OR REPLACE TEMP TABLE price_outliers AS
SELECT p.order_id, p.line_number, f.usual_log_price
FROM priced p
JOIN price_flags f ON f.rid = p.rowid;
DROP TABLE priced;
DROP TABLE price_flags;

-- Lines with a finding (returns included: they are reported, and kept).
CREATE OR REPLACE TEMP TABLE f_lines AS
SELECT * FROM (
{line_flags}
    FROM u_lines l
    LEFT JOIN {known_products} p ON p.product_id = l.product_id
    LEFT JOIN (SELECT order_id FROM order_keys WHERE orders = 0) x ON x.order_id = l.order_id
    LEFT JOIN q_orders q ON q.order_id = l.order_id
    LEFT JOIN price_outliers s ON s.order_id = l.order_id AND s.line_number = l.line_number)
WHERE f_no_amount OR f_zero_quantity OR f_bad_price OR f_return OR f_orphan_product OR f_no_order OR f_outlier OR f_order_quarantined;

{findings}

INSERT INTO silver.quality_issues
SELECT '{source}', 'order_without_lines', 'order', order_id, 'kept',
       'order ' || order_id || ' (' || status || ') has no lines', _source_file, _row_number
FROM u_orders
WHERE order_id IN (SELECT order_id FROM order_keys WHERE lines = 0);

-- A customer registered after the first purchase has a purchase dated before the registration day, and the earliest
-- of those is the first purchase: only those orders (flagged above) are grouped.
INSERT INTO silver.quality_issues
SELECT '{source}', 'registration_after_first_purchase', 'customer', c.customer_id, 'kept',
       'customer ' || c.customer_id || ' registered ' || CAST(c.registered_at AS DATE) || ' but first bought ' || CAST(f.first_at AS DATE),
       c._source_file, c._row_number
FROM u_customers c
JOIN (SELECT customer_id, min(ordered_at) AS first_at FROM f_orders
      WHERE f_before_registration AND NOT f_future AND NOT f_pre_opening
      GROUP BY customer_id) f ON f.customer_id = c.customer_id;

DELETE FROM silver.customers WHERE source = '{source}';
INSERT INTO silver.customers
SELECT customer_id, registered_at, age, gender, country, state, city, zip_prefix, email_domain, acquisition_channel,
       source, _source_file, _ingested_at
FROM u_customers;

DELETE FROM silver.products WHERE source = '{source}';
INSERT INTO silver.products
SELECT product_id, name, category, subcategory, brand, base_price, margin, is_non_product, source, _source_file, _ingested_at
FROM u_products;

DELETE FROM silver.orders WHERE source = '{source}';
INSERT INTO silver.orders
SELECT order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, payment_method, installments,
       approved_at, shipped_at, delivered_at, estimated_delivery_at, source, _source_file, _ingested_at
FROM u_orders o
ANTI JOIN q_orders q ON q.order_id = o.order_id
ANTI JOIN q_emptied_orders e ON e.order_id = o.order_id;

DELETE FROM silver.order_lines WHERE source = '{source}';
INSERT INTO silver.order_lines
SELECT l.order_id, l.line_number, l.product_id, l.seller_id, l.quantity, l.unit_price, l.discount, l.freight, l.line_amount,
       l.is_return, coalesce(f.f_outlier, FALSE), l.source, l._source_file, l._ingested_at
FROM u_lines l
LEFT JOIN (SELECT order_id, line_number, f_outlier FROM f_lines WHERE f_outlier) f
       ON f.order_id = l.order_id AND f.line_number = l.line_number
ANTI JOIN q_lines q ON q.order_id = l.order_id AND q.line_number = l.line_number;
