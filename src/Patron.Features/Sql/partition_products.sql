-- Every product's version in force at the cutoff, by its row id, with what the feature kernel needs of it
-- (customer_rows.sql names products by that row id). The version in force is the latest one starting before the cutoff,
-- or the product's first when none does (a products file exported after the cutoff is all that is known of it); when
-- several sources hold the product, the one that started last. Placeholder: cutoff.
SELECT product_row, category, brand, coalesce(is_non_product, FALSE) AS is_non_product
FROM (SELECT rowid AS product_row, product_id, category, brand, margin, is_non_product
           FROM silver.product_versions
           WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')
           QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
