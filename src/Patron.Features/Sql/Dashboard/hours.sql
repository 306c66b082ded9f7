-- Orders by hour of day in the date range for the chosen customers' cells (a customer filter is set; seasonality.sql
-- follows): the range's whole months [$6, $7) from hour_months, its days before and after them ([$1, $6) and
-- [$7, $2]) from the orders ($6 = $7 = $2 + 1 when the range holds no whole month).
, hours AS (
    SELECT hour, amount, purchases FROM {dash}hour_months
    WHERE cell IN (SELECT cell FROM kept) AND month >= CAST($6 AS DATE) AND month < CAST($7 AS DATE)
    UNION ALL
    SELECT hour, amount, CAST(is_purchase AS BIGINT) FROM all_orders WHERE day >= CAST($1 AS DATE) AND day < CAST($6 AS DATE)
    UNION ALL
    SELECT hour, amount, CAST(is_purchase AS BIGINT) FROM all_orders WHERE day >= CAST($7 AS DATE) AND day <= CAST($2 AS DATE))
