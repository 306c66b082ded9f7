-- shoppers: checks of this source. Placeholders: source, staging.
INSERT INTO silver.quality_issues
SELECT '{source}', 'shoppers_values_out_of_range', 'shopper_session', session_id, 'kept',
       'session ' || session_id || ' has ' || concat_ws(', ',
           CASE WHEN least(administrative_pages, informational_pages, product_pages) < 0 THEN 'a negative page count' END,
           CASE WHEN least(administrative_duration_sec, informational_duration_sec, product_duration_sec) < 0 THEN 'a negative duration' END,
           CASE WHEN bounce_rate NOT BETWEEN 0 AND 1 OR exit_rate NOT BETWEEN 0 AND 1 THEN 'a rate outside [0, 1]' END,
           CASE WHEN month IS NULL AND month_text IS NOT NULL THEN 'month ''' || month_text || '''' END),
       _source_file, _row_number
FROM {staging}.all_sessions
WHERE least(administrative_pages, informational_pages, product_pages) < 0
   OR least(administrative_duration_sec, informational_duration_sec, product_duration_sec) < 0
   OR bounce_rate NOT BETWEEN 0 AND 1 OR exit_rate NOT BETWEEN 0 AND 1
   OR (month IS NULL AND month_text IS NOT NULL);

INSERT INTO silver.quality_issues
SELECT '{source}', 'shoppers_missing_target', 'shopper_session', session_id, 'not copied to silver',
       'session ' || session_id || ' has no Revenue value', _source_file, _row_number
FROM {staging}.all_sessions
WHERE revenue IS NULL;
