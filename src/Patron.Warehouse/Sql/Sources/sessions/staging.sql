-- sessions: customers.csv and sessions.csv onto the canonical model. A session with a purchase is also an order.
CREATE SCHEMA IF NOT EXISTS staging_sessions;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_sessions.bronze_sessions AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.sessions_sessions b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_sessions.bronze_customers AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.sessions_customers b JOIN bronze.files f ON f.file_id = b._file_id;

CREATE OR REPLACE VIEW staging_sessions.all_sessions AS
SELECT session_id, customer_id, session_date, product_viewed, browsing_time_sec, purchase_made, purchase_amount,
       CASE WHEN lower(trim(purchase_made)) IN ('1', 'true', 't', 'yes', 'y') THEN TRUE
            WHEN lower(trim(purchase_made)) IN ('0', 'false', 'f', 'no', 'n') THEN FALSE END AS flag,
       coalesce(CASE WHEN lower(trim(purchase_made)) IN ('1', 'true', 't', 'yes', 'y') THEN TRUE
                     WHEN lower(trim(purchase_made)) IN ('0', 'false', 'f', 'no', 'n') THEN FALSE END,
                purchase_amount > 0, FALSE) AS purchased,
       _source_file, _row_number, _ingested_at
FROM staging_sessions.bronze_sessions;

CREATE OR REPLACE VIEW staging_sessions.customers AS
SELECT customer_id,
       CAST(signup_date AS TIMESTAMP) AS registered_at,
       age,
       gender,
       location AS country,
       NULL::VARCHAR AS state,
       NULL::VARCHAR AS city,
       NULL::VARCHAR AS zip_prefix,
       NULL::VARCHAR AS email_domain,
       NULL::VARCHAR AS acquisition_channel,
       'sessions' AS source, _source_file, _row_number, _ingested_at
FROM staging_sessions.bronze_customers;

-- The product viewed is the only product information: it names the product. The export has no list price; one
-- derived from the sessions' purchase amounts would move with every later purchase (and with it the price band that
-- session features give every earlier visit), so the product has none.
CREATE OR REPLACE VIEW staging_sessions.products AS
SELECT product_viewed AS product_id,
       product_viewed AS name,
       NULL::VARCHAR AS category, NULL::VARCHAR AS subcategory, NULL::VARCHAR AS brand,
       NULL::DOUBLE AS base_price,
       NULL::DOUBLE AS margin,
       FALSE AS is_non_product,
       'sessions' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM staging_sessions.all_sessions
WHERE product_viewed IS NOT NULL
GROUP BY product_viewed, _source_file, _ingested_at;

CREATE OR REPLACE VIEW staging_sessions.orders AS
SELECT session_id AS order_id,
       customer_id,
       session_date AS ordered_at,
       'completed' AS status,
       TRUE AS is_purchase,
       FALSE AS is_cancellation,
       NULL::VARCHAR AS payment_method,
       NULL::INTEGER AS installments,
       NULL::TIMESTAMP AS approved_at,
       NULL::TIMESTAMP AS shipped_at,
       NULL::TIMESTAMP AS delivered_at,
       NULL::TIMESTAMP AS estimated_delivery_at,
       'sessions' AS source, _source_file, _row_number, _ingested_at
FROM staging_sessions.all_sessions
WHERE purchased;

CREATE OR REPLACE VIEW staging_sessions.order_lines AS
SELECT session_id AS order_id,
       1 AS line_number,
       product_viewed AS product_id,
       NULL::VARCHAR AS seller_id,
       1.0 AS quantity,
       purchase_amount AS unit_price,
       0.0 AS discount,
       0.0 AS freight,
       purchase_amount AS line_amount,
       FALSE AS is_return,
       'sessions' AS source, _source_file, _row_number, _ingested_at
FROM staging_sessions.all_sessions
WHERE purchased;

-- Sessions without an id are passed on: the shared checks report them (missing_key) and set them aside.
CREATE OR REPLACE VIEW staging_sessions.sessions AS
SELECT session_id, customer_id, session_date AS started_at, browsing_time_sec AS duration_sec,
       CASE WHEN product_viewed IS NOT NULL THEN 1 END AS page_views, product_viewed AS product_id,
       purchased, CASE WHEN purchased THEN purchase_amount END AS purchase_amount,
       'sessions' AS source, _source_file, _ingested_at, _row_number
FROM staging_sessions.all_sessions;
