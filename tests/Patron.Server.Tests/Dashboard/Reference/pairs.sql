-- Product pairs bought in the same order by the chosen customers in the date range: orders with both, support,
-- confidence of each direction's left side and lift; the $6 strongest by orders with both.
, lines AS (
    SELECT DISTINCT s.order_id, coalesce(p.name, l.product_id) AS product
    FROM sales s JOIN silver.order_lines l ON l.order_id = s.order_id
    LEFT JOIN silver.products p ON p.product_id = l.product_id
    WHERE s.is_purchase AND NOT l.is_outlier AND l.product_id IS NOT NULL AND NOT coalesce(p.is_non_product, FALSE)),
baskets AS (SELECT count(DISTINCT order_id) AS n FROM lines),
single AS (SELECT product, count(*) AS orders FROM lines GROUP BY product),
pair AS (
    SELECT a.product AS product_a, b.product AS product_b, count(*) AS orders_both
    FROM lines a JOIN lines b ON a.order_id = b.order_id AND a.product < b.product
    GROUP BY 1, 2)
SELECT p.product_a, p.product_b, p.orders_both,
       p.orders_both / baskets.n AS support,
       p.orders_both / sa.orders AS confidence_a_to_b,
       p.orders_both / sb.orders AS confidence_b_to_a,
       p.orders_both * baskets.n / (sa.orders * sb.orders) AS lift
FROM pair p CROSS JOIN baskets
JOIN single sa ON sa.product = p.product_a
JOIN single sb ON sb.product = p.product_b
WHERE p.orders_both >= 2
ORDER BY p.orders_both DESC, lift DESC, p.product_a, p.product_b
LIMIT $6
