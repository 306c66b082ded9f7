-- The session funnel's counts by viewed product in the date range for the chosen customers' cells (a customer filter
-- is set; session_funnel.sql follows).
, counted AS (
    SELECT item, sessions, views, purchases FROM {dash}visits_product
    WHERE day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE) AND cell IN (SELECT cell FROM kept))
