-- The days whose per-day rows a refresh replaces (sums.sql): those of the touched customers' orders as the tables
-- have them now, and those of web sessions of touched customers or ingested since $1 (the days of the touched
-- customers' new orders are added after fill.sql).
CREATE OR REPLACE TEMP TABLE dash_days AS
SELECT day FROM {dash}orders WHERE customer_id IN (SELECT customer_id FROM dash_touched)
UNION
SELECT CAST(started_at AS DATE) FROM silver.sessions
WHERE started_at IS NOT NULL AND (customer_id IN (SELECT customer_id FROM dash_touched) OR _ingested_at >= $1);
