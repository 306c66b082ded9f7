-- olist: checks of this source, after the shared resolution. Placeholders: source, staging.
INSERT INTO silver.quality_issues
SELECT '{source}', 'olist_unmapped_customer', 'order', o.order_id, 'kept under the per-order id',
       'order ' || o.order_id || ' names customer ' || o.customer_id || ', who is not in the customer file', o._source_file, o._row_number
FROM {staging}.bronze_orders o
WHERE o.customer_id IS NOT NULL AND o.customer_id NOT IN (SELECT customer_id FROM {staging}.person_of);

INSERT INTO silver.quality_issues
SELECT '{source}', 'olist_order_without_items', 'order', o.order_id, 'kept',
       'order ' || o.order_id || ' (' || o.status || ') has no items', o._source_file, o._row_number
FROM {staging}.orders o
WHERE o.order_id IS NOT NULL AND o.order_id NOT IN (SELECT order_id FROM {staging}.order_lines WHERE order_id IS NOT NULL);

INSERT INTO silver.quality_issues
SELECT '{source}', 'olist_items_without_order', 'order_line', l.order_id || '#' || l.line_number, 'quarantined',
       'item ' || l.line_number || ' names order ' || l.order_id || ', which is not in the orders file', l._source_file, l._row_number
FROM {staging}.order_lines l
WHERE l.order_id IS NOT NULL AND l.order_id NOT IN (SELECT order_id FROM {staging}.orders WHERE order_id IS NOT NULL);

INSERT INTO silver.quality_issues
SELECT '{source}', 'olist_delivered_without_date', 'order', order_id, 'kept',
       'order ' || order_id || ' is delivered but has no delivery date', _source_file, _row_number
FROM {staging}.orders
WHERE status = 'delivered' AND delivered_at IS NULL;

INSERT INTO silver.quality_issues
SELECT '{source}', 'olist_not_a_purchase', 'order', order_id, 'kept, not a purchase',
       'order ' || order_id || ' has status ' || coalesce(status, '?'), _source_file, _row_number
FROM {staging}.orders
WHERE order_id IS NOT NULL AND NOT is_purchase;
