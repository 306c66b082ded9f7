-- The sequence rules of the pairs in rx_seq_pairs (sequence_pairs.sql) held by at least {min_count} customers.
SELECT p.item_a AS antecedent, p.item_b AS consequent,
       count(*) AS customers_ab,
       ia.customers AS customers_a,
       ib.customers AS customers_b,
       coalesce(base.customers, 0) AS customers_then_b,
       (SELECT count(DISTINCT customer_id) FROM rx_seq_first) AS customers,
       median(p.days) AS median_days
FROM rx_seq_pairs p
JOIN rx_seq_items ia ON ia.item_id = p.item_a
JOIN rx_seq_items ib ON ib.item_id = p.item_b
LEFT JOIN rx_seq_base base ON base.item_id = p.item_b
GROUP BY p.item_a, p.item_b, ia.customers, ib.customers, base.customers
HAVING count(*) >= {min_count}
ORDER BY antecedent, consequent;
