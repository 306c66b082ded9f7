-- Every product's row id with what the feature kernel needs of it (partition_rows.sql names products by row id).
SELECT rowid AS product_row, category, brand, coalesce(is_non_product, FALSE) AS is_non_product
FROM silver.products
