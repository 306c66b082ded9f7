-- cdnow: the CDNOW purchase log onto the canonical model. Both layouts (master, sample) land in one purchase view.
-- Ids are kept as written, leading zeros included ("00004"); the sample's own sample id is dropped.
CREATE SCHEMA IF NOT EXISTS staging_cdnow;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_cdnow.bronze_master AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.cdnow_master b JOIN bronze.files f ON f.file_id = b._file_id;
CREATE OR REPLACE VIEW staging_cdnow.bronze_sample AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.cdnow_sample b JOIN bronze.files f ON f.file_id = b._file_id;

CREATE OR REPLACE VIEW staging_cdnow.purchases AS
SELECT customer_id, "date" AS day, number_of_cds, dollar_value, _source_file, _row_number, _ingested_at FROM staging_cdnow.bronze_master
UNION ALL
SELECT customer_id, "date", number_of_cds, dollar_value, _source_file, _row_number, _ingested_at FROM staging_cdnow.bronze_sample;

CREATE OR REPLACE VIEW staging_cdnow.customers AS
SELECT customer_id, NULL::TIMESTAMP AS registered_at, NULL::INTEGER AS age, NULL::VARCHAR AS gender, NULL::VARCHAR AS country,
       NULL::VARCHAR AS state, NULL::VARCHAR AS city, NULL::VARCHAR AS zip_prefix, NULL::VARCHAR AS email_domain,
       NULL::VARCHAR AS acquisition_channel,
       'cdnow' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM staging_cdnow.purchases
GROUP BY customer_id, _source_file, _ingested_at;

-- The log names no products.
CREATE OR REPLACE VIEW staging_cdnow.products AS
SELECT NULL::VARCHAR AS product_id, NULL::VARCHAR AS name, NULL::VARCHAR AS category, NULL::VARCHAR AS subcategory,
       NULL::VARCHAR AS brand, NULL::DOUBLE AS base_price, NULL::DOUBLE AS margin, FALSE AS is_non_product,
       'cdnow' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
WHERE FALSE;

-- One order per customer and day.
CREATE OR REPLACE VIEW staging_cdnow.orders AS
SELECT customer_id || '-' || strftime(day, '%Y%m%d') AS order_id,
       customer_id,
       CAST(day AS TIMESTAMP) AS ordered_at,
       'completed' AS status,
       TRUE AS is_purchase,
       FALSE AS is_cancellation,
       NULL::VARCHAR AS payment_method,
       NULL::INTEGER AS installments,
       NULL::TIMESTAMP AS approved_at,
       NULL::TIMESTAMP AS shipped_at,
       NULL::TIMESTAMP AS delivered_at,
       NULL::TIMESTAMP AS estimated_delivery_at,
       'cdnow' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM staging_cdnow.purchases
GROUP BY customer_id, day, _source_file, _ingested_at;

CREATE OR REPLACE VIEW staging_cdnow.order_lines AS
SELECT customer_id || '-' || strftime(day, '%Y%m%d') AS order_id,
       CAST(row_number() OVER (PARTITION BY customer_id, day, _source_file, _ingested_at ORDER BY _row_number) AS INTEGER) AS line_number,
       NULL::VARCHAR AS product_id,
       NULL::VARCHAR AS seller_id,
       CAST(number_of_cds AS DOUBLE) AS quantity,
       CASE WHEN number_of_cds <> 0 THEN dollar_value / number_of_cds END AS unit_price,
       0.0 AS discount,
       0.0 AS freight,
       dollar_value AS line_amount,
       FALSE AS is_return,
       'cdnow' AS source, _source_file, _row_number, _ingested_at
FROM staging_cdnow.purchases;
