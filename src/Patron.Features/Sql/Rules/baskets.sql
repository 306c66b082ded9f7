-- Baskets as (key, item code) rows sorted by key, for the miner to read in one pass: one basket per order
-- ({key} = order_row) or per customer ({key} = customer_id, orders without a customer left out: {known}), from the
-- orders placed in [{from}, {to}).
SELECT {key} AS basket_key, i.code
FROM rx_lines l
JOIN rx_items i ON i.item_id = l.item_id
WHERE l.ordered_at >= TIMESTAMP '{from}'
  AND l.ordered_at < TIMESTAMP '{to}'
  AND {known}
ORDER BY basket_key, i.code
