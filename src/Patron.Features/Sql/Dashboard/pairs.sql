-- Product pairs bought in the same order by the chosen customers in the date range: orders with both, support,
-- confidence of each direction's left side and lift; the $6 strongest by orders with both. Only orders of two or more
-- products are joined with themselves; single counts are taken for the products of the pairs kept.
, lines AS (
    SELECT order_id, product, item_no, items FROM {dash}baskets
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE)),
baskets AS (SELECT count(*) FILTER (WHERE item_no = 1) AS n FROM lines),
multi AS (SELECT order_id, product FROM lines WHERE items >= 2),
pair AS (
    SELECT a.product AS product_a, b.product AS product_b, count(*) AS orders_both
    FROM multi a JOIN multi b ON a.order_id = b.order_id AND a.product < b.product
    GROUP BY 1, 2 HAVING count(*) >= 2),
single AS (
    SELECT product, count(*) AS orders FROM lines
    WHERE product IN (SELECT product_a FROM pair UNION SELECT product_b FROM pair) GROUP BY product)
SELECT p.product_a, p.product_b, p.orders_both,
       p.orders_both / baskets.n AS support,
       p.orders_both / sa.orders AS confidence_a_to_b,
       p.orders_both / sb.orders AS confidence_b_to_a,
       p.orders_both * baskets.n / (sa.orders * sb.orders) AS lift
FROM pair p CROSS JOIN baskets
JOIN single sa ON sa.product = p.product_a
JOIN single sb ON sb.product = p.product_b
ORDER BY p.orders_both DESC, lift DESC, p.product_a, p.product_b
LIMIT $6
