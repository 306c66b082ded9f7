-- Session features, point in time: each session's own measures and its customer's history strictly before the
-- session's start. Placeholders: from, to (TIMESTAMP literals): the start times written to gold, [from, to).
-- Rows at or after {to} are never read, so a later session or order cannot reach into the window.

-- One row per session id: a session ingested twice keeps its latest copy. Ids given more than once are found by
-- grouping the id alone, and only their rows are ranked, so no window sorts the tens of millions of sessions that
-- appear once.
CREATE OR REPLACE TEMP TABLE sx_sessions AS
WITH dated AS (
    SELECT session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, _ingested_at, _source_file
    FROM silver.sessions
    WHERE started_at IS NOT NULL AND started_at < {to}),
repeated AS (
    SELECT session_id FROM dated GROUP BY session_id HAVING count(*) > 1)
SELECT session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount
FROM dated
ANTI JOIN repeated USING (session_id)
UNION ALL
SELECT session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount
FROM (SELECT * FROM dated SEMI JOIN repeated USING (session_id))
QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY _ingested_at DESC, _source_file, started_at) = 1;

-- Price band of each priced product within its category (uncategorised products form one group of their own), from
-- each product's version in force at {to} (silver.product_versions: the latest one starting before it, or the first
-- when none does; the one that started last when several sources hold the product), so a later export that renames a
-- product or moves it to another category changes nothing in the window.
CREATE OR REPLACE TEMP TABLE sx_products AS
WITH in_force AS (
    SELECT product_id, category, base_price, is_non_product
    FROM silver.product_versions
    WHERE (valid_from < {to} OR version = 1) AND (valid_to IS NULL OR valid_to >= {to})
    QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1),
priced AS (
    SELECT product_id,
           cume_dist() OVER (PARTITION BY category ORDER BY base_price) AS position
    FROM in_force
    WHERE base_price IS NOT NULL AND NOT coalesce(is_non_product, FALSE))
SELECT p.product_id,
       p.category,
       CASE WHEN pr.position IS NULL THEN NULL
            WHEN pr.position <= 1.0 / 3 THEN 'low'
            WHEN pr.position <= 2.0 / 3 THEN 'mid'
            ELSE 'high' END AS price_band
FROM in_force p
LEFT JOIN priced pr ON pr.product_id = p.product_id;

-- The features and labels are views, read once by the inserts into gold (staged, every session's row was held in
-- DuckDB's memory and copied a second time).
--
-- The history of a known customer's session comes from {history}: one row per such session of the window, keyed by
-- sx_sessions' rowid, written by the session history kernel (SessionHistoryKernel) in one pass over each customer's
-- timeline (session_timeline.sql: the sessions and the purchases before {to}, in time order). A session's history holds
-- every row strictly earlier than its start: sessions sharing the instant do not count in each other's history, nor does
-- a purchase made at the very instant the session starts. The kernel adds exact integers (durations and amounts as
-- their unscaled micro-units), and the sums become DECIMAL(38, 6) again here, so every value below is computed from the
-- same decimals as a window over the timeline would give. Only the products' small table is joined besides.
CREATE OR REPLACE TEMP VIEW sx_features AS
WITH history AS (
    SELECT s.session_id,
           s.customer_id,
           s.started_at,
           s.duration_sec,
           s.page_views,
           s.product_id,
           h.sessions,
           h.purchases,
           CAST(CAST(h.duration_sum AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(38, 6)) AS DECIMAL(38, 6)) AS duration_sum,
           h.duration_count,
           h.views_sum,
           h.views_count,
           make_timestamp(h.previous_at) AS previous_at,
           h.orders,
           CAST(CAST(h.spend AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(38, 6)) AS DECIMAL(38, 6)) AS spend,
           make_timestamp(h.ordered_at) AS ordered_at
    FROM {history} h
    JOIN sx_sessions s ON s.rowid = h.seq),
visits AS (
    SELECT session_id,
           customer_id,
           started_at,
           duration_sec,
           page_views,
           product_id,
           sessions AS prior_sessions,
           purchases AS prior_purchase_sessions,
           CASE WHEN sessions > 0 THEN CAST(purchases AS DOUBLE) / sessions END AS prior_purchase_session_share,
           CASE WHEN duration_count > 0 THEN CAST(duration_sum / duration_count AS DOUBLE) END AS prior_mean_duration_sec,
           CASE WHEN views_count > 0 THEN CAST(views_sum AS DOUBLE) / views_count END AS prior_mean_page_views,
           previous_at,
           orders AS prior_orders,
           CAST(spend AS DOUBLE) AS prior_spend,
           ordered_at
    FROM history
    UNION ALL
    -- Anonymous sessions have no history: they stay out of the timeline (one customer of their own would hold them all).
    SELECT session_id, customer_id, started_at, duration_sec, page_views, product_id,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM sx_sessions
    WHERE customer_id IS NULL AND started_at >= {from})
SELECT v.session_id,
       v.customer_id,
       v.started_at,
       v.duration_sec,
       v.page_views,
       CASE WHEN hour(v.started_at) <= 5 THEN 'night'
            WHEN hour(v.started_at) <= 11 THEN 'morning'
            WHEN hour(v.started_at) <= 17 THEN 'afternoon'
            ELSE 'evening' END AS hour_band,
       isodow(v.started_at) AS weekday,
       CASE WHEN isodow(v.started_at) IN (6, 7) THEN 1 ELSE 0 END AS is_weekend,
       CASE WHEN v.product_id IS NOT NULL THEN 1 ELSE 0 END AS names_product,
       p.category AS product_category,
       p.price_band AS product_price_band,
       CASE WHEN v.customer_id IS NOT NULL THEN 1 ELSE 0 END AS known_visitor,
       v.prior_sessions,
       v.prior_purchase_sessions,
       v.prior_purchase_session_share,
       v.prior_mean_duration_sec,
       v.prior_mean_page_views,
       date_diff('second', v.previous_at, v.started_at) / 86400.0 AS days_since_prior_session,
       v.prior_orders,
       v.prior_spend,
       date_diff('second', v.ordered_at, v.started_at) / 86400.0 AS days_since_prior_order
FROM visits v
LEFT JOIN sx_products p ON p.product_id = v.product_id;

CREATE OR REPLACE TEMP VIEW sx_labels AS
SELECT session_id, started_at, purchased, purchase_amount
FROM sx_sessions
WHERE started_at >= {from};
