-- generic: transactions.csv (one line per order), customers.csv, products.csv onto the canonical model.
CREATE SCHEMA IF NOT EXISTS staging_generic;

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
FROM bronze.generic_customers;

CREATE OR REPLACE VIEW staging_generic.products AS
SELECT product_id,
       NULL::VARCHAR AS name,
       category, subcategory, brand, base_price, margin,
       FALSE AS is_non_product,
       'generic' AS source, _source_file, _row_number, _ingested_at
FROM bronze.generic_products;

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
FROM bronze.generic_transactions;

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
FROM bronze.generic_transactions;
