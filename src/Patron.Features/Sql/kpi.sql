-- Business KPIs as of the cutoff (rows strictly before it), written to gold.kpi_* by the builder.
-- Revenue is net (purchases plus negative return amounts, outlier lines left out); orders count purchases.
-- The order KPIs come from the partitions' shares (kpi_parts.sql), appended by the builder into kx_parts_*: counts and
-- money add up exactly (money is an exact decimal), and the rates are taken once from the totals, so every value is the
-- same whether the shop was built in one partition or many. Counts are cast back to BIGINT (a sum of BIGINTs is a
-- HUGEINT). The average order value is purchase revenue over purchases.
CREATE OR REPLACE TEMP TABLE kx_daily AS
SELECT day,
       sum(revenue) AS revenue,
       CAST(sum(orders) AS BIGINT) AS orders,
       sum(purchase_revenue) / nullif(CAST(sum(orders) AS BIGINT), 0) AS aov,
       CAST(sum(active_customers) AS BIGINT) AS active_customers
FROM kx_parts_daily GROUP BY day;

CREATE OR REPLACE TEMP TABLE kx_monthly AS
SELECT month,
       sum(revenue) AS revenue,
       CAST(sum(orders) AS BIGINT) AS orders,
       sum(purchase_revenue) / nullif(CAST(sum(orders) AS BIGINT), 0) AS aov,
       CAST(sum(active_customers) AS BIGINT) AS active_customers,
       CAST(sum(new_customers) AS BIGINT) AS new_customers
FROM kx_parts_monthly GROUP BY month;

CREATE OR REPLACE TEMP TABLE kx_category AS
SELECT category,
       sum(revenue) AS revenue,
       sum(revenue) / sum(sum(revenue)) OVER () AS revenue_share,
       CAST(sum(orders) AS BIGINT) AS orders,
       coalesce(sum(units), 0) AS units,
       CAST(sum(customers) AS BIGINT) AS customers,
       -coalesce(sum(returned_revenue), 0) / nullif(sum(purchase_revenue), 0) AS return_share
FROM kx_parts_category GROUP BY category;

CREATE OR REPLACE TEMP TABLE kx_cohort AS
SELECT cohort_month,
       CAST(sum(customers) AS BIGINT) AS customers,
       CAST(sum(orders) AS BIGINT) AS orders,
       sum(revenue) AS revenue,
       sum(purchase_revenue) / nullif(CAST(sum(orders) AS BIGINT), 0) AS aov,
       sum(revenue) / CAST(sum(customers) AS BIGINT) AS revenue_per_customer
FROM kx_parts_cohort GROUP BY cohort_month;

CREATE OR REPLACE TEMP TABLE kx_cohort_retention AS
SELECT r.cohort_month,
       r.months_since_first,
       c.customers AS cohort_customers,
       CAST(sum(r.active_customers) AS BIGINT) AS active_customers,
       CAST(sum(r.active_customers) AS BIGINT) / c.customers AS retention,
       sum(r.revenue) AS revenue
FROM kx_parts_cohort_retention r JOIN kx_cohort c ON c.cohort_month = r.cohort_month
GROUP BY r.cohort_month, r.months_since_first, c.customers;

CREATE OR REPLACE TEMP TABLE kx_channel AS
SELECT acquisition_channel,
       CAST(sum(customers) AS BIGINT) AS customers,
       CAST(sum(orders) AS BIGINT) AS orders,
       sum(revenue) AS revenue,
       sum(purchase_revenue) / nullif(CAST(sum(orders) AS BIGINT), 0) AS aov,
       sum(revenue) / CAST(sum(customers) AS BIGINT) AS revenue_per_customer
FROM kx_parts_channel GROUP BY acquisition_channel;

CREATE OR REPLACE TEMP TABLE kx_weekday AS
SELECT weekday,
       weekday_name,
       CAST(sum(orders) AS BIGINT) AS orders,
       sum(revenue) AS revenue,
       sum(purchase_revenue) / nullif(CAST(sum(orders) AS BIGINT), 0) AS aov
FROM kx_parts_weekday GROUP BY weekday, weekday_name;

CREATE OR REPLACE TEMP TABLE kx_month_of_year AS
SELECT month_of_year,
       month_name,
       CAST(sum(orders) AS BIGINT) AS orders,
       sum(revenue) AS revenue,
       sum(purchase_revenue) / nullif(CAST(sum(orders) AS BIGINT), 0) AS aov
FROM kx_parts_month_of_year GROUP BY month_of_year, month_name;

-- The funnel counts sessions that reached each step for a product, from silver.events alone (so it runs once, not per
-- partition); empty when the source has no events.
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
FROM e LEFT JOIN (SELECT product_id, category
              FROM silver.product_versions
              WHERE (valid_from < DATE '{cutoff}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{cutoff}')
              QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1) p
       ON p.product_id = e.product_id
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
