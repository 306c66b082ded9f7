-- Monthly revenue, orders, average order value, active and new customers in the date range.
SELECT strftime(date_trunc('month', ordered_at), '%Y-%m') AS month,
       CAST(sum(amount) AS DOUBLE) AS revenue,
       count(*) FILTER (WHERE is_purchase) AS orders,
       CAST(sum(amount) FILTER (WHERE is_purchase) AS DOUBLE) / nullif(count(*) FILTER (WHERE is_purchase), 0) AS aov,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active_customers,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase AND date_trunc('month', first_at) = date_trunc('month', ordered_at)) AS new_customers
FROM sales
GROUP BY 1 ORDER BY 1
