-- Baskets as (key, item code) rows in no particular order, for the miner to read in one pass and sort by counting:
-- one basket per order ({key} = order_row) or per numbered customer ({key} = the customer's code, {join} = its
-- numbering), from the orders placed in [{from}, {to}).
SELECT CAST({key} AS BIGINT) AS basket_key, i.code
FROM rx_lines l
JOIN rx_items i ON i.item_id = l.item_id
{join}
WHERE l.ordered_at >= TIMESTAMP '{from}'
  AND l.ordered_at < TIMESTAMP '{to}'
