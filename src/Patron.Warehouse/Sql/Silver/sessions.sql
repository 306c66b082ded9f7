-- Checks of web sessions, shared by every source that fills silver.sessions, then the source's silver sessions.
-- Placeholders: source, now, opening, session_amounts, purchase_amount, amounts_join, keep_join_sides and
-- keep_join_sides_end (with amounts_join: the join sides kept as written for the insert, SilverBuilder.SessionAmounts).
-- Reads u_sessions (one row per session id, from Silver/OptionalTable.cs) and the source's silver.customers, already
-- rebuilt by resolve.sql.
-- A negative duration or page count is a broken measure of a visit that did happen: the value is set to NULL (unknown)
-- and the session kept, so visit counts and purchase sessions stay whole. A start after the check time or before the
-- shop opened cannot be placed in the shop's history: the session is quarantined, like an order. A customer missing
-- from the customer data is reported and the session kept (anonymous sessions have no customer and are fine).
CREATE OR REPLACE TEMP TABLE f_sessions AS
SELECT * FROM (
    SELECT s.session_id, s.customer_id, s.started_at, s.duration_sec, s.page_views, s._source_file, s._row_number,
           coalesce(s.duration_sec < 0, FALSE) AS f_negative_duration,
           coalesce(s.page_views < 0, FALSE) AS f_negative_page_views,
           coalesce(s.started_at > TIMESTAMP '{now}', FALSE) AS f_future,
           coalesce(s.started_at < TIMESTAMP '{opening}', FALSE) AS f_pre_opening,
           s.customer_id IS NOT NULL AND c.customer_id IS NULL AS f_orphan_customer
    FROM u_sessions s
    LEFT JOIN (SELECT customer_id FROM silver.customers WHERE source = '{source}') c ON c.customer_id = s.customer_id)
WHERE f_negative_duration OR f_negative_page_views OR f_future OR f_pre_opening OR f_orphan_customer;

INSERT INTO silver.quality_issues
SELECT '{source}', 'negative_duration', 'session', session_id, 'set to NULL',
       'session ' || session_id || ' lasts ' || duration_sec || ' seconds', _source_file, _row_number
FROM f_sessions WHERE f_negative_duration;

INSERT INTO silver.quality_issues
SELECT '{source}', 'negative_page_views', 'session', session_id, 'set to NULL',
       'session ' || session_id || ' has ' || page_views || ' page views', _source_file, _row_number
FROM f_sessions WHERE f_negative_page_views;

INSERT INTO silver.quality_issues
SELECT '{source}', 'future_timestamps', 'session', session_id, 'quarantined',
       'session ' || session_id || ' started at ' || started_at || ', after the check time', _source_file, _row_number
FROM f_sessions WHERE f_future;

INSERT INTO silver.quality_issues
SELECT '{source}', 'pre_opening_timestamps', 'session', session_id, 'quarantined',
       'session ' || session_id || ' started at ' || started_at || ', before the shop opened', _source_file, _row_number
FROM f_sessions WHERE f_pre_opening;

INSERT INTO silver.quality_issues
SELECT '{source}', 'orphan_customers', 'session', session_id, 'kept',
       'session ' || session_id || ' names customer ' || customer_id || ', who is not in the customer file', _source_file, _row_number
FROM f_sessions WHERE f_orphan_customer;

-- The negative measures are cleared row by row, and the quarantined sessions left out by the same test of their start
-- that flagged them above (u_sessions has one row per session id, so this drops exactly the ids flagged). No join: an
-- anti join with the few flagged ids was planned with its hash table on the side of every session, which cost more
-- than writing the rows.
-- The purchase amounts: as the source's rows carry them, or, for a source whose staging gives the purchases instead
-- (its view session_purchases), summed per purchase session into p_sessions first and joined here once
-- (SilverBuilder.SessionAmounts).
{session_amounts}
DELETE FROM silver.sessions WHERE source = '{source}';
{keep_join_sides}
INSERT INTO silver.sessions
SELECT s.* EXCLUDE (_row_number) REPLACE (
           CASE WHEN s.duration_sec < 0 THEN NULL ELSE s.duration_sec END AS duration_sec,
           CASE WHEN s.page_views < 0 THEN NULL ELSE s.page_views END AS page_views,
           {purchase_amount} AS purchase_amount)
FROM u_sessions s
{amounts_join}
WHERE NOT (coalesce(s.started_at > TIMESTAMP '{now}', FALSE) OR coalesce(s.started_at < TIMESTAMP '{opening}', FALSE));
{keep_join_sides_end}
