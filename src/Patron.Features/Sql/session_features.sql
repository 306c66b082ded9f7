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

-- Each instant at which a known customer's sessions started, with the customer's history strictly before it: the
-- sessions of one customer and start time are summed first, and running totals over the earlier instants (the window
-- ends one instant before) are the history of every session that started then (sessions sharing the instant do not
-- count in each other's history), as is the instant before (the previous-session gap). Sums run over exact decimals
-- and integers, so the result does not depend on the order DuckDB's threads add rows in.
CREATE OR REPLACE TEMP TABLE sx_history AS
WITH at_time AS (
    SELECT customer_id,
           started_at,
           count(*) AS sessions,
           sum(CASE WHEN purchased THEN 1 ELSE 0 END) AS purchases,
           sum(CAST(duration_sec AS DECIMAL(18, 6))) AS duration_sum,
           count(duration_sec) AS duration_count,
           sum(page_views) AS views_sum,
           count(page_views) AS views_count
    FROM sx_sessions
    WHERE customer_id IS NOT NULL
    GROUP BY customer_id, started_at),
h AS (
    SELECT customer_id,
           started_at,
           CAST(coalesce(sum(sessions) OVER earlier, 0) AS BIGINT) AS sessions,
           CAST(coalesce(sum(purchases) OVER earlier, 0) AS HUGEINT) AS purchases,
           CAST(coalesce(sum(duration_sum) OVER earlier, 0) AS DECIMAL(38, 6)) AS duration_sum,
           CAST(coalesce(sum(duration_count) OVER earlier, 0) AS BIGINT) AS duration_count,
           CAST(coalesce(sum(views_sum) OVER earlier, 0) AS HUGEINT) AS views_sum,
           CAST(coalesce(sum(views_count) OVER earlier, 0) AS BIGINT) AS views_count,
           lag(started_at) OVER upto AS previous_at
    FROM at_time
    WINDOW upto AS (PARTITION BY customer_id ORDER BY started_at),
           earlier AS (PARTITION BY customer_id ORDER BY started_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
SELECT customer_id,
       started_at,
       sessions AS prior_sessions,
       purchases AS prior_purchase_sessions,
       CASE WHEN sessions > 0 THEN CAST(purchases AS DOUBLE) / sessions END AS prior_purchase_session_share,
       CASE WHEN duration_count > 0 THEN CAST(duration_sum / duration_count AS DOUBLE) END AS prior_mean_duration_sec,
       CASE WHEN views_count > 0 THEN CAST(views_sum AS DOUBLE) / views_count END AS prior_mean_page_views,
       previous_at
FROM h;

-- Purchases per customer and time, with running totals up to and including that time.
CREATE OR REPLACE TEMP TABLE sx_orders AS
WITH amounts AS (
    SELECT o.order_id,
           any_value(o.customer_id) AS customer_id,
           any_value(o.ordered_at) AS ordered_at,
           coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))) FILTER (WHERE NOT l.is_outlier), 0) AS amount
    FROM silver.orders o
    LEFT JOIN silver.order_lines l ON l.order_id = o.order_id
    WHERE o.is_purchase AND o.customer_id IS NOT NULL AND o.ordered_at < {to}
    GROUP BY o.order_id),
at_time AS (
    SELECT customer_id, ordered_at, count(*) AS orders, sum(amount) AS spend
    FROM amounts
    GROUP BY customer_id, ordered_at)
SELECT customer_id,
       ordered_at,
       sum(orders) OVER upto AS orders_upto,
       sum(spend) OVER upto AS spend_upto
FROM at_time
WINDOW upto AS (PARTITION BY customer_id ORDER BY ordered_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

-- The latest purchase instant strictly before each known session's start, with the running totals up to it: sessions
-- and purchase instants on one timeline per customer, a session sorted before a purchase of the same instant, and the
-- last purchase values carried forward. (One sort; DuckDB's ASOF join with a strict inequality was far slower here.)
CREATE OR REPLACE TEMP TABLE sx_prior_orders AS
WITH timeline AS (
    SELECT customer_id, started_at AS moment, 0 AS kind, session_id,
           CAST(NULL AS TIMESTAMP) AS ordered_at, CAST(NULL AS HUGEINT) AS orders_upto, CAST(NULL AS DECIMAL(38, 6)) AS spend_upto
    FROM sx_sessions
    WHERE customer_id IS NOT NULL
    UNION ALL
    SELECT customer_id, ordered_at, 1, NULL, ordered_at, orders_upto, spend_upto
    FROM sx_orders),
carried AS (
    SELECT kind, session_id,
           last_value(ordered_at IGNORE NULLS) OVER w AS ordered_at,
           last_value(orders_upto IGNORE NULLS) OVER w AS orders_upto,
           last_value(spend_upto IGNORE NULLS) OVER w AS spend_upto
    FROM timeline
    WINDOW w AS (PARTITION BY customer_id ORDER BY moment, kind ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
SELECT session_id, ordered_at, orders_upto, spend_upto
FROM carried
WHERE kind = 0 AND ordered_at IS NOT NULL;

-- The purchase running totals are carried into sx_prior_orders: their rows leave DuckDB's memory before the next steps.
DROP TABLE sx_orders;

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

-- The features and labels are views, read once by the inserts into gold: written as staging tables first, every session's
-- row was held in DuckDB's memory (the stage's peak) and copied a second time.
CREATE OR REPLACE TEMP VIEW sx_features AS
SELECT s.session_id,
       s.customer_id,
       s.started_at,
       s.duration_sec,
       s.page_views,
       CASE WHEN hour(s.started_at) <= 5 THEN 'night'
            WHEN hour(s.started_at) <= 11 THEN 'morning'
            WHEN hour(s.started_at) <= 17 THEN 'afternoon'
            ELSE 'evening' END AS hour_band,
       isodow(s.started_at) AS weekday,
       CASE WHEN isodow(s.started_at) IN (6, 7) THEN 1 ELSE 0 END AS is_weekend,
       CASE WHEN s.product_id IS NOT NULL THEN 1 ELSE 0 END AS names_product,
       p.category AS product_category,
       p.price_band AS product_price_band,
       CASE WHEN s.customer_id IS NOT NULL THEN 1 ELSE 0 END AS known_visitor,
       h.prior_sessions,
       h.prior_purchase_sessions,
       h.prior_purchase_session_share,
       h.prior_mean_duration_sec,
       h.prior_mean_page_views,
       date_diff('second', h.previous_at, s.started_at) / 86400.0 AS days_since_prior_session,
       CASE WHEN s.customer_id IS NOT NULL THEN coalesce(o.orders_upto, 0) END AS prior_orders,
       CASE WHEN s.customer_id IS NOT NULL THEN CAST(coalesce(o.spend_upto, 0) AS DOUBLE) END AS prior_spend,
       date_diff('second', o.ordered_at, s.started_at) / 86400.0 AS days_since_prior_order
FROM sx_sessions s
LEFT JOIN sx_history h ON h.customer_id = s.customer_id AND h.started_at = s.started_at
LEFT JOIN sx_products p ON p.product_id = s.product_id
LEFT JOIN sx_prior_orders o ON o.session_id = s.session_id
WHERE s.started_at >= {from};

CREATE OR REPLACE TEMP VIEW sx_labels AS
SELECT session_id, started_at, purchased, purchase_amount
FROM sx_sessions
WHERE started_at >= {from};
