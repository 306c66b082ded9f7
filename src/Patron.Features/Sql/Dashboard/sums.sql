-- The dashboard's per-day tables (tables.sql) for the days {day_scope} keeps (every day when the run is opened; on a
-- refresh the days of dash_days, replaced whole), the per-month sums for the months {month_scope} keeps (the months of
-- those days) and the per-cell tables for the cells {cell_scope} keeps (on a refresh the cells the touched customers
-- were in or are in now, dash_cells): orders per day and cell, purchases per day and neighbouring
-- purchase day (links) and per day and cohort (cohort_days); visits.sql adds the dated web sessions. Each in day
-- order, so a date range reads only its row groups.
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

-- The purchases per month, cell and pair of products bought together (only baskets of two or more products are joined
-- with themselves), per month, cell and product, and the baskets per month and cell.
CREATE OR REPLACE TEMP TABLE dash_basket_months AS
SELECT * FROM (
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, cell, order_id, product, item_no, items FROM {dash}baskets) b
WHERE {month_scope};

DELETE FROM {dash}pair_months WHERE {month_scope};
INSERT INTO {dash}pair_months
SELECT a.month, a.cell, a.product, b.product, count(*)
FROM (SELECT * FROM dash_basket_months WHERE items >= 2) a
JOIN (SELECT * FROM dash_basket_months WHERE items >= 2) b ON a.order_id = b.order_id AND a.product < b.product
GROUP BY a.month, a.cell, a.product, b.product ORDER BY a.month, a.cell;

DELETE FROM {dash}product_months WHERE {month_scope};
INSERT INTO {dash}product_months
SELECT month, cell, product, count(*) FROM dash_basket_months GROUP BY month, cell, product ORDER BY month, cell;

DELETE FROM {dash}basket_months WHERE {month_scope};
INSERT INTO {dash}basket_months
SELECT month, cell, count(*) FROM dash_basket_months WHERE item_no = 1 GROUP BY month, cell ORDER BY month, cell;

DROP TABLE dash_basket_months;

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

-- The customer list's orders (ranks): each cell's customers of the run numbered under each sort, in number order.
DELETE FROM {dash}ranks WHERE {cell_scope};
INSERT INTO {dash}ranks
SELECT sort, cell, CAST(row_number() OVER (PARTITION BY sort, cell ORDER BY value DESC NULLS LAST, customer_id) AS INTEGER) AS pos,
       cust, customer_id, value, spend
FROM (SELECT 1 AS sort, cell, cust, customer_id, churn_probability AS value, CAST(NULL AS INTEGER) AS spend
      FROM {dash}people WHERE in_run AND {cell_scope}
      UNION ALL
      SELECT 2, cell, cust, customer_id, predicted_clv, NULL FROM {dash}people WHERE in_run AND {cell_scope}
      UNION ALL
      SELECT 3, cell, cust, customer_id, NULL, NULL FROM {dash}people WHERE in_run AND {cell_scope}
      UNION ALL
      SELECT 4, cell, cust, customer_id, bound, spend FROM {dash}bounds WHERE in_run AND {cell_scope}) r
ORDER BY pos, sort, cell;

-- The run's customers' orders in the order of their least position under the sorts by churn, CLV and id (lead): the
-- customers of a page ending at row N have a lead of at most N, the table's first rows.
DELETE FROM {dash}page_orders WHERE {cell_scope};
INSERT INTO {dash}page_orders
SELECT l.lead, o.cell, o.cust, o.day, o.amount
FROM (SELECT cust, cell, day, amount FROM {dash}orders WHERE in_run AND {cell_scope}) o
JOIN (SELECT cust, CAST(min(pos) AS INTEGER) AS lead FROM {dash}ranks WHERE sort <= 3 AND {cell_scope} GROUP BY cust) l USING (cust)
ORDER BY l.lead;

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
INSERT INTO {dash}risk_top
SELECT cell, customer_id, segment, churn_probability, predicted_clv, reason_1, reason_2, reason_3
FROM {dash}people
WHERE in_run AND churn_risk_band = 'high' AND {cell_scope}
QUALIFY row_number() OVER (PARTITION BY cell ORDER BY predicted_clv DESC NULLS LAST, churn_probability DESC, customer_id) <= 200
ORDER BY cell;

DELETE FROM {dash}cohort_sizes WHERE {cell_scope};
INSERT INTO {dash}cohort_sizes
SELECT cell, CAST(date_trunc('month', first_at) AS DATE) AS cohort, count(*)
FROM {dash}people WHERE first_at IS NOT NULL AND {cell_scope}
GROUP BY ALL ORDER BY cell;
