-- Product pairs bought in the same order by the chosen customers in the date range: orders with both, support,
-- confidence of each direction's left side and lift; the $6 strongest by orders with both. The range's whole months
-- [$7, $8) are summed from pair_months, product_months and basket_months; only its days before and after them
-- ([$1, $7) and [$8, $2]) are read from baskets, whose orders of two or more products are joined with themselves
-- ($7 = $8 = $2 + 1 when the range holds no whole month). Single counts are taken for the products of the pairs kept.
-- Each part of baskets is a plain day range, so DuckDB skips the row groups (in day order) outside it.
, lines AS (
    SELECT order_id, product, item_no, items FROM {dash}baskets
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($1 AS DATE) AND day < CAST($7 AS DATE)
    UNION ALL
    SELECT order_id, product, item_no, items FROM {dash}baskets
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($8 AS DATE) AND day <= CAST($2 AS DATE)),
baskets AS (
    SELECT CAST((SELECT count(*) FROM lines WHERE item_no = 1)
                + (SELECT coalesce(sum(orders), 0) FROM {dash}basket_months
                   WHERE cell IN (SELECT cell FROM kept) AND month >= CAST($7 AS DATE) AND month < CAST($8 AS DATE)) AS BIGINT) AS n),
multi AS (SELECT order_id, product FROM lines WHERE items >= 2),
pair AS (
    SELECT product_a, product_b, CAST(sum(orders_both) AS BIGINT) AS orders_both
    FROM (SELECT a.product AS product_a, b.product AS product_b, count(*) AS orders_both
          FROM multi a JOIN multi b ON a.order_id = b.order_id AND a.product < b.product
          GROUP BY 1, 2
          UNION ALL
          SELECT product_a, product_b, orders FROM {dash}pair_months
          WHERE cell IN (SELECT cell FROM kept) AND month >= CAST($7 AS DATE) AND month < CAST($8 AS DATE))
    GROUP BY 1, 2 HAVING sum(orders_both) >= 2),
single AS (
    SELECT product, CAST(sum(orders) AS BIGINT) AS orders
    FROM (SELECT product, count(*) AS orders FROM lines GROUP BY product
          UNION ALL
          SELECT product, orders FROM {dash}product_months
          WHERE cell IN (SELECT cell FROM kept) AND month >= CAST($7 AS DATE) AND month < CAST($8 AS DATE))
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
