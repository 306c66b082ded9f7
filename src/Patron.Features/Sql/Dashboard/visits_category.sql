-- The session funnel's counts by the viewed product's category in the date range (session_funnel.sql follows), for
-- the chosen customers' cells; anonymous sessions (cell -1) count only without a customer filter.
, counted AS (
    SELECT item, sessions, views, purchases FROM {dash}visits_category
    WHERE day >= CAST($1 AS DATE) AND day <= CAST($2 AS DATE)
      AND (($3 IS NULL AND $4 IS NULL AND $5 IS NULL) OR cell IN (SELECT cell FROM kept)))
