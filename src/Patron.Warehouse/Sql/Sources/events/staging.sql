-- events: batches posted to patron serve (orders with their lines, customers, web sessions) onto the canonical model.
-- Products come from the shop's own source: the events bring none, and their lines are checked against silver's.
-- discount is the money taken off the line; a negative quantity is a return.
CREATE SCHEMA IF NOT EXISTS staging_events;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_events.bronze_customers AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.events_customers b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_events.bronze_orders AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.events_orders b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_events.bronze_order_lines AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.events_order_lines b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_events.bronze_sessions AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.events_sessions b JOIN bronze.files f ON f.file_id = b._file_id;

CREATE OR REPLACE VIEW staging_events.customers AS
SELECT customer_id,
       CAST(registered_at AS TIMESTAMP) AS registered_at,
       age,
       NULL::VARCHAR AS gender,
       country,
       NULL::VARCHAR AS state,
       NULL::VARCHAR AS city,
       NULL::VARCHAR AS zip_prefix,
       lower(email_domain) AS email_domain,
       acquisition_channel,
       'events' AS source, _source_file, _row_number, _ingested_at
FROM staging_events.bronze_customers;

CREATE OR REPLACE VIEW staging_events.products AS
SELECT NULL::VARCHAR AS product_id, NULL::VARCHAR AS name, NULL::VARCHAR AS category, NULL::VARCHAR AS subcategory,
       NULL::VARCHAR AS brand, NULL::DOUBLE AS base_price, NULL::DOUBLE AS margin, FALSE AS is_non_product,
       'events' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
WHERE FALSE;

-- An order is a purchase unless every line it has gives goods back. Only orders with a line giving goods back can be
-- return documents, so only their lines are aggregated: every read of this view (each commit of posted events reads
-- it several times, filtered to a batch) then costs a scan of the lines, not an aggregate over every line stored.
CREATE OR REPLACE VIEW staging_events.orders AS
WITH returns AS (
    SELECT order_id, bool_and(quantity < 0) AS all_returned
    FROM bronze.events_order_lines
    WHERE order_id IN (SELECT order_id FROM bronze.events_order_lines WHERE quantity < 0)
    GROUP BY order_id)
SELECT o.order_id,
       o.customer_id,
       o.ordered_at,
       CASE WHEN coalesce(r.all_returned, FALSE) THEN 'returned' ELSE 'completed' END AS status,
       NOT coalesce(r.all_returned, FALSE) AS is_purchase,
       coalesce(r.all_returned, FALSE) AS is_cancellation,
       o.payment_method,
       NULL::INTEGER AS installments,
       NULL::TIMESTAMP AS approved_at,
       NULL::TIMESTAMP AS shipped_at,
       NULL::TIMESTAMP AS delivered_at,
       NULL::TIMESTAMP AS estimated_delivery_at,
       'events' AS source, o._source_file, o._row_number, o._ingested_at
FROM staging_events.bronze_orders o
LEFT JOIN returns r ON r.order_id = o.order_id;

CREATE OR REPLACE VIEW staging_events.order_lines AS
SELECT order_id,
       line_number,
       product_id,
       NULL::VARCHAR AS seller_id,
       quantity,
       unit_price,
       coalesce(discount, 0) AS discount,
       0.0 AS freight,
       quantity * unit_price - coalesce(discount, 0) AS line_amount,
       coalesce(quantity < 0, FALSE) AS is_return,
       'events' AS source, _source_file, _row_number, _ingested_at
FROM staging_events.bronze_order_lines;

CREATE OR REPLACE VIEW staging_events.sessions AS
SELECT session_id,
       customer_id,
       started_at,
       duration_sec,
       page_views,
       product_id,
       coalesce(purchased, FALSE) AS purchased,
       NULL::DOUBLE AS purchase_amount,
       'events' AS source, _source_file, _ingested_at, _row_number
FROM staging_events.bronze_sessions;
