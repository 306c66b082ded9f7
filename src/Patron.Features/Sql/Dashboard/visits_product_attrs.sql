-- The session funnel's counts by viewed product in the date range when the filter names one customer attribute
-- alone ($10: 1 segment, 2 country, 3 channel; $11 its value; session_funnel.sql follows): the range's whole months
-- [$8, $9) from visits_product_attrs (that value's rows, one per month and item, instead of every kept cell's), its days
-- before and after them ([$1, $8) and [$9, $2]) from visits_product for the kept cells ($8 = $9 = $2 + 1 when the range
-- holds no whole month).
, counted AS (
    SELECT item, sessions, views, purchases FROM {dash}visits_product_attrs
    WHERE kind = CAST($10 AS TINYINT) AND value = CAST($11 AS VARCHAR) AND month >= CAST($8 AS DATE) AND month < CAST($9 AS DATE)
    UNION ALL
    SELECT item, sessions, views, purchases FROM {dash}visits_product
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($1 AS DATE) AND day < CAST($8 AS DATE)
    UNION ALL
    SELECT item, sessions, views, purchases FROM {dash}visits_product
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($9 AS DATE) AND day <= CAST($2 AS DATE))
