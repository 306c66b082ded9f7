-- The session funnel's counts by viewed product in the date range for every session (no customer filter;
-- session_funnel.sql follows).
, counted AS (
    SELECT item, sessions, views, purchases FROM {dash}visits_product_days
    WHERE day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE))
