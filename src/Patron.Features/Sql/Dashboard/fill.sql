-- Fills the dashboard's per-customer tables (tables.sql): for every customer when the run is opened (both scopes
-- TRUE), for the customers events touched on a refresh (refresh.sql; the scopes test membership of dash_touched).
-- sums.sql then adds the per-day tables.
-- dash_totals: each order's net amount and, for a purchase, the products of its lines that the product pairs count (no
-- outlier lines; non-products are left out below), so that the order lines are read once for both.
CREATE OR REPLACE TEMP TABLE dash_totals AS
SELECT o.order_id, o.customer_id, o.ordered_at, o.is_purchase,
       coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0)), 0) AS amount,
       list(l.product_id) FILTER (WHERE o.is_purchase AND NOT l.is_outlier AND l.product_id IS NOT NULL) AS products
FROM (SELECT * FROM silver.orders WHERE customer_id IS NOT NULL AND (is_purchase OR is_cancellation)) o
-- An equality join with the line conditions in the sum: a condition on both sides in ON would make DuckDB compare
-- every order with every line.
LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
WHERE {orders_scope}
GROUP BY o.order_id, o.customer_id, o.ordered_at, o.is_purchase;

CREATE OR REPLACE TEMP TABLE dash_people AS
SELECT coalesce(c.customer_id, p.customer_id) AS customer_id, p.customer_id IS NOT NULL AS in_run, p.rn, p.segment,
       c.country, c.acquisition_channel AS channel, c.registered_at, f.first_at, p.recommended_action,
       p.churn_probability, p.churn_risk_band, p.predicted_clv, p.p_alive, p.reason_1, p.reason_2, p.reason_3
FROM silver.customers c
FULL JOIN {dash}dash_predictions p ON p.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, min(ordered_at) AS first_at FROM dash_totals WHERE is_purchase GROUP BY customer_id) f
       ON f.customer_id = coalesce(c.customer_id, p.customer_id)
WHERE {people_scope};

-- New combinations of the filter's attributes get the next cell numbers; existing ones keep theirs.
INSERT INTO {dash}cells
SELECT (SELECT coalesce(max(cell), 0) FROM {dash}cells) + row_number() OVER (ORDER BY in_run, segment, country, channel),
       in_run, segment, country, channel
FROM (SELECT DISTINCT in_run, segment, country, channel FROM dash_people) n
WHERE NOT EXISTS (SELECT 1 FROM {dash}cells c
                  WHERE c.in_run = n.in_run AND c.segment IS NOT DISTINCT FROM n.segment
                    AND c.country IS NOT DISTINCT FROM n.country AND c.channel IS NOT DISTINCT FROM n.channel);

INSERT INTO {dash}people
SELECT p.customer_id,
       -- Any numbering will do (it only has to be unique): no sort of the customer ids.
       CAST((SELECT coalesce(max(cust), 0) FROM {dash}people) + row_number() OVER () AS INTEGER),
       p.in_run, p.rn, p.segment, p.country, p.channel, p.registered_at, p.first_at, p.recommended_action,
       p.churn_probability, p.churn_risk_band, p.predicted_clv, p.p_alive, p.reason_1, p.reason_2, p.reason_3, c.cell
FROM dash_people p
JOIN {dash}cells c ON c.in_run = p.in_run AND c.segment IS NOT DISTINCT FROM p.segment
                   AND c.country IS NOT DISTINCT FROM p.country AND c.channel IS NOT DISTINCT FROM p.channel;

-- In time order, so a date range reads only the row groups it covers. Ties in time are ordered by the order id, so
-- exactly one of two same-time purchases is a customer's first in a range.
-- One window per customer: the neighbouring purchases are the neighbouring non-NULL values of buy (the time of a
-- purchase, NULL for a cancellation), so a second sort per customer and kind is not needed.
INSERT INTO {dash}orders
SELECT t.order_id, t.customer_id, p.cust, t.ordered_at, CAST(t.ordered_at AS DATE),
       CAST(date_trunc('month', t.ordered_at) AS DATE), CAST(hour(t.ordered_at) AS TINYINT),
       t.is_purchase, t.amount, p.cell, p.in_run, CAST(p.first_at AS DATE), CAST(date_trunc('month', p.first_at) AS DATE),
       CAST(date_trunc('month', p.registered_at) AS DATE),
       CAST(lag(t.ordered_at) OVER every AS DATE),
       CASE WHEN t.is_purchase THEN CAST(lag(t.buy, 1 IGNORE NULLS) OVER every AS DATE) END,
       CASE WHEN t.is_purchase THEN CAST(lag(t.buy, 2 IGNORE NULLS) OVER every AS DATE) END,
       CASE WHEN t.is_purchase THEN CAST(lead(t.buy, 1 IGNORE NULLS) OVER every AS DATE) END,
       CAST(lead(t.ordered_at) OVER every AS DATE)
FROM (SELECT *, CASE WHEN is_purchase THEN ordered_at END AS buy FROM dash_totals) t
JOIN {dash}people p ON p.customer_id = t.customer_id
WINDOW every AS (PARTITION BY t.customer_id ORDER BY t.ordered_at, t.order_id)
ORDER BY t.ordered_at;

-- Each customer's upper bound of revenue in any range: the sum of their positive net amounts (0 without orders), and
-- their bound rank (spend: highest bound first; customers filled again by a refresh are numbered after the others).
INSERT INTO {dash}bounds
SELECT cust, customer_id, cell, in_run, bound,
       CAST((SELECT coalesce(max(spend), 0) FROM {dash}bounds) + row_number() OVER (ORDER BY bound DESC, customer_id) AS INTEGER)
FROM (SELECT p.cust, p.customer_id, p.cell, p.in_run, CAST(coalesce(s.bound, 0) AS DOUBLE) AS bound
      FROM {dash}people p
      LEFT JOIN (SELECT cust, sum(greatest(amount, 0)) AS bound FROM {dash}orders
                 WHERE customer_id IN (SELECT customer_id FROM dash_people) GROUP BY cust) s USING (cust)
      WHERE p.customer_id IN (SELECT customer_id FROM dash_people)) b;

-- The run's customers' orders in bound rank order: the customers of the highest bounds come first.
INSERT INTO {dash}spend_orders
SELECT b.spend, o.cust, o.day, o.amount
FROM {dash}orders o JOIN {dash}bounds b USING (cust)
WHERE o.in_run AND b.customer_id IN (SELECT customer_id FROM dash_people)
ORDER BY b.spend;

-- The distinct products of each purchase as the pairs count them (from dash_totals): no outlier lines, no non-products,
-- by name; only the customers of the orders table (known ones).
INSERT INTO {dash}baskets
SELECT customer_id, order_id, day, cell, product,
       CAST(row_number() OVER (PARTITION BY order_id ORDER BY product) AS INTEGER),
       CAST(count(*) OVER (PARTITION BY order_id) AS INTEGER)
FROM (SELECT DISTINCT t.customer_id, t.order_id, CAST(t.ordered_at AS DATE) AS day, p.cell, coalesce(pr.name, t.product_id) AS product
      FROM (SELECT customer_id, order_id, ordered_at, unnest(products) AS product_id FROM dash_totals WHERE is_purchase) t
      JOIN {dash}people p ON p.customer_id = t.customer_id
      LEFT JOIN silver.products pr ON pr.product_id = t.product_id
      WHERE NOT coalesce(pr.is_non_product, FALSE))
ORDER BY day;

DROP TABLE dash_totals;
DROP TABLE dash_people;
