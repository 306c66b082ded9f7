-- The dashboard's visit tables (tables.sql) for the days {day_scope} and months {month_scope} keep, as in sums.sql: they
-- read only the sessions, products, people and cells, so the pipeline's store builds them beside the order tables.
-- The dated web sessions summed once per day, cell, product (its name) and the viewed product's category, in (month,
-- cell) order (a filter's cells of one segment are neighbours, cells being numbered in segment order, so a range's
-- partial months read only their row groups); the other visit tables are sums of these rows (a session views one product,
-- so its counts add up across them) instead of passes over the sessions. Under a customer filter the funnel sums these
-- rows of the kept cells at query time (visits_product.sql); only the views without a customer filter have coarser
-- tables of their own.
DELETE FROM {dash}visits_product WHERE {day_scope};
INSERT INTO {dash}visits_product
SELECT day, cell, product, category, count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE purchased)
FROM (
    SELECT CAST(s.started_at AS DATE) AS day, coalesce(p.cell, -1) AS cell,
           coalesce(pr.category, CASE WHEN s.product_id IS NULL THEN '(no product viewed)' ELSE '(none)' END) AS category,
           coalesce(pr.name, s.product_id, '(no product viewed)') AS product,
           s.product_id IS NOT NULL AS viewed, s.purchased
    FROM silver.sessions s
    LEFT JOIN {dash}people p ON p.customer_id = s.customer_id
    LEFT JOIN silver.products pr ON pr.product_id = s.product_id
    WHERE s.started_at IS NOT NULL) v
WHERE {day_scope}
GROUP BY day, cell, product, category ORDER BY date_trunc('month', day), cell;

DELETE FROM {dash}visits_product_days WHERE {day_scope};
INSERT INTO {dash}visits_product_days
SELECT day, item, category, sum(sessions), sum(views), sum(purchases)
FROM {dash}visits_product WHERE {day_scope} GROUP BY day, item, category ORDER BY day;

-- The unfiltered per-day visit counts summed per month (for the months of those days).
DELETE FROM {dash}visits_product_day_months WHERE {month_scope};
INSERT INTO {dash}visits_product_day_months
SELECT month, item, category, sum(sessions), sum(views), sum(purchases)
FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, * FROM {dash}visits_product_days) v
WHERE {month_scope}
GROUP BY month, item, category ORDER BY month;
