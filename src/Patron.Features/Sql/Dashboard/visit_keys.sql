-- The numbers visits.sql sums the sessions by, for the days {day_scope} keeps (see there); they read only the sessions
-- and products, so the pipeline's store makes them beside the predictions' load.
-- The sessions are summed per day, cell and a number of the product's name and category (dash_visit_keys: one number per
-- pair, given to every product id the sessions of those days view, NULL included) and the names joined after the sum: the same groups
-- as summing by the two texts, with a narrower key and narrower rows to hash and to spill.
CREATE OR REPLACE TEMP TABLE dash_visit_keys AS
SELECT product_id, product, category, CAST(dense_rank() OVER (ORDER BY product, category) AS INTEGER) AS k
FROM (SELECT v.product_id, coalesce(pr.name, v.product_id, '(no product viewed)') AS product,
             coalesce(pr.category, CASE WHEN v.product_id IS NULL THEN '(no product viewed)' ELSE '(none)' END) AS category
      FROM (SELECT DISTINCT product_id
            FROM (SELECT CAST(started_at AS DATE) AS day, product_id FROM silver.sessions WHERE started_at IS NOT NULL) d
            WHERE {day_scope}) v
      LEFT JOIN silver.products pr ON pr.product_id = v.product_id) p;
