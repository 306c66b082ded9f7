-- The funnel from web sessions when the source has no click events: sessions in the date range, those that viewed a
-- product and those that ended in a purchase, by the viewed product's category ($6 = 'category') or product
-- ($6 = 'product', the biggest view-to-purchase leaks first, at most $7 rows). A session has no cart step (carts NULL).
-- Anonymous sessions count only without a customer filter.
, picked AS (
    SELECT s.session_id, s.product_id, s.purchased
    FROM silver.sessions s
    WHERE s.started_at >= CAST($1 AS DATE) AND s.started_at < CAST($2 AS DATE) + 1
      AND (($3 IS NULL AND $4 IS NULL AND $5 IS NULL)
           OR s.customer_id IN (SELECT customer_id FROM chosen))),
grouped AS (
    SELECT CASE WHEN $6 = 'product' THEN coalesce(p.name, s.product_id, '(no product viewed)')
                ELSE coalesce(p.category, CASE WHEN s.product_id IS NULL THEN '(no product viewed)' ELSE '(none)' END) END AS item,
           count(*) AS sessions,
           count(*) FILTER (WHERE s.product_id IS NOT NULL) AS views,
           CAST(NULL AS BIGINT) AS carts,
           count(*) FILTER (WHERE s.purchased) AS purchases
    FROM picked s LEFT JOIN silver.products p ON p.product_id = s.product_id
    GROUP BY 1)
SELECT item, sessions, views, carts, purchases,
       CAST(NULL AS DOUBLE) AS view_to_cart,
       CAST(NULL AS DOUBLE) AS cart_to_purchase,
       purchases / nullif(views, 0) AS view_to_purchase,
       views - purchases AS lost
FROM grouped
ORDER BY CASE WHEN $6 = 'product' THEN views - purchases ELSE sessions END DESC, item
LIMIT $7
