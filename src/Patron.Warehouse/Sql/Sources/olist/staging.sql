-- olist: the nine files of the Olist public data set onto the canonical model.
-- Placeholder: purchase_statuses (SQL list of lower-case order statuses that count as purchases).
-- Olist issues a customer_id per order; the person is customer_unique_id, which becomes the canonical customer.
CREATE SCHEMA IF NOT EXISTS staging_olist;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_olist.bronze_customers AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.olist_customers b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_olist.bronze_products AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.olist_products b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_olist.bronze_orders AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.olist_orders b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_olist.bronze_order_items AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.olist_order_items b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_olist.bronze_order_payments AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.olist_order_payments b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_olist.bronze_order_reviews AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.olist_order_reviews b JOIN bronze.files f ON f.file_id = b._file_id;

-- Per-order customer id -> person, over every customer file ingested so far.
CREATE OR REPLACE VIEW staging_olist.person_of AS
SELECT customer_id, arg_max(customer_unique_id, _ingested_at) AS person
FROM bronze.olist_customers
WHERE customer_id IS NOT NULL AND customer_unique_id IS NOT NULL
GROUP BY customer_id;

-- One row per person and export: the attributes given with the person's latest order (a person may move).
CREATE OR REPLACE VIEW staging_olist.customers AS
WITH ranked AS (
    SELECT c.*, o.last_at
    FROM staging_olist.bronze_customers c
    LEFT JOIN (SELECT customer_id, max(order_purchase_timestamp) AS last_at FROM bronze.olist_orders GROUP BY customer_id) o
           ON o.customer_id = c.customer_id)
SELECT customer_unique_id AS customer_id,
       NULL::TIMESTAMP AS registered_at,
       NULL::INTEGER AS age,
       NULL::VARCHAR AS gender,
       'BR' AS country,
       arg_max(customer_state, (coalesce(last_at, TIMESTAMP '1900-01-01'), -_row_number)) AS state,
       arg_max(customer_city, (coalesce(last_at, TIMESTAMP '1900-01-01'), -_row_number)) AS city,
       arg_max(customer_zip_code_prefix, (coalesce(last_at, TIMESTAMP '1900-01-01'), -_row_number)) AS zip_prefix,
       NULL::VARCHAR AS email_domain,
       NULL::VARCHAR AS acquisition_channel,
       'olist' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM ranked
GROUP BY customer_unique_id, _source_file, _ingested_at;

-- Each per-order customer row dated by its order: a person's zip, city and state as of any time
-- (silver.customer_versions). A row without an order is undated.
CREATE OR REPLACE VIEW staging_olist.customer_observations AS
SELECT c.customer_unique_id AS customer_id, o.first_at AS observed_at,
       NULL::TIMESTAMP AS registered_at, NULL::INTEGER AS age, NULL::VARCHAR AS gender, 'BR' AS country,
       c.customer_state AS state, c.customer_city AS city, c.customer_zip_code_prefix AS zip_prefix,
       NULL::VARCHAR AS email_domain, NULL::VARCHAR AS acquisition_channel,
       'olist' AS source, c._source_file, c._row_number, c._ingested_at
FROM staging_olist.bronze_customers c
LEFT JOIN (SELECT customer_id, min(order_purchase_timestamp) AS first_at FROM bronze.olist_orders GROUP BY customer_id) o
       ON o.customer_id = c.customer_id;

CREATE OR REPLACE VIEW staging_olist.products AS
SELECT p.product_id,
       NULL::VARCHAR AS name,
       coalesce(t.english, p.product_category_name) AS category,
       NULL::VARCHAR AS subcategory,
       NULL::VARCHAR AS brand,
       i.median_price AS base_price,
       NULL::DOUBLE AS margin,
       FALSE AS is_non_product,
       'olist' AS source, p._source_file, p._row_number, p._ingested_at
FROM staging_olist.bronze_products p
-- Olist has no list price: the median price the product sold at stands in for it.
LEFT JOIN (SELECT product_id, median(price) AS median_price FROM bronze.olist_order_items WHERE price > 0 GROUP BY product_id) i
       ON i.product_id = p.product_id
LEFT JOIN (SELECT product_category_name, arg_max(product_category_name_english, _ingested_at) AS english
           FROM bronze.olist_category_translation GROUP BY product_category_name) t
       ON t.product_category_name = p.product_category_name;

-- Several payment rows per order: the method is the largest payment's type, installments the largest count.
CREATE OR REPLACE VIEW staging_olist.order_payment AS
SELECT order_id,
       arg_max(payment_type, (payment_value, -payment_sequential)) AS payment_method,
       max(payment_installments) AS installments
FROM (SELECT DISTINCT order_id, payment_sequential, payment_type, payment_installments, payment_value FROM bronze.olist_order_payments)
GROUP BY order_id;

CREATE OR REPLACE VIEW staging_olist.orders AS
SELECT o.order_id,
       coalesce(m.person, o.customer_id) AS customer_id,
       o.order_purchase_timestamp AS ordered_at,
       coalesce(lower(o.order_status), 'unknown') AS status,
       coalesce(lower(o.order_status) IN ({purchase_statuses}), FALSE) AS is_purchase,
       coalesce(lower(o.order_status) = 'canceled', FALSE) AS is_cancellation,
       p.payment_method,
       p.installments,
       o.order_approved_at AS approved_at,
       o.order_delivered_carrier_date AS shipped_at,
       o.order_delivered_customer_date AS delivered_at,
       o.order_estimated_delivery_date AS estimated_delivery_at,
       'olist' AS source, o._source_file, o._row_number, o._ingested_at
FROM staging_olist.bronze_orders o
LEFT JOIN staging_olist.person_of m ON m.customer_id = o.customer_id
LEFT JOIN staging_olist.order_payment p ON p.order_id = o.order_id;

-- Each item row is one unit: Olist repeats the row (order_item_id 1, 2, ...) for several units of a product.
CREATE OR REPLACE VIEW staging_olist.order_lines AS
SELECT order_id,
       order_item_id AS line_number,
       product_id,
       seller_id,
       1.0 AS quantity,
       price AS unit_price,
       0.0 AS discount,
       coalesce(freight_value, 0.0) AS freight,
       price AS line_amount,
       FALSE AS is_return,
       'olist' AS source, _source_file, _row_number, _ingested_at
FROM staging_olist.bronze_order_items;

-- Payments and reviews without their key are passed on: the shared checks report them (missing_key) and set them aside.
CREATE OR REPLACE VIEW staging_olist.payments AS
SELECT order_id, payment_sequential AS sequence, payment_type, payment_installments AS installments, payment_value AS amount,
       'olist' AS source, _source_file, _ingested_at, _row_number
FROM staging_olist.bronze_order_payments;

CREATE OR REPLACE VIEW staging_olist.reviews AS
SELECT r.review_id, r.order_id, coalesce(m.person, o.customer_id) AS customer_id, r.review_score AS score,
       coalesce(trim(r.review_comment_message) <> '' OR trim(r.review_comment_title) <> '', FALSE) AS has_comment,
       r.review_creation_date AS created_at, r.review_answer_timestamp AS answered_at,
       'olist' AS source, r._source_file, r._ingested_at, r._row_number
FROM staging_olist.bronze_order_reviews r
LEFT JOIN (SELECT order_id, any_value(customer_id) AS customer_id FROM bronze.olist_orders GROUP BY order_id) o ON o.order_id = r.order_id
LEFT JOIN staging_olist.person_of m ON m.customer_id = o.customer_id;
