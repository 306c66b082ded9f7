-- Fills the dashboard's orders (tables.sql) with their neighbours, after fill.sql made people and the temporary
-- dash_totals (dropped here, its last reader) and dash_people; bounds.sql then fills the other per-customer tables that
-- follow from the orders. For every customer when the run is opened, for the customers events touched on a refresh
-- ({orders_scope} as in fill.sql). The pipeline's store starts the per-day sums (sums.sql) beside bounds.sql once this
-- has committed.
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

DROP TABLE dash_totals;
