-- The dashboard's per-day tables (tables.sql) for the days {day_scope} keeps (every day when the run is opened; on a
-- refresh the days of dash_days, replaced whole), the per-month sums for the months {month_scope} keeps (the months of
-- those days) and the per-cell tables for the cells {cell_scope} keeps (on a refresh the cells the touched customers
-- were in or are in now, dash_cells): orders per day and cell, purchases per day and neighbouring
-- purchase day (links), per day and cohort (cohort_days) and per hour, and the people per cell; basket_sums.sql adds
-- the baskets' monthly sums, ranks.sql the customer list's orders, visits.sql the dated web sessions. Each in day
-- order, so a date range reads only its row groups. These read only orders, people and cells, so the pipeline's store
-- runs them beside bounds.sql, basket_sums.sql and ranks.sql once the orders are in.
DELETE FROM {dash}daily WHERE {day_scope};
INSERT INTO {dash}daily
SELECT day, cell, sum(amount), sum(amount) FILTER (WHERE is_purchase), count(*) FILTER (WHERE is_purchase), count(*)
FROM {dash}orders WHERE {day_scope}
GROUP BY day, cell ORDER BY day, cell;

DELETE FROM {dash}links WHERE {day_scope};
INSERT INTO {dash}links
SELECT day, kind, other, same_month, count(*)
FROM (SELECT day, 1 AS kind, prev_buy AS other, coalesce(first_month = month, FALSE) AS same_month
      FROM {dash}orders WHERE is_purchase AND {day_scope}
      UNION ALL
      SELECT day, 2, prev2_buy, FALSE FROM {dash}orders WHERE is_purchase AND prev2_buy IS NOT NULL AND {day_scope}
      UNION ALL
      SELECT day, 3, next_buy, FALSE FROM {dash}orders WHERE is_purchase AND {day_scope}) l
GROUP BY day, kind, other, same_month ORDER BY day, kind;

DELETE FROM {dash}cohort_days WHERE {day_scope};
INSERT INTO {dash}cohort_days
SELECT day, first_month, count(*) FILTER (WHERE prev_buy IS NULL OR prev_buy < month), count(*), sum(amount)
FROM {dash}orders WHERE is_purchase AND {day_scope}
GROUP BY day, first_month ORDER BY day, first_month;

DELETE FROM {dash}months WHERE {month_scope};
INSERT INTO {dash}months
SELECT month, cell, first_month, signup, CAST(date_trunc('month', prev_day) AS DATE) AS prev_month, count(*),
       count(*) FILTER (WHERE is_purchase), CAST(sum(amount) FILTER (WHERE is_purchase) AS DECIMAL(18, 6)),
       CAST(sum(amount) AS DECIMAL(18, 6))
FROM {dash}orders WHERE {month_scope}
GROUP BY month, cell, first_month, signup, prev_month ORDER BY month, cell;

DELETE FROM {dash}hour_days WHERE {day_scope};
INSERT INTO {dash}hour_days
SELECT day, hour, sum(amount), count(*) FILTER (WHERE is_purchase)
FROM {dash}orders WHERE {day_scope}
GROUP BY day, hour ORDER BY day, hour;

-- The same per value of each customer attribute (kind 1 segment, 2 country, 3 channel, as for the visits below).
DELETE FROM {dash}hour_attrs WHERE {day_scope};
INSERT INTO {dash}hour_attrs
SELECT kind, value, day, hour, amount, purchases FROM (
    SELECT CAST(CASE grouping(c.segment, c.country, c.channel) WHEN 3 THEN 1 WHEN 5 THEN 2 ELSE 3 END AS TINYINT) AS kind,
           CASE grouping(c.segment, c.country, c.channel) WHEN 3 THEN c.segment WHEN 5 THEN c.country ELSE c.channel END AS value,
           o.day, o.hour, sum(o.amount) AS amount, count(*) FILTER (WHERE o.is_purchase) AS purchases
    FROM (SELECT day, hour, cell, amount, is_purchase FROM {dash}orders WHERE {day_scope}) o JOIN {dash}cells c ON c.cell = o.cell
    GROUP BY GROUPING SETS ((o.day, o.hour, c.segment), (o.day, o.hour, c.country), (o.day, o.hour, c.channel))) a
WHERE value IS NOT NULL
ORDER BY kind, value, day;

DELETE FROM {dash}hour_months WHERE {month_scope};
INSERT INTO {dash}hour_months
SELECT month, cell, hour, sum(amount), count(*) FILTER (WHERE is_purchase)
FROM {dash}orders WHERE {month_scope}
GROUP BY month, cell, hour ORDER BY month, cell, hour;

DELETE FROM {dash}cell_people WHERE {cell_scope};
-- A cell whose customers carry different actions shows the first by name, so two runs store the same row.
INSERT INTO {dash}cell_people
SELECT cell, count(*), sum(churn_probability), count(churn_probability), sum(predicted_clv), count(predicted_clv),
       min(recommended_action)
FROM {dash}people WHERE in_run AND {cell_scope}
GROUP BY cell ORDER BY cell;

DELETE FROM {dash}risk_bins WHERE {cell_scope};
INSERT INTO {dash}risk_bins
SELECT cell, least(floor(churn_probability * 10), 9) / 10, (least(floor(churn_probability * 10), 9) + 1) / 10, count(*)
FROM {dash}people
WHERE in_run AND churn_probability IS NOT NULL AND {cell_scope}
GROUP BY ALL ORDER BY cell;

DELETE FROM {dash}risk_top WHERE {cell_scope};
-- Only the rows that can be among a cell's first 200 reach the window: a cell's first 200 by CLV (NULLs last) have a CLV
-- of at least its 200th highest CLV (floor; NULL when the cell has fewer than 200 known CLVs, and then every row is
-- kept), so the rows below the floor are dropped before the window sorts the others with their reason texts.
INSERT INTO {dash}risk_top
SELECT p.cell, p.customer_id, p.segment, p.churn_probability, p.predicted_clv, p.reason_1, p.reason_2, p.reason_3
FROM {dash}people p
JOIN (SELECT cell, CASE WHEN count(predicted_clv) >= 200 THEN list_min(max(predicted_clv, 200)) END AS floor
      FROM {dash}people
      WHERE in_run AND churn_risk_band = 'high' AND {cell_scope}
      GROUP BY cell) f ON f.cell = p.cell
WHERE p.in_run AND p.churn_risk_band = 'high' AND (f.floor IS NULL OR p.predicted_clv >= f.floor)
QUALIFY row_number() OVER (PARTITION BY p.cell ORDER BY p.predicted_clv DESC NULLS LAST, p.churn_probability DESC, p.customer_id) <= 200
ORDER BY p.cell;

DELETE FROM {dash}cohort_sizes WHERE {cell_scope};
INSERT INTO {dash}cohort_sizes
SELECT cell, CAST(date_trunc('month', first_at) AS DATE) AS cohort, count(*)
FROM {dash}people WHERE first_at IS NOT NULL AND {cell_scope}
GROUP BY ALL ORDER BY cell;
