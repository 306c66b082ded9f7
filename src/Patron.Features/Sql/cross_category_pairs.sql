-- The categories each customer of the partition bought, added to fx_customer_categories (which the builder creates empty
-- before the first partition); cross_category.sql turns them into co-purchase rates once every partition is in.
INSERT INTO fx_customer_categories
SELECT DISTINCT customer_id, category
FROM fx_lines
WHERE is_purchase AND NOT is_non_product AND line_amount > 0 AND category IS NOT NULL;
