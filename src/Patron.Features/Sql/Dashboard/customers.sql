-- One page of the chosen customers of the run, with the total: $6 sort (churn, clv or id), $7 rows to skip, $8 page
-- size. Revenue is the date range's, summed for the page's customers only (customers_by_revenue.sql sorts by it).
, keys AS (
    -- The page's customers found on the sort's columns alone, then their other columns read for those rows only.
    SELECT cust, customer_id,
           CASE WHEN $6 = 'churn' THEN churn_probability WHEN $6 = 'clv' THEN predicted_clv END AS sort_value
    FROM chosen WHERE in_run
    ORDER BY sort_value DESC NULLS LAST, customer_id
    LIMIT $8 OFFSET $7),
page AS (
    SELECT p.customer_id, p.cust, p.segment, p.country, p.channel, p.churn_probability, p.churn_risk_band,
           p.predicted_clv, p.p_alive, p.reason_1, p.rn, k.sort_value
    FROM {dash}people p JOIN keys k ON p.cust = k.cust),
spend AS (SELECT cust, sum(amount) AS revenue FROM sales WHERE cust IN (SELECT cust FROM page) GROUP BY cust)
SELECT p.customer_id, p.segment, p.country, p.channel, p.churn_probability, p.churn_risk_band, p.predicted_clv,
       p.p_alive, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue, p.reason_1, p.rn,
       (SELECT count(*) FROM chosen WHERE in_run) AS total
FROM page p LEFT JOIN spend s USING (cust)
ORDER BY p.sort_value DESC NULLS LAST, p.customer_id
