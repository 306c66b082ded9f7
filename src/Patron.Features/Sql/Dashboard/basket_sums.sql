-- The dashboard's monthly basket sums (tables.sql) for the months {month_scope} keeps, as in sums.sql, after
-- bounds.sql filled the baskets.
-- The purchases per month, cell and pair of products bought together (only baskets of two or more products are joined
-- with themselves), per month, cell and product, and the baskets per month and cell. Each reads the stored baskets
-- itself (a temporary copy of them with their month, read three times, cost more than it saved).
DELETE FROM {dash}pair_months WHERE {month_scope};
INSERT INTO {dash}pair_months
SELECT a.month, a.cell, a.product, b.product, count(*)
FROM (SELECT * FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, cell, order_id, product
                     FROM {dash}baskets WHERE items >= 2) m
      WHERE {month_scope}) a
JOIN (SELECT * FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, order_id, product
                     FROM {dash}baskets WHERE items >= 2) m
      WHERE {month_scope}) b ON a.order_id = b.order_id AND a.product < b.product
GROUP BY a.month, a.cell, a.product, b.product ORDER BY a.month, a.cell;

DELETE FROM {dash}product_months WHERE {month_scope};
INSERT INTO {dash}product_months
SELECT month, cell, product, count(*)
FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, cell, product FROM {dash}baskets) m
WHERE {month_scope}
GROUP BY month, cell, product ORDER BY month, cell;

DELETE FROM {dash}basket_months WHERE {month_scope};
INSERT INTO {dash}basket_months
SELECT month, cell, count(*)
FROM (SELECT CAST(date_trunc('month', day) AS DATE) AS month, cell FROM {dash}baskets WHERE item_no = 1) m
WHERE {month_scope}
GROUP BY month, cell ORDER BY month, cell;
