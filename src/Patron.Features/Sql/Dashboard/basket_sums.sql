-- The dashboard's monthly basket sums (tables.sql) for the months {month_scope} keeps, as in sums.sql, after
-- bounds.sql filled the baskets.
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
