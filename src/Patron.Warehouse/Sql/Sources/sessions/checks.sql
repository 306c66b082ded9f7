-- sessions: checks of this source. Placeholders: source, staging.
INSERT INTO silver.quality_issues
SELECT '{source}', 'sessions_unreadable_purchase_flag', 'session', session_id, 'read from purchase_amount',
       'session ' || coalesce(session_id, '?') || ' has purchase_made ''' || purchase_made || '''', _source_file, _row_number
FROM {staging}.all_sessions
WHERE flag IS NULL AND purchase_made IS NOT NULL;

INSERT INTO silver.quality_issues
SELECT '{source}', 'sessions_purchase_without_amount', 'session', session_id, 'kept',
       'session ' || coalesce(session_id, '?') || ' is a purchase without a positive amount', _source_file, _row_number
FROM {staging}.all_sessions
WHERE purchased AND coalesce(purchase_amount, 0) <= 0;
