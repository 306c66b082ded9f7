-- Product affinity over purchase lines of products with a positive amount. Reads fx_lines, fx_customers.
-- Hash aggregates and joins only (no per-customer sorts); shares are summed as exact decimals so the result does not
-- depend on the order rows arrive in, and favourite-category ties go to the first name.
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
    SELECT customer_id, sum(spend) AS total, max(spend) AS top, count(*) AS n
    FROM cat GROUP BY customer_id),
cat_agg AS (
    SELECT c.customer_id,
           min(c.category) FILTER (WHERE c.spend = t.top) AS favourite_category,
           sum(CAST(-(c.spend / t.total) * log2(c.spend / t.total) AS DECIMAL(38, 18))) AS category_entropy
    FROM cat c JOIN cat_total t ON t.customer_id = c.customer_id
    GROUP BY c.customer_id),
brand AS (
    SELECT customer_id, brand, sum(spend) AS spend
    FROM l WHERE brand IS NOT NULL
    GROUP BY customer_id, brand),
brand_total AS (
    SELECT customer_id, sum(spend) AS total, max(spend) AS top, count(*) AS n
    FROM brand GROUP BY customer_id),
brand_agg AS (
    SELECT b.customer_id,
           sum(CAST((b.spend / t.total) * (b.spend / t.total) AS DECIMAL(38, 18))) AS brand_hhi
    FROM brand b JOIN brand_total t ON t.customer_id = b.customer_id
    GROUP BY b.customer_id)
SELECT c.customer_id,
       coalesce(ct.n, 0) AS distinct_categories,
       coalesce(bt.n, 0) AS distinct_brands,
       ca.favourite_category,
       ct.top / ct.total AS favourite_category_share,
       bt.top / bt.total AS top_brand_share,
       ba.brand_hhi,
       ca.category_entropy
FROM fx_customers c
LEFT JOIN cat_total ct ON ct.customer_id = c.customer_id
LEFT JOIN cat_agg ca ON ca.customer_id = c.customer_id
LEFT JOIN brand_total bt ON bt.customer_id = c.customer_id
LEFT JOIN brand_agg ba ON ba.customer_id = c.customer_id;
