-- generic: transactions.csv (one line per order), customers.csv, products.csv onto the canonical model.
CREATE SCHEMA IF NOT EXISTS staging_generic;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_generic.bronze_customers AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.generic_customers b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_generic.bronze_products AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.generic_products b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_generic.bronze_transactions AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.generic_transactions b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_generic.bronze_sessions AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.generic_sessions b JOIN bronze.files f ON f.file_id = b._file_id;

CREATE OR REPLACE VIEW staging_generic.customers AS
SELECT customer_id,
       CAST(registration_date AS TIMESTAMP) AS registered_at,
       age,
       NULL::VARCHAR AS gender,
       country,
       NULL::VARCHAR AS state,
       NULL::VARCHAR AS city,
       NULL::VARCHAR AS zip_prefix,
       lower(email_domain) AS email_domain,
       acquisition_channel,
       'generic' AS source, _source_file, _row_number, _ingested_at
FROM staging_generic.bronze_customers;

CREATE OR REPLACE VIEW staging_generic.products AS
SELECT product_id,
       NULL::VARCHAR AS name,
       category, subcategory, brand, base_price, margin,
       FALSE AS is_non_product,
       'generic' AS source, _source_file, _row_number, _ingested_at
FROM staging_generic.bronze_products;

CREATE OR REPLACE VIEW staging_generic.orders AS
SELECT transaction_id AS order_id,
       customer_id,
       "timestamp" AS ordered_at,
       CASE WHEN quantity < 0 THEN 'returned' ELSE 'completed' END AS status,
       coalesce(quantity > 0, FALSE) AS is_purchase,
       coalesce(quantity < 0, FALSE) AS is_cancellation,
       payment_method,
       NULL::INTEGER AS installments,
       NULL::TIMESTAMP AS approved_at,
       NULL::TIMESTAMP AS shipped_at,
       NULL::TIMESTAMP AS delivered_at,
       NULL::TIMESTAMP AS estimated_delivery_at,
       'generic' AS source, _source_file, _row_number, _ingested_at
FROM staging_generic.bronze_transactions;

CREATE OR REPLACE VIEW staging_generic.order_lines AS
SELECT transaction_id AS order_id,
       1 AS line_number,
       product_id,
       NULL::VARCHAR AS seller_id,
       CAST(quantity AS DOUBLE) AS quantity,
       price AS unit_price,
       quantity * price * coalesce(discount, 0) AS discount,
       0.0 AS freight,
       quantity * price * (1 - coalesce(discount, 0)) AS line_amount,
       coalesce(quantity < 0, FALSE) AS is_return,
       'generic' AS source, _source_file, _row_number, _ingested_at
FROM staging_generic.bronze_transactions;

-- Sessions never make orders here: orders come from transactions.csv. A purchase session's amount is the net value of
-- the customer's resolved purchases placed during the visit (from its start to its end; an hour when the duration is
-- unknown or negative, which the shared session checks set to NULL). The sessions view leaves it empty: the purchases
-- (session_purchases, read after the shared resolution has rebuilt silver.orders and silver.order_lines) are summed for
-- the purchase sessions kept, once, when silver.sessions is written (Silver/sessions.sql), so the view stays a plain
-- read of bronze that the deduplication and the checks can read several times without a copy. Sessions without an id
-- are passed on for the shared checks to report.
CREATE OR REPLACE VIEW staging_generic.sessions AS
SELECT s.session_id,
       s.customer_id,
       s.started_at,
       s.duration_sec,
       s.page_views,
       s.product_id,
       coalesce(s.purchased, FALSE) AS purchased,
       CAST(NULL AS DOUBLE) AS purchase_amount,
       'generic' AS source, s._source_file, s._ingested_at, s._row_number
FROM staging_generic.bronze_sessions s;

-- An order here has one line (line number 1, one per order id in silver), so its value is that line's amount: no
-- grouping by order. A shop without a purchase session skips the orders altogether.
CREATE OR REPLACE VIEW staging_generic.session_purchases AS
SELECT o.customer_id, o.ordered_at, l.line_amount AS amount
FROM silver.orders o
JOIN silver.order_lines l ON l.order_id = o.order_id
WHERE o.source = 'generic' AND l.source = 'generic' AND o.is_purchase AND o.customer_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM bronze.generic_sessions WHERE purchased);
