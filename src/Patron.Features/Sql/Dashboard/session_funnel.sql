-- The funnel from web sessions when the source has no click events: sessions in the date range, those that viewed a
-- product and those that ended in a purchase, by the viewed product's category ($6 = 'category') or product
-- ($6 = 'product', the biggest view-to-purchase leaks first, at most $7 rows), summed from the per-day counts that
-- visits_*.sql (prepended) picks. A session has no cart step (carts NULL).
, grouped AS (
    SELECT item, CAST(sum(sessions) AS BIGINT) AS sessions, CAST(sum(views) AS BIGINT) AS views,
           CAST(NULL AS BIGINT) AS carts, CAST(sum(purchases) AS BIGINT) AS purchases
    FROM counted GROUP BY item)
SELECT item, sessions, views, carts, purchases,
       CAST(NULL AS DOUBLE) AS view_to_cart,
       CAST(NULL AS DOUBLE) AS cart_to_purchase,
       purchases / nullif(views, 0) AS view_to_purchase,
       views - purchases AS lost
FROM grouped
ORDER BY CASE WHEN $6 = 'product' THEN views - purchases ELSE sessions END DESC, item
LIMIT $7
