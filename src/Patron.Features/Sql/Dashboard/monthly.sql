-- Monthly revenue, orders, average order value, active and new customers in the date range.
, firsts AS (
    SELECT customer_id, date_trunc('month', min(ordered_at)) AS first_month FROM all_orders WHERE is_purchase GROUP BY customer_id)
SELECT strftime(date_trunc('month', s.ordered_at), '%Y-%m') AS month,
       CAST(sum(s.amount) AS DOUBLE) AS revenue,
       count(*) FILTER (WHERE s.is_purchase) AS orders,
       CAST(sum(s.amount) FILTER (WHERE s.is_purchase) AS DOUBLE) / nullif(count(*) FILTER (WHERE s.is_purchase), 0) AS aov,
       count(DISTINCT s.customer_id) FILTER (WHERE s.is_purchase) AS active_customers,
       count(DISTINCT s.customer_id) FILTER (WHERE s.is_purchase AND f.first_month = date_trunc('month', s.ordered_at)) AS new_customers
FROM sales s LEFT JOIN firsts f USING (customer_id)
GROUP BY 1 ORDER BY 1
