-- Fills the dashboard's people and cells (tables.sql), after totals.sql: for every customer when the run is opened
-- (both scopes TRUE), for the customers events touched on a refresh (refresh.sql; the scopes test membership of
-- dash_touched). orders.sql and bounds.sql then fill the per-customer tables that follow from the orders, sums.sql,
-- basket_sums.sql, ranks.sql, visit_keys.sql and visits.sql the per-day, per-month and per-cell tables.
CREATE OR REPLACE TEMP TABLE dash_people AS
SELECT coalesce(c.customer_id, p.customer_id) AS customer_id, p.customer_id IS NOT NULL AS in_run, p.rn, p.segment,
       c.country, c.acquisition_channel AS channel, c.registered_at, f.first_at
FROM silver.customers c
FULL JOIN {dash}dash_predictions p ON p.customer_id = c.customer_id
LEFT JOIN (SELECT customer_id, min(ordered_at) AS first_at FROM dash_totals WHERE is_purchase GROUP BY customer_id) f
       ON f.customer_id = coalesce(c.customer_id, p.customer_id)
WHERE {people_scope};

-- New combinations of the filter's attributes get the next cell numbers; existing ones keep theirs.
INSERT INTO {dash}cells
SELECT (SELECT coalesce(max(cell), 0) FROM {dash}cells) + row_number() OVER (ORDER BY in_run, segment, country, channel),
       in_run, segment, country, channel
FROM (SELECT DISTINCT in_run, segment, country, channel FROM dash_people) n
WHERE NOT EXISTS (SELECT 1 FROM {dash}cells c
                  WHERE c.in_run = n.in_run AND c.segment IS NOT DISTINCT FROM n.segment
                    AND c.country IS NOT DISTINCT FROM n.country AND c.channel IS NOT DISTINCT FROM n.channel);

-- Any numbering will do (it only has to be unique): no sort of the customer ids, and no window over the whole input
-- either (row_number() OVER () gathers every wide row on one thread first); a sequence numbers the rows as they pass.
CREATE OR REPLACE TEMP SEQUENCE dash_cust START 1;

-- The run's scores and reasons are joined here, by the prediction's row number, rather than carried through dash_people:
-- a temporary copy of every customer's reason texts cost more than this second join on an integer.
INSERT INTO {dash}people
SELECT p.customer_id,
       CAST((SELECT coalesce(max(cust), 0) FROM {dash}people) + nextval('dash_cust') AS INTEGER),
       p.in_run, p.rn, p.segment, p.country, p.channel, p.registered_at, p.first_at, r.recommended_action,
       r.churn_probability, r.churn_risk_band, r.predicted_clv, r.p_alive, r.reason_1, r.reason_2, r.reason_3, c.cell
FROM dash_people p
JOIN {dash}cells c ON c.in_run = p.in_run AND c.segment IS NOT DISTINCT FROM p.segment
                   AND c.country IS NOT DISTINCT FROM p.country AND c.channel IS NOT DISTINCT FROM p.channel
LEFT JOIN {dash}dash_predictions r ON r.rn = p.rn;

DROP SEQUENCE dash_cust;
