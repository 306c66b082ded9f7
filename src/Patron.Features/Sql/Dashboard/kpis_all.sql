-- Overview tiles without a customer criterion (kpis.sql's figures, the same definitions): sums from the per-day
-- table, and customers counted from the purchases per day and neighbouring purchase day (links, tables.sql) instead
-- of every purchase: in a period, active customers are the purchases whose previous purchase is before it; new ones
-- those of them that are a first purchase (a first purchase ever in the period is the first in it); customers with
-- two or more purchases are those whose previous purchase is in the period less those whose one before is too; the
-- previous period's last buys are those whose next purchase is after it, and gone those with none up to the range's end.
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
    WHERE day >= CAST($1 AS DATE) - CAST(CAST($2 AS DATE) - CAST($1 AS DATE) + 1 AS INTEGER) AND day <= CAST($2 AS DATE)
    GROUP BY 1),
counted AS (
    SELECT p.period,
           CAST(coalesce(sum(l.n) FILTER (WHERE l.kind = 1 AND (l.other IS NULL OR l.other < p.p_from)), 0) AS BIGINT) AS active,
           CAST(coalesce(sum(l.n) FILTER (WHERE l.kind = 1 AND l.other IS NULL), 0) AS BIGINT) AS first_buys,
           CAST(coalesce(sum(l.n) FILTER (WHERE l.kind = 1 AND l.other >= p.p_from), 0)
                - coalesce(sum(l.n) FILTER (WHERE l.kind = 2 AND l.other >= p.p_from), 0) AS BIGINT) AS repeaters,
           CAST(coalesce(sum(l.n) FILTER (WHERE l.kind = 3 AND (l.other IS NULL OR l.other > p.p_to)), 0) AS BIGINT) AS last_buys,
           CAST(coalesce(sum(l.n) FILTER (WHERE l.kind = 3 AND (l.other IS NULL OR l.other > CAST($2 AS DATE))), 0) AS BIGINT) AS gone
    FROM {dash}links l
    JOIN periods p ON l.day >= p.p_from AND l.day <= p.p_to
    WHERE l.day >= CAST($1 AS DATE) - CAST(CAST($2 AS DATE) - CAST($1 AS DATE) + 1 AS INTEGER) AND l.day <= CAST($2 AS DATE)
    GROUP BY p.period)
SELECT p.period, p.p_from AS period_from, p.p_to AS period_to,
       coalesce(t.revenue, 0) AS revenue, coalesce(t.orders, 0) AS orders, t.aov,
       coalesce(c.active, 0) AS active_customers, coalesce(c.first_buys, 0) AS new_customers,
       c.repeaters / nullif(c.active, 0) AS repeat_rate,
       CASE WHEN p.period = 'current' THEN (SELECT gone / nullif(last_buys, 0) FROM counted WHERE period = 'previous') END AS churn_rate
FROM periods p
LEFT JOIN totals t USING (period)
LEFT JOIN counted c USING (period)
ORDER BY p.period
