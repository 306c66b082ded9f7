-- The session funnel's counts by viewed product ($6 = 'product') or its category ($6 = 'category') in the date range for
-- the chosen customers' cells (a customer filter is set; session_funnel.sql follows): the per-day rows of the kept cells,
-- summed at query time (the table is in (month, cell) order, so a range reads only its months' row groups, and cells of
-- one segment, numbered next to each other, only theirs). By category the product rows are summed per category (a
-- session views one product, so its counts add up).
, counted AS (
    SELECT CASE WHEN $6 = 'category' THEN category ELSE item END AS item, sessions, views, purchases FROM {dash}visits_product
    WHERE cell IN (SELECT cell FROM kept) AND day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
