-- The dashboard's per-day tables (tables.sql) for the days {day_scope} keeps (every day when the run is opened; on a
-- refresh the days of dash_days, replaced whole): orders per day and cell, purchases per day and neighbouring
-- purchase day (links) and per day and cohort (cohort_days), and dated web sessions per day, cell and
-- the viewed product's category or product. Each in day order, so a date range reads only its row groups.
DELETE FROM {dash}.daily WHERE {day_scope};
INSERT INTO {dash}.daily
SELECT day, cell, sum(amount), sum(amount) FILTER (WHERE is_purchase), count(*) FILTER (WHERE is_purchase), count(*)
FROM {dash}.orders WHERE {day_scope}
GROUP BY day, cell ORDER BY day, cell;

DELETE FROM {dash}.links WHERE {day_scope};
INSERT INTO {dash}.links
SELECT day, kind, other, same_month, count(*)
FROM (SELECT day, 1 AS kind, prev_buy AS other, coalesce(first_month = month, FALSE) AS same_month
      FROM {dash}.orders WHERE is_purchase AND {day_scope}
      UNION ALL
      SELECT day, 2, prev2_buy, FALSE FROM {dash}.orders WHERE is_purchase AND prev2_buy IS NOT NULL AND {day_scope}
      UNION ALL
      SELECT day, 3, next_buy, FALSE FROM {dash}.orders WHERE is_purchase AND {day_scope}) l
GROUP BY day, kind, other, same_month ORDER BY day, kind;

DELETE FROM {dash}.cohort_days WHERE {day_scope};
INSERT INTO {dash}.cohort_days
SELECT day, first_month, count(*) FILTER (WHERE prev_buy IS NULL OR prev_buy < month), count(*), sum(amount)
FROM {dash}.orders WHERE is_purchase AND {day_scope}
GROUP BY day, first_month ORDER BY day, first_month;

CREATE OR REPLACE TEMP TABLE dash_visits AS
SELECT * FROM (
    SELECT CAST(s.started_at AS DATE) AS day, coalesce(p.cell, -1) AS cell,
           coalesce(pr.category, CASE WHEN s.product_id IS NULL THEN '(no product viewed)' ELSE '(none)' END) AS category,
           coalesce(pr.name, s.product_id, '(no product viewed)') AS product,
           s.product_id IS NOT NULL AS viewed, s.purchased
    FROM silver.sessions s
    LEFT JOIN {dash}.people p ON p.customer_id = s.customer_id
    LEFT JOIN silver.products pr ON pr.product_id = s.product_id
    WHERE s.started_at IS NOT NULL) v
WHERE {day_scope};

DELETE FROM {dash}.visits_category WHERE {day_scope};
INSERT INTO {dash}.visits_category
SELECT day, cell, category, count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE purchased)
FROM dash_visits GROUP BY day, cell, category ORDER BY day;

DELETE FROM {dash}.visits_product WHERE {day_scope};
INSERT INTO {dash}.visits_product
SELECT day, cell, product, count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE purchased)
FROM dash_visits GROUP BY day, cell, product ORDER BY day;

DELETE FROM {dash}.visits_product_days WHERE {day_scope};
INSERT INTO {dash}.visits_product_days
SELECT day, product, count(*), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE purchased)
FROM dash_visits GROUP BY day, product ORDER BY day;

DROP TABLE dash_visits;
