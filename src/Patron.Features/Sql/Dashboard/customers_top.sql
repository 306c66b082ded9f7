-- One page of the chosen customers of the run by revenue in the date range (customers_by_revenue.sql's answer)
-- without summing every customer's range: $6 the sort ('revenue'), $7 rows to skip, $8 page size, $9 how many
-- candidates. The candidates are the chosen customers of the highest bounds (tables.sql: no customer's revenue in
-- any range exceeds their bound), read from ranks (sort 4: the first $9 + 1 of the kept cells are among each kept
-- cell's first $9 + 1); the range is summed for them only, from spend_orders, where the customers of the highest
-- bounds come first. When the last row of the page has more revenue than the highest bound left out, no customer left
-- out can rank in the page, and the page is exact; otherwise the answer has no rows and the caller sorts every
-- customer (customers_by_revenue.sql).
, candidates AS (
    SELECT cust, customer_id, spend, value AS bound FROM {dash}ranks
    WHERE sort = 4 AND pos <= CAST($9 AS INTEGER) + 1 AND cell IN (SELECT cell FROM kept)
    ORDER BY bound DESC, customer_id
    LIMIT $9 + 1),
cutoff AS (SELECT min(bound) AS next_bound, count(*) AS found FROM (SELECT bound FROM candidates ORDER BY bound DESC, customer_id OFFSET $9)),
picked AS (SELECT cust, customer_id, spend FROM candidates ORDER BY bound DESC, customer_id LIMIT $9),
spend AS (
    SELECT o.cust, sum(o.amount) AS revenue
    FROM {dash}spend_orders o JOIN picked p ON o.spend = p.spend AND o.cust = p.cust
    WHERE $6 = 'revenue' AND o.day >= CAST($1 AS DATE) AND o.day <= CAST($2 AS DATE)
    GROUP BY o.cust),
ranked AS (
    SELECT p.cust, p.customer_id, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue
    FROM picked p LEFT JOIN spend s USING (cust)
    ORDER BY revenue DESC NULLS LAST, p.customer_id
    LIMIT $8 + $7),
sure AS (
    -- Every chosen customer is a candidate, or the page's last row beats the highest bound left out.
    SELECT (SELECT found FROM cutoff) = 0
           OR ((SELECT count(*) FROM ranked) = $8 + $7
               AND (SELECT min(revenue) FROM ranked) > (SELECT next_bound FROM cutoff)) AS exact),
page AS (SELECT * FROM ranked WHERE (SELECT exact FROM sure) ORDER BY revenue DESC NULLS LAST, customer_id OFFSET $7)
SELECT c.customer_id, c.segment, c.country, c.channel, c.churn_probability, c.churn_risk_band, c.predicted_clv,
       c.p_alive, r.revenue, c.reason_1, c.rn,
       (SELECT coalesce(sum(customers), 0) FROM {dash}cell_people WHERE cell IN (SELECT cell FROM kept)) AS total
FROM page r JOIN {dash}people c USING (cust)
ORDER BY r.revenue DESC NULLS LAST, r.customer_id
