-- The session funnel's counts by the viewed product's category in the date range for every session, anonymous ones
-- included (no customer filter; session_funnel.sql follows): per day and category, without the cell.
, counted AS (
    SELECT item, sessions, views, purchases FROM {dash}visits_category_days
    WHERE day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
