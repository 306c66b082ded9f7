-- One partition's share of the business KPIs (see kpi.sql, which adds the partitions' shares up and derives the rates).
-- Every column is a sum, a count or a count of distinct customers or orders: a customer's orders all fall in its
-- partition (and an order has one customer), so each adds up over disjoint partitions without double counting.
-- Revenue is net (purchases plus negative return amounts, outlier lines left out); orders count purchases;
-- purchase_revenue sums purchases alone (the numerator of the average order value).
-- Reads the partition's fx_orders, fx_lines and fx_customers (base.sql); the cohort of a customer is the month of its first
-- purchase, known within the partition; its acquisition channel the one in force at the cutoff (silver.customer_versions).
CREATE OR REPLACE TEMP TABLE kx_orders AS
SELECT o.customer_id, o.ordered_at, o.order_date, o.is_purchase, o.amount,
       CASE WHEN o.is_purchase THEN o.amount END AS purchase_amount,
       a.acquisition_channel,
       date_trunc('month', c.first_order_date) AS cohort_month
FROM fx_orders o
JOIN fx_customers c ON c.customer_id = o.customer_id
LEFT JOIN (SELECT customer_id, acquisition_channel FROM silver.customer_versions
           WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')) a
       ON a.customer_id = o.customer_id;

CREATE OR REPLACE TEMP TABLE kx_part_daily AS
SELECT order_date AS day,
       sum(amount) AS revenue,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(purchase_amount) AS purchase_revenue,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active_customers
FROM kx_orders GROUP BY order_date;

CREATE OR REPLACE TEMP TABLE kx_part_monthly AS
SELECT CAST(date_trunc('month', order_date) AS DATE) AS month,
       sum(amount) AS revenue,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(purchase_amount) AS purchase_revenue,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active_customers,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase AND date_trunc('month', order_date) = cohort_month) AS new_customers
FROM kx_orders GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_part_category AS
SELECT coalesce(category, '(none)') AS category,
       sum(line_amount) AS revenue,
       sum(line_amount) FILTER (WHERE is_purchase) AS purchase_revenue,
       sum(line_amount) FILTER (WHERE NOT is_purchase) AS returned_revenue,
       count(DISTINCT order_id) FILTER (WHERE is_purchase) AS orders,
       sum(quantity) FILTER (WHERE is_purchase) AS units,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS customers
FROM fx_lines WHERE NOT is_non_product GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_part_cohort AS
SELECT CAST(cohort_month AS DATE) AS cohort_month,
       count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       sum(purchase_amount) AS purchase_revenue
FROM kx_orders GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_part_cohort_retention AS
SELECT CAST(cohort_month AS DATE) AS cohort_month,
       date_diff('month', cohort_month, date_trunc('month', order_date)) AS months_since_first,
       count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active_customers,
       sum(amount) AS revenue
FROM kx_orders GROUP BY 1, 2;

CREATE OR REPLACE TEMP TABLE kx_part_channel AS
SELECT coalesce(acquisition_channel, '(unknown)') AS acquisition_channel,
       count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       sum(purchase_amount) AS purchase_revenue
FROM kx_orders GROUP BY 1;

CREATE OR REPLACE TEMP TABLE kx_part_weekday AS
SELECT isodow(ordered_at) AS weekday,
       dayname(ordered_at) AS weekday_name,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       sum(purchase_amount) AS purchase_revenue
FROM kx_orders GROUP BY 1, 2;

CREATE OR REPLACE TEMP TABLE kx_part_month_of_year AS
SELECT month(ordered_at) AS month_of_year,
       monthname(ordered_at) AS month_name,
       count(*) FILTER (WHERE is_purchase) AS orders,
       sum(amount) AS revenue,
       sum(purchase_amount) AS purchase_revenue
FROM kx_orders GROUP BY 1, 2;

-- The partition's order rows are not needed past its partial sums.
DROP TABLE kx_orders;
