-- One page of the chosen customers of the run by revenue in the date range (customers_by_revenue.sql's answer)
-- without summing every customer's range: $6 the sort ('revenue'), $7 rows to skip, $8 page size, $9 how many
-- candidates. The candidates are the chosen customers of the highest bounds (tables.sql: no customer's revenue in
-- any range exceeds their bound); the range is summed for them only. When the last row of the page has more revenue
-- than the highest bound left out, no customer left out can rank in the page, and the page is exact; otherwise the
-- answer has no rows and the caller sorts every customer (customers_by_revenue.sql).
, candidates AS (
    SELECT cust, bound FROM {dash}bounds
    WHERE in_run AND cell IN (SELECT cell FROM kept)
    ORDER BY bound DESC, cust
    LIMIT $9 + 1),
cutoff AS (SELECT min(bound) AS next_bound, count(*) AS found FROM (SELECT bound FROM candidates ORDER BY bound DESC, cust OFFSET $9)),
picked AS (SELECT cust FROM candidates ORDER BY bound DESC, cust LIMIT $9),
spend AS (SELECT cust, sum(amount) AS revenue FROM sales WHERE $6 = 'revenue' AND cust IN (SELECT cust FROM picked) GROUP BY cust),
ranked AS (
    SELECT c.customer_id, c.segment, c.country, c.channel, c.churn_probability, c.churn_risk_band, c.predicted_clv,
           c.p_alive, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue, c.reason_1, c.rn
    FROM {dash}people c
    JOIN picked USING (cust)
    LEFT JOIN spend s USING (cust)
    ORDER BY revenue DESC NULLS LAST, c.customer_id
    LIMIT $8 + $7),
sure AS (
    -- Every chosen customer is a candidate, or the page's last row beats the highest bound left out.
    SELECT (SELECT found FROM cutoff) = 0
           OR ((SELECT count(*) FROM ranked) = $8 + $7
               AND (SELECT min(revenue) FROM ranked) > (SELECT next_bound FROM cutoff)) AS exact)
SELECT *, (SELECT count(*) FROM chosen WHERE in_run) AS total
FROM ranked
WHERE (SELECT exact FROM sure)
ORDER BY revenue DESC NULLS LAST, customer_id
OFFSET $7
