-- The session funnel's counts by viewed product ($6 = 'product') or its category ($6 = 'category') in the date range for
-- every session, anonymous ones included (no customer filter; session_funnel.sql follows): the range's whole months
-- [$8, $9) from visits_product_day_months, its days before and after them ([$1, $8) and [$9, $2]) from
-- visits_product_days ($8 = $9 = $2 + 1 when the range holds no whole month).
, counted AS (
    SELECT CASE WHEN $6 = 'category' THEN category ELSE item END AS item, sessions, views, purchases FROM {dash}visits_product_day_months
    WHERE month >= CAST($8 AS DATE) AND month < CAST($9 AS DATE)
    UNION ALL
    SELECT CASE WHEN $6 = 'category' THEN category ELSE item END AS item, sessions, views, purchases FROM {dash}visits_product_days
    WHERE day >= CAST($1 AS DATE) AND day < CAST($8 AS DATE)
    UNION ALL
    SELECT CASE WHEN $6 = 'category' THEN category ELSE item END AS item, sessions, views, purchases FROM {dash}visits_product_days
    WHERE day >= CAST($9 AS DATE) AND day <= CAST($2 AS DATE))
