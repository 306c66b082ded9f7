-- One page of the chosen customers of the run, with the total: $6 sort (churn, clv or id), $7 rows to skip, $8 page
-- size. Revenue is the date range's, summed for the page's customers only (customers_top.sql sorts by it).
-- The page is found in ranks: the first $7 + $8 customers of the kept cells under the sort are among each kept cell's
-- first $7 + $8 (pos), the table's first rows; the total is the kept cells' sizes (cell_people).
, keys AS (
    SELECT cust, customer_id, value AS sort_value
    FROM {dash}ranks
    WHERE sort = CASE WHEN $6 = 'churn' THEN 1 WHEN $6 = 'clv' THEN 2 ELSE 3 END
      AND pos <= CAST($7 AS INTEGER) + CAST($8 AS INTEGER) AND cell IN (SELECT cell FROM kept)
    ORDER BY sort_value DESC NULLS LAST, customer_id
    LIMIT $8 OFFSET $7),
page AS (
    SELECT p.customer_id, p.cust, p.segment, p.country, p.channel, p.churn_probability, p.churn_risk_band,
           p.predicted_clv, p.p_alive, p.reason_1, p.rn, k.sort_value
    FROM {dash}people p JOIN keys k ON p.cust = k.cust),
-- The page's customers have a lead (page_orders) of at most $7 + $8: their orders are the table's first rows.
spend AS (
    SELECT cust, sum(amount) AS revenue FROM {dash}page_orders
    WHERE lead <= CAST($7 AS INTEGER) + CAST($8 AS INTEGER) AND cust IN (SELECT cust FROM page)
      AND day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE)
    GROUP BY cust)
SELECT p.customer_id, p.segment, p.country, p.channel, p.churn_probability, p.churn_risk_band, p.predicted_clv,
       p.p_alive, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue, p.reason_1, p.rn,
       (SELECT coalesce(sum(customers), 0) FROM {dash}cell_people WHERE cell IN (SELECT cell FROM kept)) AS total
FROM page p LEFT JOIN spend s USING (cust)
ORDER BY p.sort_value DESC NULLS LAST, p.customer_id
