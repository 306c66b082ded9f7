-- The findings of the order and line checks, written once for the full resolution (resolve.sql) and the incremental
-- one (append_write.sql): one silver.quality_issues row per finding with its action, then q_lines, the lines set aside.
-- Then q_emptied_orders, the orders all of whose lines were set aside, among those emptied_scope admits (TRUE, or only
-- the batch's new orders). Reads u_orders, u_lines, f_orders and f_lines. Placeholders: source, orphan_action,
-- keep_orphans, outlier_action, drop_outliers, emptied_scope.
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_timestamp', 'order', order_id, 'quarantined',
       'order ' || order_id || ' has no order time', _source_file, _row_number
FROM f_orders WHERE f_no_time;

INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_amount', 'order_line', order_id || '#' || line_number, 'quarantined',
       'line ' || line_number || ' of order ' || order_id
           || CASE WHEN quantity IS NULL OR unit_price IS NULL THEN ' lacks quantity or price'
                   ELSE ' has an amount that is not a finite number below 10^12' END, _source_file, _row_number
FROM f_lines WHERE f_no_amount;

INSERT INTO silver.quality_issues
SELECT '{source}', 'future_timestamps', 'order', order_id, 'quarantined',
       'order ' || order_id || ' placed at ' || ordered_at || ', after the check time', _source_file, _row_number
FROM f_orders WHERE f_future;

INSERT INTO silver.quality_issues
SELECT '{source}', 'pre_opening_timestamps', 'order', order_id, 'quarantined',
       'order ' || order_id || ' placed at ' || ordered_at || ', before the shop opened', _source_file, _row_number
FROM f_orders WHERE f_pre_opening;

INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_customer', 'order', order_id, 'quarantined',
       'order ' || order_id || ' has no customer', _source_file, _row_number
FROM f_orders WHERE f_missing_customer;

INSERT INTO silver.quality_issues
SELECT '{source}', 'orphan_customers', 'order', order_id, '{orphan_action}',
       'order ' || order_id || ' names customer ' || customer_id || ', who is not in the customer file', _source_file, _row_number
FROM f_orders WHERE f_orphan_customer;

INSERT INTO silver.quality_issues
SELECT '{source}', 'zero_quantity', 'order_line', order_id || '#' || line_number, 'quarantined',
       'line ' || line_number || ' of order ' || order_id || ' has quantity 0', _source_file, _row_number
FROM f_lines WHERE f_zero_quantity;

INSERT INTO silver.quality_issues
SELECT '{source}', 'zero_or_negative_price', 'order_line', order_id || '#' || line_number, 'quarantined',
       'line ' || line_number || ' of order ' || order_id || ' sells at price ' || unit_price, _source_file, _row_number
FROM f_lines WHERE f_bad_price;

INSERT INTO silver.quality_issues
SELECT '{source}', 'negative_quantity', 'order_line', order_id || '#' || line_number, 'kept as return',
       'line ' || line_number || ' of order ' || order_id || ' returns ' || CASE WHEN quantity = round(quantity) THEN CAST(CAST(-quantity AS BIGINT) AS VARCHAR) ELSE CAST(-quantity AS VARCHAR) END || ' of ' || coalesce(product_id, '?'),
       _source_file, _row_number
FROM f_lines WHERE f_return;

INSERT INTO silver.quality_issues
SELECT '{source}', 'orphan_products', 'order_line', order_id || '#' || line_number, '{orphan_action}',
       'line ' || line_number || ' of order ' || order_id || ' names product ' || product_id || ', which is not in the product file',
       _source_file, _row_number
FROM f_lines WHERE f_orphan_product;

INSERT INTO silver.quality_issues
SELECT '{source}', 'line_without_order', 'order_line', order_id || '#' || line_number, 'quarantined',
       'line ' || line_number || ' names order ' || order_id || ', which is not in the orders', _source_file, _row_number
FROM f_lines WHERE f_no_order;

INSERT INTO silver.quality_issues
SELECT '{source}', 'price_outliers', 'order_line', order_id || '#' || line_number, '{outlier_action}',
       'line ' || line_number || ' of order ' || order_id || ' at unit price ' || round(unit_price, 2)
           || ' against a usual ' || round(exp(usual_log_price), 2) || ' for product ' || product_id,
       _source_file, _row_number
FROM f_lines WHERE f_outlier;

CREATE OR REPLACE TEMP TABLE q_lines AS
SELECT order_id, line_number FROM f_lines
WHERE f_no_amount OR f_zero_quantity OR f_bad_price OR f_no_order OR f_order_quarantined
   OR (f_orphan_product AND NOT {keep_orphans}) OR (f_outlier AND {drop_outliers});

-- An order whose every line was set aside is set aside too; an order that never had lines is kept and reported.
-- Only orders with a line set aside can qualify, so only their lines are counted.
CREATE OR REPLACE TEMP TABLE q_emptied_orders AS
WITH n AS (
    SELECT l.order_id, count(*) AS lines, count(q.order_id) AS set_aside
    FROM u_lines l
    LEFT JOIN q_lines q ON q.order_id = l.order_id AND q.line_number = l.line_number
    WHERE l.order_id IN (SELECT order_id FROM q_lines)
    GROUP BY l.order_id)
SELECT o.order_id, o._source_file, o._row_number
FROM u_orders o
JOIN n ON n.order_id = o.order_id
ANTI JOIN q_orders q ON q.order_id = o.order_id
WHERE {emptied_scope} AND n.lines = n.set_aside;

INSERT INTO silver.quality_issues
SELECT '{source}', 'order_without_valid_lines', 'order', order_id, 'quarantined',
       'every line of order ' || order_id || ' was set aside', _source_file, _row_number
FROM q_emptied_orders;
