-- Customer attributes as versions with their validity, from every observation of a customer the source holds.
-- Placeholders: source, observations (a relation with the silver.customers columns plus observed_at, _source_file,
-- _row_number and _ingested_at). An observation is dated by the row it comes from: the order time for attributes given
-- on orders (Online Retail's country on each invoice line, Olist's zip, city and state on each order's customer row),
-- the ingest time for a customer file (each export is a snapshot of what was known then); an undated one counts as
-- since always (-infinity). Observations are put in time order (ties: earlier ingest, file, row); each change of value
-- starts a version, valid until the next one starts. A row dated later can only add versions after the earlier ones,
-- so the version in force at a cutoff, read from the rows before it, never changes when later rows arrive.
-- A customer observed once (every customer of a single customer file) has one version, valid from that observation on:
-- only the customers observed more than once go through the windows, which sort their rows (at 1M order lines, 220,000
-- customers each observed once: the windows' two sorts were most of the statement).
DELETE FROM silver.customer_versions WHERE source = '{source}';

INSERT INTO silver.customer_versions
WITH o AS (
    SELECT customer_id, coalesce(observed_at, TIMESTAMP '-infinity') AS observed_at,
           registered_at, age, gender, country, state, city, zip_prefix, email_domain, acquisition_channel,
           _source_file, _row_number, _ingested_at
    FROM {observations}
    WHERE customer_id IS NOT NULL),
repeated AS (SELECT customer_id FROM o GROUP BY customer_id HAVING count(*) > 1),
changes AS (
    SELECT *,
           row(registered_at, age, gender, country, state, city, zip_prefix, email_domain, acquisition_channel)
               IS DISTINCT FROM lag(row(registered_at, age, gender, country, state, city, zip_prefix, email_domain, acquisition_channel))
               OVER (PARTITION BY customer_id ORDER BY observed_at, _ingested_at, _source_file, _row_number) AS starts
    FROM o SEMI JOIN repeated r USING (customer_id))
SELECT customer_id, CAST(1 AS INTEGER), observed_at, CAST(NULL AS TIMESTAMP),
       registered_at, age, gender, country, state, city, zip_prefix, email_domain, acquisition_channel,
       '{source}', _source_file, _ingested_at
FROM o ANTI JOIN repeated r USING (customer_id)
UNION ALL
SELECT customer_id,
       CAST(row_number() OVER w AS INTEGER) AS version,
       observed_at AS valid_from,
       lead(observed_at) OVER w AS valid_to,
       registered_at, age, gender, country, state, city, zip_prefix, email_domain, acquisition_channel,
       '{source}', _source_file, _ingested_at
FROM changes
WHERE starts
WINDOW w AS (PARTITION BY customer_id ORDER BY observed_at, _ingested_at, _source_file, _row_number);
