-- The dashboard's visit tables (tables.sql) for the days {day_scope} and months {month_scope} keep, as in sums.sql: they
-- read only the sessions, products, people and cells, so the pipeline's store builds them beside the order tables.
-- The dated web sessions summed once per day, cell, product (its name) and the viewed product's category, in (month,
-- cell) order (a filter's cells of one segment are neighbours, cells being numbered in segment order, so a range's
-- partial months read only their row groups); the other visit tables are sums of these rows (a session views one product,
-- so its counts add up across them) instead of passes over the sessions. Under a customer filter the funnel sums these
-- rows of the kept cells at query time (visits_product.sql); only the views without a customer filter have coarser
-- tables of their own. The sessions are summed by the numbers visit_keys.sql gave their product's name and category
-- (dash_visit_keys), and the names joined after the sum.
DELETE FROM {dash}visits_product WHERE {day_scope};
INSERT INTO {dash}visits_product
SELECT v.day, v.cell, n.product, n.category, v.sessions, v.views, v.purchases
FROM (SELECT day, cell, k, count(*) AS sessions, count(*) FILTER (WHERE viewed) AS views, count(*) FILTER (WHERE purchased) AS purchases
      FROM (SELECT CAST(s.started_at AS DATE) AS day, coalesce(p.cell, -1) AS cell,
                   -- The sessions without a product take the number of the NULL id.
                   coalesce(m.k, (SELECT k FROM dash_visit_keys WHERE product_id IS NULL)) AS k,
                   s.product_id IS NOT NULL AS viewed, s.purchased
            FROM silver.sessions s
            LEFT JOIN {dash}people p ON p.customer_id = s.customer_id
            LEFT JOIN (SELECT product_id, k FROM dash_visit_keys WHERE product_id IS NOT NULL) m ON m.product_id = s.product_id
            WHERE s.started_at IS NOT NULL) d
      WHERE {day_scope}
      GROUP BY day, cell, k) v
JOIN (SELECT DISTINCT k, product, category FROM dash_visit_keys) n ON n.k = v.k
ORDER BY date_trunc('month', v.day), v.cell;

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

-- Made by visit_keys.sql.
DROP TABLE dash_visit_keys;
