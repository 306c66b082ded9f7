-- Incremental resolution, second half: the checks of resolve.sql on the batch's new rows only (after append_scope.sql
-- found that every new row keeping its key is under a new order id), into temp tables; silver is not written yet.
-- Placeholders: source, staging, batch, now, opening, keep_orphans, judge_prices (where the C# price judgement runs). Lookups go to the rows of the batch's customer and
-- product ids only (semi joins on the small side), and the price rule reads the earlier lines of the batch's products.

-- An order's customer among the source's own customers (silver holds exactly the source's winning rows), else among
-- those only other sources know (their earliest registration): the known_customers relation of resolve.sql, restricted
-- to the batch's customers.
CREATE OR REPLACE TEMP TABLE n_customers AS
SELECT DISTINCT customer_id FROM u_orders WHERE _new AND customer_id IS NOT NULL;

CREATE OR REPLACE TEMP TABLE n_known_customers AS
SELECT customer_id, registered_at
FROM silver.customers c SEMI JOIN n_customers n ON n.customer_id = c.customer_id
WHERE c.source = '{source}'
UNION ALL
SELECT c.customer_id, min(c.registered_at)
FROM silver.customers c SEMI JOIN n_customers n ON n.customer_id = c.customer_id
WHERE c.source <> '{source}'
  AND c.customer_id NOT IN (SELECT customer_id FROM silver.customers WHERE source = '{source}' AND customer_id IS NOT NULL)
GROUP BY c.customer_id;

CREATE OR REPLACE TEMP TABLE f_orders AS
SELECT * FROM (
{order_flags}
    FROM (SELECT * FROM u_orders WHERE _new) o
    LEFT JOIN n_known_customers c ON c.customer_id = o.customer_id)
WHERE f_no_time OR f_future OR f_pre_opening OR f_missing_customer OR f_orphan_customer OR f_before_registration;

CREATE OR REPLACE TEMP TABLE q_orders AS
SELECT order_id FROM f_orders
WHERE f_no_time OR f_future OR f_pre_opening OR f_missing_customer OR (f_orphan_customer AND NOT {keep_orphans});

-- The price rule of resolve.sql over every winning line of the batch's products: the stored ones (their bronze rows
-- less the copies and versions silver set aside, dated by their order's winning row) and the batch's. Judged are the
-- batch's lines and the stored lines dated after the batch's earliest line of the same product, whose window the batch
-- enters; a stored judgement that would change makes the batch take the full resolution.
CREATE OR REPLACE TEMP TABLE n_products AS
SELECT l.product_id, min(o.ordered_at) AS since
FROM u_lines l
JOIN u_orders o ON o.order_id = l.order_id
WHERE l._new AND o.ordered_at IS NOT NULL AND l.unit_price > 0 AND l.quantity <> 0 AND l.product_id IS NOT NULL
GROUP BY l.product_id;

CREATE OR REPLACE TEMP TABLE priced AS
WITH set_aside AS (
    SELECT _source_file, _row_number, entity FROM silver.quality_issues
    WHERE source = '{source}' AND check_name IN ('exact_duplicates', 'business_key_duplicates')),
stored_orders AS (
    SELECT v.order_id, v.ordered_at
    FROM (SELECT * FROM {staging}.orders WHERE NOT {batch}) v
    ANTI JOIN (SELECT * FROM set_aside WHERE entity = 'order') s ON s._source_file = v._source_file AND s._row_number = v._row_number
    WHERE v.order_id IS NOT NULL AND v.ordered_at IS NOT NULL),
stored_and_new AS (
    SELECT l.order_id, l.line_number, l.product_id, o.ordered_at, ln(CASE WHEN l.unit_price > 0 THEN l.unit_price END) AS lp,
           l._source_file, l._row_number, FALSE AS _new
    FROM (SELECT * FROM {staging}.order_lines WHERE NOT {batch}) l
    SEMI JOIN n_products p ON p.product_id = l.product_id
    JOIN stored_orders o ON o.order_id = l.order_id
    ANTI JOIN (SELECT * FROM set_aside WHERE entity = 'order_line') s ON s._source_file = l._source_file AND s._row_number = l._row_number
    WHERE l.order_id IS NOT NULL AND l.line_number IS NOT NULL AND l.unit_price > 0 AND l.quantity <> 0
    UNION ALL
    SELECT l.order_id, l.line_number, l.product_id, o.ordered_at, ln(CASE WHEN l.unit_price > 0 THEN l.unit_price END),
           l._source_file, l._row_number, TRUE
    FROM u_lines l
    JOIN (SELECT order_id, ordered_at FROM u_orders WHERE ordered_at IS NOT NULL) o ON o.order_id = l.order_id
    WHERE l._new AND l.unit_price > 0 AND l.quantity <> 0 AND l.product_id IS NOT NULL)
SELECT * FROM stored_and_new;
{judge_prices}
CREATE OR REPLACE TEMP TABLE judged_prices AS
SELECT j.order_id, j.line_number, j._source_file, j._row_number, j._new, f.usual_log_price, f.rid IS NOT NULL AS flagged
FROM priced j
LEFT JOIN price_flags f ON f.rid = j.rowid
JOIN n_products p ON p.product_id = j.product_id
WHERE j._new OR j.ordered_at > p.since;
DROP TABLE priced;
DROP TABLE price_flags;

CREATE OR REPLACE TEMP TABLE price_outliers AS
SELECT order_id, line_number, usual_log_price FROM judged_prices WHERE _new AND flagged;

CREATE OR REPLACE TEMP TABLE f_lines AS
SELECT * FROM (
{line_flags}
    FROM (SELECT * FROM u_lines WHERE _new) l
    LEFT JOIN (SELECT DISTINCT p.product_id FROM silver.products p
               SEMI JOIN (SELECT product_id FROM u_lines WHERE _new) n ON n.product_id = p.product_id) p ON p.product_id = l.product_id
    LEFT JOIN (SELECT order_id FROM n_keys ANTI JOIN s_orders USING (order_id)) x ON x.order_id = l.order_id
    LEFT JOIN q_orders q ON q.order_id = l.order_id
    LEFT JOIN price_outliers s ON s.order_id = l.order_id AND s.line_number = l.line_number)
WHERE f_no_amount OR f_zero_quantity OR f_bad_price OR f_return OR f_orphan_product OR f_no_order OR f_outlier OR f_order_quarantined;
