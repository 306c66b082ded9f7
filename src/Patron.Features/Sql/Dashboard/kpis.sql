-- Overview tiles: the date range against the period of equal length just before it.
-- revenue: net amount; orders: purchases; aov: purchase revenue / purchases; active: customers with a purchase;
-- new: customers whose first purchase ever falls in the period; repeat_rate: share of active customers with two or
-- more purchases in the period; churn_rate: share of the previous period's active customers without a purchase in it.
-- Sums come from the per-day table; customers are counted as purchases: a customer's first purchase in a period is the
-- one whose previous purchase is before the period, the second the one whose previous is in it and whose one before
-- is not, and the last the one whose next purchase is after it (tables.sql).
, periods AS (
    SELECT 'current' AS period, d_from AS p_from, d_to AS p_to FROM params
    UNION ALL
    SELECT 'previous', d_from - CAST(d_to - d_from + 1 AS INTEGER), d_from - 1 FROM params),
totals AS (
    SELECT CASE WHEN day >= CAST($1 AS DATE) THEN 'current' ELSE 'previous' END AS period,
           CAST(sum(revenue) AS DOUBLE) AS revenue,
           CAST(sum(purchases) AS BIGINT) AS orders,
           CAST(sum(purchase_revenue) AS DOUBLE) / nullif(sum(purchases), 0) AS aov
    FROM {dash}daily
    WHERE cell IN (SELECT cell FROM kept)
      AND day >= CAST($1 AS DATE) - CAST(CAST($2 AS DATE) - CAST($1 AS DATE) + 1 AS INTEGER) AND day <= CAST($2 AS DATE)
    GROUP BY 1),
buys AS (
    SELECT CASE WHEN o.day >= CAST($1 AS DATE) THEN 'current' ELSE 'previous' END AS period,
           CASE WHEN o.day >= CAST($1 AS DATE) THEN CAST($1 AS DATE)
                ELSE CAST($1 AS DATE) - CAST(CAST($2 AS DATE) - CAST($1 AS DATE) + 1 AS INTEGER) END AS p_from,
           CASE WHEN o.day >= CAST($1 AS DATE) THEN CAST($2 AS DATE) ELSE CAST($1 AS DATE) - 1 END AS p_to,
           o.first_day, o.prev_buy, o.prev2_buy, o.next_buy
    FROM all_orders o
    WHERE o.is_purchase
      AND o.day >= CAST($1 AS DATE) - CAST(CAST($2 AS DATE) - CAST($1 AS DATE) + 1 AS INTEGER) AND o.day <= CAST($2 AS DATE)),
people AS (
    SELECT period,
           count(*) FILTER (WHERE prev_buy IS NULL OR prev_buy < p_from) AS active_customers,
           count(*) FILTER (WHERE (prev_buy IS NULL OR prev_buy < p_from) AND first_day >= p_from AND first_day <= p_to) AS new_customers,
           count(*) FILTER (WHERE prev_buy >= p_from AND (prev2_buy IS NULL OR prev2_buy < p_from))
               / nullif(count(*) FILTER (WHERE prev_buy IS NULL OR prev_buy < p_from), 0) AS repeat_rate,
           count(*) FILTER (WHERE next_buy IS NULL OR next_buy > p_to) AS last_buys,
           count(*) FILTER (WHERE next_buy IS NULL OR next_buy > CAST($2 AS DATE)) AS gone
    FROM buys GROUP BY period)
SELECT p.period, p.p_from AS period_from, p.p_to AS period_to,
       coalesce(t.revenue, 0) AS revenue, coalesce(t.orders, 0) AS orders, t.aov,
       coalesce(pe.active_customers, 0) AS active_customers, coalesce(pe.new_customers, 0) AS new_customers,
       pe.repeat_rate,
       CASE WHEN p.period = 'current' THEN (SELECT gone / nullif(last_buys, 0) FROM people WHERE period = 'previous') END AS churn_rate
FROM periods p
LEFT JOIN totals t USING (period)
LEFT JOIN people pe USING (period)
ORDER BY p.period
