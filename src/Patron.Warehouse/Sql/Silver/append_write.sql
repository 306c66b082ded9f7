-- Incremental resolution, last step: the batch's findings and silver rows, appended (nothing stored is deleted or
-- rewritten). Same rules, texts and actions as resolve.sql, over the batch's rows only (append_scope.sql and
-- append_checks.sql made the temp tables). Placeholders: source, staging, batch, orphan_action, keep_orphans,
-- outlier_action, drop_outliers, findings (findings.sql rendered, as in resolve.sql).
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_key', 'order', NULL, 'quarantined', 'order without an id', _source_file, _row_number
FROM {staging}.orders WHERE {batch} AND order_id IS NULL;
INSERT INTO silver.quality_issues
SELECT '{source}', 'missing_key', 'order_line', NULL, 'quarantined', 'order line without an order id or line number', _source_file, _row_number
FROM {staging}.order_lines WHERE {batch} AND (order_id IS NULL OR line_number IS NULL);

-- Copies and versions of earlier rows or of rows of the same batch (an order and its lines sit in different files
-- here, so no line shares its order's row).
INSERT INTO silver.quality_issues
SELECT '{source}', 'exact_duplicates', 'order', order_id, 'dropped',
       'copy ' || copy_no || ' of order ' || order_id, _source_file, _row_number
FROM d_orders WHERE _new AND copy_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'exact_duplicates', 'order_line', order_id || '#' || line_number, 'dropped',
       'copy ' || copy_no || ' of line ' || line_number || ' of order ' || order_id, _source_file, _row_number
FROM d_lines WHERE _new AND copy_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'business_key_duplicates', 'order', order_id, 'quarantined',
       'order id ' || order_id || ' reused with different content; the first version is kept', _source_file, _row_number
FROM d_orders WHERE _new AND copy_no = 1 AND version_no > 1;

INSERT INTO silver.quality_issues
SELECT '{source}', 'business_key_duplicates', 'order_line', order_id || '#' || line_number, 'quarantined',
       'line ' || line_number || ' of order ' || order_id || ' reused with different content; the first version is kept',
       _source_file, _row_number
FROM d_lines WHERE _new AND copy_no = 1 AND version_no > 1;

{findings}

INSERT INTO silver.quality_issues
SELECT '{source}', 'order_without_lines', 'order', order_id, 'kept',
       'order ' || order_id || ' (' || status || ') has no lines', _source_file, _row_number
FROM u_orders
WHERE _new AND order_id NOT IN (SELECT order_id FROM s_lines WHERE line_number IS NOT NULL);

INSERT INTO silver.orders
SELECT order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, payment_method, installments,
       approved_at, shipped_at, delivered_at, estimated_delivery_at, source, _source_file, _ingested_at
FROM u_orders o
ANTI JOIN q_orders q ON q.order_id = o.order_id
ANTI JOIN q_emptied_orders e ON e.order_id = o.order_id
WHERE o._new;

INSERT INTO silver.order_lines
SELECT l.order_id, l.line_number, l.product_id, l.seller_id, l.quantity, l.unit_price, l.discount, l.freight, l.line_amount,
       l.is_return, coalesce(f.f_outlier, FALSE), l.source, l._source_file, l._ingested_at
FROM u_lines l
LEFT JOIN (SELECT order_id, line_number, f_outlier FROM f_lines WHERE f_outlier) f
       ON f.order_id = l.order_id AND f.line_number = l.line_number
ANTI JOIN q_lines q ON q.order_id = l.order_id AND q.line_number = l.line_number
WHERE l._new;
