-- Product attributes as versions with their validity, from every product row the source holds, by the same rule as
-- customer_versions.sql. Placeholders: source, staging. A product row is dated by the ingest of the file it comes from
-- (each export of a products file, and each export a source derives its products from, is a snapshot of what was known
-- then); an undated one counts as since always (-infinity). Rows are put in time order (ties: file, row); each change of
-- value starts a version, valid until the next one starts. A later export can only add versions after the earlier
-- ones, so the version in force at a cutoff never changes when a later export renames a product or moves it to another
-- category; the first version stands for cutoffs before it (the earliest export is all that was known then).
DELETE FROM silver.product_versions WHERE source = '{source}';

INSERT INTO silver.product_versions
WITH o AS (
    SELECT product_id, coalesce(_ingested_at, TIMESTAMP '-infinity') AS observed_at,
           name, category, subcategory, brand, base_price, margin, coalesce(is_non_product, FALSE) AS is_non_product,
           _source_file, _row_number, _ingested_at
    FROM {staging}.products
    WHERE product_id IS NOT NULL),
changes AS (
    SELECT *,
           row(name, category, subcategory, brand, base_price, margin, is_non_product)
               IS DISTINCT FROM lag(row(name, category, subcategory, brand, base_price, margin, is_non_product))
               OVER (PARTITION BY product_id ORDER BY observed_at, _source_file, _row_number) AS starts
    FROM o)
SELECT product_id,
       CAST(row_number() OVER w AS INTEGER) AS version,
       observed_at AS valid_from,
       lead(observed_at) OVER w AS valid_to,
       name, category, subcategory, brand, base_price, margin, is_non_product,
       '{source}', _source_file, _ingested_at
FROM changes
WHERE starts
WINDOW w AS (PARTITION BY product_id ORDER BY observed_at, _source_file, _row_number);
