-- Shopper-session features (UCI Online Shoppers): the session's own columns, page totals and the coded
-- categories as text. These sessions have no customer and no time but their month, so there is no history to cut.

CREATE OR REPLACE TEMP TABLE sx_shoppers AS
SELECT *
FROM silver.shopper_sessions
QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY _ingested_at DESC, _source_file) = 1;

CREATE OR REPLACE TEMP TABLE sx_shopper_features AS
WITH t AS (
    SELECT *,
           coalesce(administrative_pages, 0) + coalesce(informational_pages, 0) + coalesce(product_pages, 0) AS pages,
           coalesce(CAST(administrative_duration_sec AS DECIMAL(18, 6)), 0) + coalesce(CAST(informational_duration_sec AS DECIMAL(18, 6)), 0)
               + coalesce(CAST(product_duration_sec AS DECIMAL(18, 6)), 0) AS duration
    FROM sx_shoppers)
SELECT session_id,
       administrative_pages,
       administrative_duration_sec,
       informational_pages,
       informational_duration_sec,
       product_pages,
       product_duration_sec,
       pages AS total_pages,
       CAST(duration AS DOUBLE) AS total_duration_sec,
       CASE WHEN pages > 0 THEN CAST(coalesce(product_pages, 0) AS DOUBLE) / pages END AS product_page_share,
       bounce_rate,
       exit_rate,
       page_value,
       special_day,
       month,
       visitor_type,
       CASE WHEN is_weekend THEN 1 WHEN NOT is_weekend THEN 0 END AS is_weekend,
       CAST(operating_system AS VARCHAR) AS operating_system,
       CAST(browser AS VARCHAR) AS browser,
       CAST(region AS VARCHAR) AS region,
       CAST(traffic_type AS VARCHAR) AS traffic_type
FROM t;

CREATE OR REPLACE TEMP TABLE sx_shopper_labels AS
SELECT session_id, month, revenue AS purchased
FROM sx_shoppers;
