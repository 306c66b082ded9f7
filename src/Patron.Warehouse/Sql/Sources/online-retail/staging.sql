-- online-retail: UCI Online Retail (I and II) onto the canonical model. One bronze row per invoice line.
CREATE SCHEMA IF NOT EXISTS staging_online_retail;

-- The bronze rows with the path of their file (bronze.files), which silver and the quality tables name.
CREATE OR REPLACE VIEW staging_online_retail.bronze_lines AS
SELECT b.* EXCLUDE (_file_id), f.path AS _source_file FROM bronze.online_retail_lines b JOIN bronze.files f ON f.file_id = b._file_id;

-- Customer ids come as 17850 or, from spreadsheet exports, 17850.0: the same person.
-- An invoice is the rows of its number on the first day the number appears; rows of the number dated on a later day
-- are another document that reuses it (named number/yyyy-mm-dd), so later rows can never join an earlier invoice.
CREATE OR REPLACE VIEW staging_online_retail.lines AS
SELECT CASE WHEN CAST(InvoiceDate AS DATE) > min(CAST(InvoiceDate AS DATE)) OVER (PARTITION BY trim(InvoiceNo))
            THEN trim(InvoiceNo) || '/' || strftime(InvoiceDate, '%Y-%m-%d')
            ELSE trim(InvoiceNo) END AS invoice,
       trim(StockCode) AS stock_code,
       Description AS description,
       Quantity AS quantity,
       InvoiceDate AS invoiced_at,
       UnitPrice AS unit_price,
       nullif(regexp_replace(trim(CustomerID), '\.0+$', ''), '') AS customer_id,
       Country AS country,
       upper(trim(InvoiceNo)) LIKE 'C%' AS is_cancellation,
       upper(trim(InvoiceNo)) LIKE 'A%' AS is_adjustment,
       _source_file, _row_number, _ingested_at
FROM staging_online_retail.bronze_lines;

CREATE OR REPLACE VIEW staging_online_retail.customers AS
SELECT customer_id,
       NULL::TIMESTAMP AS registered_at,
       NULL::INTEGER AS age,
       NULL::VARCHAR AS gender,
       mode(country) AS country,
       NULL::VARCHAR AS state,
       NULL::VARCHAR AS city,
       NULL::VARCHAR AS zip_prefix,
       NULL::VARCHAR AS email_domain,
       NULL::VARCHAR AS acquisition_channel,
       'online-retail' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM staging_online_retail.lines
WHERE customer_id IS NOT NULL
GROUP BY customer_id, _source_file, _ingested_at;

-- The country given on each line, dated by the line: a customer's country as of any time (silver.customer_versions).
CREATE OR REPLACE VIEW staging_online_retail.customer_observations AS
SELECT customer_id, invoiced_at AS observed_at,
       NULL::TIMESTAMP AS registered_at, NULL::INTEGER AS age, NULL::VARCHAR AS gender, country,
       NULL::VARCHAR AS state, NULL::VARCHAR AS city, NULL::VARCHAR AS zip_prefix, NULL::VARCHAR AS email_domain,
       NULL::VARCHAR AS acquisition_channel,
       'online-retail' AS source, _source_file, _row_number, _ingested_at
FROM staging_online_retail.lines
WHERE customer_id IS NOT NULL AND invoiced_at IS NOT NULL;

-- Postage, carriage, fees, bank charges, discounts, samples, manual and bad-debt adjustments, tests, gift vouchers.
CREATE OR REPLACE VIEW staging_online_retail.products AS
SELECT stock_code AS product_id,
       mode(description) AS name,
       NULL::VARCHAR AS category,
       NULL::VARCHAR AS subcategory,
       NULL::VARCHAR AS brand,
       median(unit_price) FILTER (WHERE unit_price > 0 AND quantity > 0) AS base_price,
       NULL::DOUBLE AS margin,
       upper(stock_code) IN ('POST', 'DOT', 'C2', 'M', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'D', 'S', 'B', 'PADS',
                             'ADJUST', 'ADJUST2', 'TEST001', 'TEST002')
           OR lower(stock_code) LIKE 'gift\_0001\_%' ESCAPE '\' AS is_non_product,
       'online-retail' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM staging_online_retail.lines
WHERE stock_code IS NOT NULL
GROUP BY stock_code, _source_file, _ingested_at;

CREATE OR REPLACE VIEW staging_online_retail.orders AS
SELECT invoice AS order_id,
       arg_min(customer_id, _row_number) AS customer_id,
       min(invoiced_at) AS ordered_at,
       CASE WHEN bool_or(is_cancellation) THEN 'cancelled' WHEN bool_or(is_adjustment) THEN 'adjustment' ELSE 'completed' END AS status,
       NOT bool_or(is_cancellation) AND NOT bool_or(is_adjustment) AS is_purchase,
       bool_or(is_cancellation) AS is_cancellation,
       NULL::VARCHAR AS payment_method,
       NULL::INTEGER AS installments,
       NULL::TIMESTAMP AS approved_at,
       NULL::TIMESTAMP AS shipped_at,
       NULL::TIMESTAMP AS delivered_at,
       NULL::TIMESTAMP AS estimated_delivery_at,
       'online-retail' AS source, _source_file, min(_row_number) AS _row_number, _ingested_at
FROM staging_online_retail.lines
WHERE invoice IS NOT NULL
GROUP BY invoice, _source_file, _ingested_at;

CREATE OR REPLACE VIEW staging_online_retail.order_lines AS
SELECT invoice AS order_id,
       CAST(row_number() OVER (PARTITION BY invoice, _source_file, _ingested_at ORDER BY _row_number) AS INTEGER) AS line_number,
       stock_code AS product_id,
       NULL::VARCHAR AS seller_id,
       CAST(quantity AS DOUBLE) AS quantity,
       unit_price,
       0.0 AS discount,
       0.0 AS freight,
       quantity * unit_price AS line_amount,
       coalesce(quantity < 0, FALSE) AS is_return,
       'online-retail' AS source, _source_file, _row_number, _ingested_at
FROM staging_online_retail.lines;
