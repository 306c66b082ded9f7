-- shoppers: UCI Online Shoppers Purchasing Intention onto silver.shopper_sessions. No customers, orders or products:
-- those staging views are empty so the shared resolution has nothing to do.
CREATE SCHEMA IF NOT EXISTS staging_shoppers;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_shoppers.bronze_sessions AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.shoppers_sessions b JOIN bronze.files f ON f.file_id = b._file_id;

CREATE OR REPLACE VIEW staging_shoppers.customers AS
SELECT NULL::VARCHAR AS customer_id, NULL::TIMESTAMP AS registered_at, NULL::INTEGER AS age, NULL::VARCHAR AS gender,
       NULL::VARCHAR AS country, NULL::VARCHAR AS state, NULL::VARCHAR AS city, NULL::VARCHAR AS zip_prefix,
       NULL::VARCHAR AS email_domain, NULL::VARCHAR AS acquisition_channel,
       'shoppers' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
WHERE FALSE;

CREATE OR REPLACE VIEW staging_shoppers.products AS
SELECT NULL::VARCHAR AS product_id, NULL::VARCHAR AS name, NULL::VARCHAR AS category, NULL::VARCHAR AS subcategory,
       NULL::VARCHAR AS brand, NULL::DOUBLE AS base_price, NULL::DOUBLE AS margin, FALSE AS is_non_product,
       'shoppers' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
WHERE FALSE;

CREATE OR REPLACE VIEW staging_shoppers.orders AS
SELECT NULL::VARCHAR AS order_id, NULL::VARCHAR AS customer_id, NULL::TIMESTAMP AS ordered_at, NULL::VARCHAR AS status,
       FALSE AS is_purchase, FALSE AS is_cancellation, NULL::VARCHAR AS payment_method, NULL::INTEGER AS installments,
       NULL::TIMESTAMP AS approved_at, NULL::TIMESTAMP AS shipped_at, NULL::TIMESTAMP AS delivered_at,
       NULL::TIMESTAMP AS estimated_delivery_at,
       'shoppers' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
WHERE FALSE;

CREATE OR REPLACE VIEW staging_shoppers.order_lines AS
SELECT NULL::VARCHAR AS order_id, NULL::INTEGER AS line_number, NULL::VARCHAR AS product_id, NULL::VARCHAR AS seller_id,
       NULL::DOUBLE AS quantity, NULL::DOUBLE AS unit_price, NULL::DOUBLE AS discount, NULL::DOUBLE AS freight,
       NULL::DOUBLE AS line_amount, FALSE AS is_return,
       'shoppers' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
WHERE FALSE;

-- The data set has no session id: a session is named by its file's content hash and its row, so re-exports under
-- another name keep their ids and two different files never collide.
CREATE OR REPLACE VIEW staging_shoppers.all_sessions AS
SELECT left(g.content_sha256, 12) || ':' || s._row_number AS session_id,
       s.Administrative AS administrative_pages, s.Administrative_Duration AS administrative_duration_sec,
       s.Informational AS informational_pages, s.Informational_Duration AS informational_duration_sec,
       s.ProductRelated AS product_pages, s.ProductRelated_Duration AS product_duration_sec,
       s.BounceRates AS bounce_rate, s.ExitRates AS exit_rate, s.PageValues AS page_value, s.SpecialDay AS special_day,
       CASE lower(left(trim(s.Month), 3))
           WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6
           WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12
       END AS month,
       s.OperatingSystems AS operating_system, s.Browser AS browser, s.Region AS region, s.TrafficType AS traffic_type,
       s.VisitorType AS visitor_type, s.Weekend AS is_weekend, s.Revenue AS revenue,
       'shoppers' AS source, s._source_file, s._ingested_at, s._row_number, s.Month AS month_text
FROM staging_shoppers.bronze_sessions s
JOIN bronze.ingest_log g ON g.source = 'shoppers' AND g.file_path = s._source_file AND g.ingested_at = s._ingested_at;

CREATE OR REPLACE VIEW staging_shoppers.shopper_sessions AS
SELECT * EXCLUDE (month_text, _row_number), _row_number FROM staging_shoppers.all_sessions WHERE revenue IS NOT NULL;
