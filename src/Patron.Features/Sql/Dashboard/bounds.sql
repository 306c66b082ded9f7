-- Fills the dashboard's per-customer tables that follow from the orders (tables.sql), after orders.sql: the revenue
-- bounds, the run's customers' orders in bound order and the baskets, then drops the temporary dash_people. For every
-- customer when the run is opened, for the customers events touched on a refresh. {refilled} keeps the rows of the
-- customers filled here: on a refresh, those of dash_people; TRUE when every customer is (no semi-join with every
-- customer, which costs a hash probe per order at 10M lines).
-- Each customer's upper bound of revenue in any range: the sum of their positive net amounts (0 without orders), and
-- their bound rank (spend: highest bound first; customers filled again by a refresh are numbered after the others).
INSERT INTO {dash}bounds
SELECT cust, customer_id, cell, in_run, bound,
       CAST((SELECT coalesce(max(spend), 0) FROM {dash}bounds) + row_number() OVER (ORDER BY bound DESC, customer_id) AS INTEGER)
FROM (SELECT p.cust, p.customer_id, p.cell, p.in_run, CAST(coalesce(s.bound, 0) AS DOUBLE) AS bound
      FROM {dash}people p
      LEFT JOIN (SELECT cust, sum(greatest(amount, 0)) AS bound FROM {dash}orders WHERE {refilled} GROUP BY cust) s USING (cust)
      WHERE {refilled}) b;

-- The run's customers' orders in bound rank order: the customers of the highest bounds come first.
INSERT INTO {dash}spend_orders
SELECT b.spend, o.cust, o.day, o.amount
FROM {dash}orders o JOIN (SELECT cust, spend FROM {dash}bounds WHERE {refilled}) b USING (cust)
WHERE o.in_run
ORDER BY b.spend;

-- The distinct products of each purchase as the pairs count them: the lines of the purchases just filled into the orders
-- table (dash_totals' purchases of known customers, with their day and cell: no second join with people), no outlier
-- lines, no non-products, by name.
INSERT INTO {dash}baskets
SELECT customer_id, order_id, day, cell, product,
       CAST(row_number() OVER (PARTITION BY order_id ORDER BY product) AS INTEGER),
       CAST(count(*) OVER (PARTITION BY order_id) AS INTEGER)
FROM (SELECT DISTINCT o.customer_id, o.order_id, o.day, o.cell, coalesce(pr.name, l.product_id) AS product
      FROM (SELECT customer_id, order_id, day, cell FROM {dash}orders WHERE is_purchase AND {refilled}) o
      JOIN silver.order_lines l ON l.order_id = o.order_id
      LEFT JOIN silver.products pr ON pr.product_id = l.product_id
      WHERE NOT l.is_outlier AND l.product_id IS NOT NULL AND NOT coalesce(pr.is_non_product, FALSE))
ORDER BY day;

DROP TABLE dash_people;
