-- Overview tiles: the date range against the period of equal length just before it.
-- revenue: net amount; orders: purchases; aov: purchase revenue / purchases; active: customers with a purchase;
-- new: customers whose first purchase ever falls in the period; repeat_rate: share of active customers with two or
-- more purchases in the period; churn_rate: share of the previous period's active customers without a purchase in it.
, periods AS (
    SELECT 'current' AS period, d_from AS p_from, d_to AS p_to FROM params
    UNION ALL
    SELECT 'previous', d_from - CAST(d_to - d_from + 1 AS INTEGER), d_from - 1 FROM params),
per AS (
    SELECT 'current' AS period, customer_id, is_purchase, amount, first_at FROM sales
    UNION ALL
    SELECT 'previous', customer_id, is_purchase, amount, first_at FROM all_orders
    WHERE ordered_at >= CAST($1 AS DATE) - CAST(CAST($2 AS DATE) - CAST($1 AS DATE) + 1 AS INTEGER) AND ordered_at < CAST($1 AS DATE)),
buyers AS (
    SELECT period, customer_id, count(*) AS purchases, any_value(first_at) AS first_at
    FROM per WHERE is_purchase GROUP BY period, customer_id),
totals AS (
    SELECT period,
           CAST(sum(amount) AS DOUBLE) AS revenue,
           count(*) FILTER (WHERE is_purchase) AS orders,
           CAST(sum(amount) FILTER (WHERE is_purchase) AS DOUBLE) / nullif(count(*) FILTER (WHERE is_purchase), 0) AS aov
    FROM per GROUP BY period),
people AS (
    SELECT b.period,
           count(*) AS active_customers,
           count(*) FILTER (WHERE b.first_at >= p.p_from AND b.first_at < p.p_to + 1) AS new_customers,
           count(*) FILTER (WHERE b.purchases >= 2) / nullif(count(*), 0) AS repeat_rate
    FROM buyers b JOIN periods p USING (period)
    GROUP BY b.period),
churned AS (
    SELECT count(*) FILTER (WHERE c.customer_id IS NULL) / nullif(count(*), 0) AS churn_rate
    FROM buyers prev
    LEFT JOIN buyers c ON c.customer_id = prev.customer_id AND c.period = 'current'
    WHERE prev.period = 'previous')
SELECT p.period, p.p_from AS period_from, p.p_to AS period_to,
       coalesce(t.revenue, 0) AS revenue, coalesce(t.orders, 0) AS orders, t.aov,
       coalesce(pe.active_customers, 0) AS active_customers, coalesce(pe.new_customers, 0) AS new_customers,
       pe.repeat_rate,
       CASE WHEN p.period = 'current' THEN (SELECT churn_rate FROM churned) END AS churn_rate
FROM periods p
LEFT JOIN totals t USING (period)
LEFT JOIN people pe USING (period)
ORDER BY p.period
