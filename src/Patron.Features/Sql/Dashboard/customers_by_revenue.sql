-- One page of the chosen customers of the run by revenue in the date range, highest first, with the total: $6 the
-- sort ('revenue'), $7 rows to skip, $8 page size. Revenue is summed per customer number over the range's orders.
, spend AS (SELECT cust, sum(amount) AS revenue FROM sales WHERE in_run AND $6 = 'revenue' GROUP BY cust),
page AS (
    SELECT c.customer_id, c.segment, c.country, c.channel, c.churn_probability, c.churn_risk_band, c.predicted_clv,
           c.p_alive, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue, c.reason_1, c.rn
    FROM chosen c LEFT JOIN spend s USING (cust)
    WHERE c.in_run
    ORDER BY revenue DESC NULLS LAST, c.customer_id
    LIMIT $8 OFFSET $7)
SELECT *, (SELECT count(*) FROM chosen WHERE in_run) AS total
FROM page
ORDER BY revenue DESC NULLS LAST, customer_id
