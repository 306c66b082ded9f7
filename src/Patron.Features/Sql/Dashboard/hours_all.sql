-- Orders by hour of day in the date range, every customer (no customer filter; seasonality.sql follows): from the
-- per-day and hour sums, whatever the number of customers.
, hours AS (
    SELECT hour, amount, purchases FROM {dash}hour_days WHERE day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
