-- The customers whose rows changed since the dashboard's tables were filled ($1: the latest ingest time they had
-- seen; an ingest at that very time is taken again, which changes nothing): their rows go, and fill.sql puts them back.
CREATE OR REPLACE TEMP TABLE dash_touched AS
SELECT customer_id FROM silver.orders WHERE _ingested_at >= $1 AND customer_id IS NOT NULL
UNION
SELECT o.customer_id FROM silver.orders o
WHERE o.customer_id IS NOT NULL AND o.order_id IN (SELECT order_id FROM silver.order_lines WHERE _ingested_at >= $1)
UNION
SELECT customer_id FROM silver.customers WHERE _ingested_at >= $1;
