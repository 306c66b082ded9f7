-- Product affinity over purchase lines of products with a positive amount. Reads fx_lines, fx_customers.
CREATE OR REPLACE TEMP TABLE f_affinity AS
WITH l AS (
    SELECT customer_id, category, brand, line_amount AS spend
    FROM fx_lines
    WHERE is_purchase AND NOT is_non_product AND line_amount > 0),
cat AS (
    SELECT customer_id, category, sum(spend) AS spend
    FROM l WHERE category IS NOT NULL
    GROUP BY customer_id, category),
cat_total AS (
    SELECT customer_id, sum(spend) AS total FROM cat GROUP BY customer_id),
cat_agg AS (
    SELECT c.customer_id,
           count(*) AS distinct_categories,
           first(c.category ORDER BY c.spend DESC, c.category) AS favourite_category,
           max(c.spend) / t.total AS favourite_category_share,
           -sum((c.spend / t.total) * log2(c.spend / t.total) ORDER BY c.category) AS category_entropy
    FROM cat c JOIN cat_total t ON t.customer_id = c.customer_id
    GROUP BY c.customer_id, t.total),
brand AS (
    SELECT customer_id, brand, sum(spend) AS spend
    FROM l WHERE brand IS NOT NULL
    GROUP BY customer_id, brand),
brand_total AS (
    SELECT customer_id, sum(spend) AS total FROM brand GROUP BY customer_id),
brand_agg AS (
    SELECT b.customer_id,
           count(*) AS distinct_brands,
           max(b.spend) / t.total AS top_brand_share,
           sum((b.spend / t.total) * (b.spend / t.total) ORDER BY b.brand) AS brand_hhi
    FROM brand b JOIN brand_total t ON t.customer_id = b.customer_id
    GROUP BY b.customer_id, t.total)
SELECT c.customer_id,
       coalesce(ca.distinct_categories, 0) AS distinct_categories,
       coalesce(ba.distinct_brands, 0) AS distinct_brands,
       ca.favourite_category,
       ca.favourite_category_share,
       ba.top_brand_share,
       ba.brand_hhi,
       ca.category_entropy
FROM fx_customers c
LEFT JOIN cat_agg ca ON ca.customer_id = c.customer_id
LEFT JOIN brand_agg ba ON ba.customer_id = c.customer_id;
