-- Incremental resolution, first half: the rows one batch of a warehouse-extending source (posted events) brings, and
-- every row already stored under the same order ids, deduplicated by the same blocks as resolve.sql. Nothing in silver
-- changes here; SilverBuilder then asks whether the batch can be resolved on its own (append_write.sql) or would change
-- what earlier rows resolved to (a new winner under a stored id, say), in which case resolve.sql runs over everything.
-- Placeholders: source, staging, batch (a condition true for the batch's bronze rows only), dedup (the order and line
-- blocks over s_orders and s_lines; they leave k_*, d_* and u_* as in resolve.sql, every row carrying _new).
-- Every relation read is either the batch or the rows of its order ids: the cost is the batch's, not the shop's.
CREATE OR REPLACE TEMP TABLE n_keys AS
SELECT DISTINCT order_id
FROM (SELECT order_id FROM {staging}.orders WHERE {batch}
      UNION ALL
      SELECT order_id FROM {staging}.order_lines WHERE {batch})
WHERE order_id IS NOT NULL;

CREATE OR REPLACE TEMP TABLE s_orders AS
SELECT v.*, {batch} AS _new FROM {staging}.orders v SEMI JOIN n_keys k ON k.order_id = v.order_id;

CREATE OR REPLACE TEMP TABLE s_lines AS
SELECT v.*, {batch} AS _new FROM {staging}.order_lines v SEMI JOIN n_keys k ON k.order_id = v.order_id;

-- Order ids that earlier batches already gave (as an order or a line).
CREATE OR REPLACE TEMP TABLE o_keys AS
SELECT order_id FROM s_orders WHERE NOT _new
UNION
SELECT order_id FROM s_lines WHERE NOT _new;
{dedup}
