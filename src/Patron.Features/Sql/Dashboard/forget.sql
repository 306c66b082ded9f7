-- Removes the rows of the customers of dash_touched (refresh.sql) from the dashboard's per-customer tables.
DELETE FROM {dash}spend_orders WHERE cust IN (SELECT cust FROM {dash}bounds WHERE customer_id IN (SELECT customer_id FROM dash_touched));
DELETE FROM {dash}orders WHERE customer_id IN (SELECT customer_id FROM dash_touched);
DELETE FROM {dash}people WHERE customer_id IN (SELECT customer_id FROM dash_touched);
DELETE FROM {dash}baskets WHERE customer_id IN (SELECT customer_id FROM dash_touched);
DELETE FROM {dash}bounds WHERE customer_id IN (SELECT customer_id FROM dash_touched);
