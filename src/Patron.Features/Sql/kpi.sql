-- Business KPIs as of the cutoff (rows strictly before it), written to gold.kpi_* by the builder.
-- Revenue is net (purchases plus negative return amounts, outlier lines left out); orders count purchases.
CREATE OR REPLACE TEMP TABLE kx_orders AS
SELECT o.order_id, o.customer_id, o.ordered_at, o.order_date, o.is_purchase, o.amount,
       CASE WHEN o.is_purchase THEN o.amount END AS purchase_amount,
       a.acquisition_channel,
       date_trunc('month', c.first_order_date) AS cohort_month
FROM fx_orders o
JOIN fx_customers c ON c.customer_id = o.customer_id
LEFT JOIN silver.customers a ON a.customer_id = o.customer_id;

CREATE OR REPLACE TEMP TABLE kx_daily AS
SELECT order_date AS day,
       sum(amount) AS revenue,
       count(*) FILTER (WHERE is_purchase) AS orders,
       avg(purchase_amount) AS aov,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active_customers
FROM kx_orders GROUP BY order_date;

CREATE OR REPLACE TEMP TABLE kx_monthly AS
SELECT CAST(date_trunc('month', order_date) AS DATE) AS month,
       sum(amount) AS revenue,
       count(*) FILTER (WHERE is_purchase) AS orders,
       avg(purchase_amount) AS aov,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active_customers,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase AND date_trunc('month', order_date) = cohort_month) AS new_customers
FROM kx_orders GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_category AS
WITH l AS (
    SELECT coalesce(category, '(none)') AS category, order_id, customer_id, is_purchase, line_amount, quantity
    FROM fx_lines WHERE NOT is_non_product)
SELECT category,
       sum(line_amount) AS revenue,
       sum(line_amount) / sum(sum(line_amount)) OVER () AS revenue_share,
       count(DISTINCT order_id) FILTER (WHERE is_purchase) AS orders,
       coalesce(sum(quantity) FILTER (WHERE is_purchase), 0) AS units,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS customers,
       -coalesce(sum(line_amount) FILTER (WHERE NOT is_purchase), 0) / nullif(sum(line_amount) FILTER (WHERE is_purchase), 0) AS return_share
FROM l GROUP BY category;

CREATE OR REPLACE TEMP TABLE kx_cohort AS
SELECT CAST(cohort_month AS DATE) AS cohort_month,
       count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       avg(purchase_amount) AS aov,
       sum(amount) / count(DISTINCT customer_id) AS revenue_per_customer
FROM kx_orders GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_cohort_retention AS
WITH act AS (
    SELECT cohort_month, customer_id,
           date_diff('month', cohort_month, date_trunc('month', order_date)) AS months_since_first,
           amount, is_purchase
    FROM kx_orders),
size AS (SELECT cohort_month, count(DISTINCT customer_id) AS cohort_customers FROM kx_orders GROUP BY cohort_month)
SELECT CAST(a.cohort_month AS DATE) AS cohort_month,
       a.months_since_first,
       s.cohort_customers,
       count(DISTINCT a.customer_id) FILTER (WHERE a.is_purchase) AS active_customers,
       count(DISTINCT a.customer_id) FILTER (WHERE a.is_purchase) / s.cohort_customers AS retention,
       sum(a.amount) AS revenue
FROM act a JOIN size s ON s.cohort_month = a.cohort_month
GROUP BY a.cohort_month, a.months_since_first, s.cohort_customers;

CREATE OR REPLACE TEMP TABLE kx_channel AS
SELECT coalesce(acquisition_channel, '(unknown)') AS acquisition_channel,
       count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       avg(purchase_amount) AS aov,
       sum(amount) / count(DISTINCT customer_id) AS revenue_per_customer
FROM kx_orders GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_weekday AS
SELECT isodow(ordered_at) AS weekday,
       dayname(ordered_at) AS weekday_name,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       avg(purchase_amount) AS aov
FROM kx_orders GROUP BY 1, 2;

CREATE OR REPLACE TEMP TABLE kx_month_of_year AS
SELECT month(ordered_at) AS month_of_year,
       monthname(ordered_at) AS month_name,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       avg(purchase_amount) AS aov
FROM kx_orders GROUP BY 1, 2;

-- The funnel counts sessions that reached each step for a product; empty when the source has no events.
CREATE OR REPLACE TEMP TABLE kx_funnel_product AS
WITH e AS (
    SELECT session_id, product_id,
           max(CASE WHEN event_type = 'view' THEN 1 ELSE 0 END) AS viewed,
           max(CASE WHEN event_type = 'cart' THEN 1 ELSE 0 END) AS carted,
           max(CASE WHEN event_type = 'purchase' THEN 1 ELSE 0 END) AS bought
    FROM silver.events
    WHERE occurred_at < DATE '{cutoff}' AND product_id IS NOT NULL
    GROUP BY session_id, product_id)
SELECT e.product_id,
       p.category,
       sum(viewed) AS views,
       sum(carted) AS carts,
       sum(bought) AS purchases,
       sum(carted) / nullif(sum(viewed), 0) AS view_to_cart,
       sum(bought) / nullif(sum(carted), 0) AS cart_to_purchase,
       sum(bought) / nullif(sum(viewed), 0) AS view_to_purchase
FROM e LEFT JOIN silver.products p ON p.product_id = e.product_id
GROUP BY e.product_id, p.category;

CREATE OR REPLACE TEMP TABLE kx_funnel_category AS
SELECT coalesce(category, '(none)') AS category,
       sum(views) AS views,
       sum(carts) AS carts,
       sum(purchases) AS purchases,
       sum(carts) / nullif(sum(views), 0) AS view_to_cart,
       sum(purchases) / nullif(sum(carts), 0) AS cart_to_purchase,
       sum(purchases) / nullif(sum(views), 0) AS view_to_purchase
FROM kx_funnel_product GROUP BY 1;
