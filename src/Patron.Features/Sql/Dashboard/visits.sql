-- The dashboard's visit tables (tables.sql) for the days {day_scope} and months {month_scope} keep, as in sums.sql: they
-- read only the sessions, products, people and cells, so the pipeline's store builds them beside the order tables.
-- The dated web sessions summed once per day, cell, product (its name) and the viewed product's category, in (month,
-- cell) order (a filter's cells of one segment are neighbours, cells being numbered in segment order, so a range's
-- partial months read only their row groups); the other per-day visit tables are sums of these rows (a session views
-- one product, so its counts add up across them) instead of passes over the sessions.
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

DELETE FROM {dash}visits_category WHERE {day_scope};
INSERT INTO {dash}visits_category
SELECT day, cell, category, sum(sessions), sum(views), sum(purchases)
FROM {dash}visits_product WHERE {day_scope} GROUP BY day, cell, category ORDER BY date_trunc('month', day), cell;

DELETE FROM {dash}visits_product_days WHERE {day_scope};
INSERT INTO {dash}visits_product_days
SELECT day, item, sum(sessions), sum(views), sum(purchases)
FROM {dash}visits_product WHERE {day_scope} GROUP BY day, item ORDER BY day;

DELETE FROM {dash}visits_category_days WHERE {day_scope};
INSERT INTO {dash}visits_category_days
SELECT day, item, sum(sessions), sum(views), sum(purchases)
FROM {dash}visits_category WHERE {day_scope} GROUP BY day, item ORDER BY day;

-- The per-day visit counts summed per month (from the per-day tables just made, for the months of those days).
DELETE FROM {dash}visits_category_months WHERE {month_scope};
INSERT INTO {dash}visits_category_months
SELECT month, cell, item, sum(sessions), sum(views), sum(purchases)
FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, * FROM {dash}visits_category) v
WHERE {month_scope}
GROUP BY month, cell, item ORDER BY month, cell;

DELETE FROM {dash}visits_product_months WHERE {month_scope};
INSERT INTO {dash}visits_product_months
SELECT month, cell, item, sum(sessions), sum(views), sum(purchases)
FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, * FROM {dash}visits_product) v
WHERE {month_scope}
GROUP BY month, cell, item ORDER BY month, cell;

DELETE FROM {dash}visits_product_day_months WHERE {month_scope};
INSERT INTO {dash}visits_product_day_months
SELECT month, item, sum(sessions), sum(views), sum(purchases)
FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, * FROM {dash}visits_product_days) v
WHERE {month_scope}
GROUP BY month, item ORDER BY month;

-- The monthly visit counts per value of each customer attribute (kind 1 segment, 2 country, 3 channel; grouping() of
-- the three is 3, 5 and 6 for the sets keeping one of them), from the monthly rows by cell; anonymous sessions (cell
-- -1) and missing values are never kept by such a filter.
DELETE FROM {dash}visits_category_attrs WHERE {month_scope};
INSERT INTO {dash}visits_category_attrs
SELECT kind, value, month, item, sessions, views, purchases FROM (
    SELECT CAST(CASE grouping(c.segment, c.country, c.channel) WHEN 3 THEN 1 WHEN 5 THEN 2 ELSE 3 END AS TINYINT) AS kind,
           CASE grouping(c.segment, c.country, c.channel) WHEN 3 THEN c.segment WHEN 5 THEN c.country ELSE c.channel END AS value,
           m.month, m.item, sum(m.sessions) AS sessions, sum(m.views) AS views, sum(m.purchases) AS purchases
    FROM (SELECT * FROM {dash}visits_category_months WHERE {month_scope}) m JOIN {dash}cells c ON c.cell = m.cell
    GROUP BY GROUPING SETS ((m.month, m.item, c.segment), (m.month, m.item, c.country), (m.month, m.item, c.channel))) a
WHERE value IS NOT NULL
ORDER BY kind, value, month;

DELETE FROM {dash}visits_product_attrs WHERE {month_scope};
INSERT INTO {dash}visits_product_attrs
SELECT kind, value, month, item, sessions, views, purchases FROM (
    SELECT CAST(CASE grouping(c.segment, c.country, c.channel) WHEN 3 THEN 1 WHEN 5 THEN 2 ELSE 3 END AS TINYINT) AS kind,
           CASE grouping(c.segment, c.country, c.channel) WHEN 3 THEN c.segment WHEN 5 THEN c.country ELSE c.channel END AS value,
           m.month, m.item, sum(m.sessions) AS sessions, sum(m.views) AS views, sum(m.purchases) AS purchases
    FROM (SELECT * FROM {dash}visits_product_months WHERE {month_scope}) m JOIN {dash}cells c ON c.cell = m.cell
    GROUP BY GROUPING SETS ((m.month, m.item, c.segment), (m.month, m.item, c.country), (m.month, m.item, c.channel))) a
WHERE value IS NOT NULL
ORDER BY kind, value, month;
