-- Sessions in the date range that reached each step (view, cart, purchase) for a product, by category ($6 = 'category')
-- or by product ($6 = 'product', the biggest view-to-purchase leaks first, at most $7 rows). Anonymous sessions count
-- only without a customer filter.
, steps AS (
    SELECT e.session_id, e.product_id,
           max(CASE WHEN e.event_type = 'view' THEN 1 ELSE 0 END) AS viewed,
           max(CASE WHEN e.event_type = 'cart' THEN 1 ELSE 0 END) AS carted,
           max(CASE WHEN e.event_type = 'purchase' THEN 1 ELSE 0 END) AS bought
    FROM silver.events e
    WHERE e.product_id IS NOT NULL AND e.occurred_at >= CAST($1 AS DATE) AND e.occurred_at < CAST($2 AS DATE) + 1
      AND (($3 IS NULL AND $4 IS NULL AND $5 IS NULL)
           OR e.customer_id IN (SELECT customer_id FROM chosen))
    GROUP BY e.session_id, e.product_id),
grouped AS (
    SELECT CASE WHEN $6 = 'product' THEN coalesce(p.name, s.product_id) ELSE coalesce(p.category, '(none)') END AS item,
           count(DISTINCT s.session_id) AS sessions,
           sum(viewed) AS views, sum(carted) AS carts, sum(bought) AS purchases
    FROM steps s LEFT JOIN silver.products p ON p.product_id = s.product_id
    GROUP BY 1)
SELECT item, sessions, views, carts, purchases,
       carts / nullif(views, 0) AS view_to_cart,
       purchases / nullif(carts, 0) AS cart_to_purchase,
       purchases / nullif(views, 0) AS view_to_purchase,
       views - purchases AS lost
FROM grouped
ORDER BY CASE WHEN $6 = 'product' THEN views - purchases ELSE views END DESC, item
LIMIT $7
