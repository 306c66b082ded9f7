-- The dashboard's own tables for one run, named {dash}NAME: in an in-memory catalog when built as the server opens the run, or in
-- gold (dashboard_NAME, with dashboard_stamp) when the pipeline stored them (DashboardWarehouse.Store); refreshed for the
-- customers events touched (refresh.sql): pages read these, never order lines or sessions.
-- people: every customer of the warehouse or the run (the FULL JOIN the filter has always used), with the filter's
-- attributes, the run's scores, the first purchase ever and its cell.
-- cells: one row per combination of the filter's customer attributes (in the run, segment, country, channel); a
-- filter is the set of cells it keeps, so every table below is filtered by a semi-join with a few hundred rows.
-- orders: one row per purchase or cancellation of a known customer with its net amount as the KPI tables count it
-- (outlier lines left out, return documents only with what they give back, exact decimals), in time order, with the
-- days of the customer's neighbouring orders: prev_day (previous order of either kind), prev_buy and prev2_buy (the
-- two purchases before a purchase), next_buy (the purchase after it), next_day (the next order of either kind). "Customers active in a range" is then a count of
-- rows (a customer's first purchase in the range is the one whose previous purchase is before it), not a DISTINCT.
-- daily: orders summed per day and cell (at most days x cells rows, whatever the number of customers).
-- visits_product: dated web sessions counted per day, cell (-1: anonymous or unknown customer), viewed product and its
-- category, the rows the other visit tables are summed from; visits_product_days the same without the cell, for the
-- unfiltered view. Every visit table keeps the product's category beside it: the funnel by category is a GROUP BY of
-- the product rows at query time (a session views one product, so the counts add up), not tables of its own.
-- links: the purchases counted per day and the day of a neighbouring purchase of the same customer, without the cell
-- (at most days x days rows per kind, whatever the number of customers), for the views without a customer criterion:
-- kind 1 the previous purchase (prev_buy; NULL for a customer's first), 2 the one before it (prev2_buy; rows with one
-- only), 3 the next (next_buy; NULL for a customer's last); same_month: kind 1 rows whose purchase is in the month of
-- the customer's first purchase. Customers active in a range are then sums of n, not a count over every purchase.
-- cohort_days: purchases per day and month of the customer's first purchase, without the cell: active counts those
-- whose previous purchase is before the purchase's month (the cohort table's "active in the month"), for the view
-- without a customer criterion.
-- bounds: each customer's sum of the positive net amounts of their orders, an upper bound of their revenue in any
-- date range: the customers list sorted by revenue sums the range only for the customers of the highest bounds.
-- months: the orders summed per month, cell, first-purchase month, signup month and the month of the customer's
-- previous order (prev_month, NULL for a first order): the retention page's breakdowns read whole months of a range
-- here and only its partial months from orders (breakdowns.sql). Amounts as exact as the orders' own, DECIMAL(18, 6)
-- (a group's month stays far below 10^12; summing 18-digit decimals is about twice as fast as 38-digit ones).
-- risk_bins: the run's customers per cell and tenth of churn probability; risk_top: per cell its customers of high
-- churn risk, most valuable first, the first 200 only (an at-risk list of the first N <= 200 of any set of cells is
-- within their cells' first N); cohort_sizes: customers per cell and month of the first purchase.
-- baskets: the distinct products (by name) of each purchase, for the product pairs: item_no numbers them in the order,
-- items counts them.
-- pair_months: per month, cell and pair of products (product_a < product_b) the purchases with both; product_months:
-- per month, cell and product the purchases with it; basket_months: per month and cell the purchases with any product
-- (the baskets): the pairs read a range's whole months here and only its partial months from baskets (pairs.sql).
-- ranks: the run's customers of each cell numbered (pos, from 1) in the order of each sort of the customer list: sort 1
-- churn probability, 2 predicted CLV (highest first, then the id), 3 the id, 4 the revenue bound (bounds); value is the
-- sort's column (NULL for the id). The first N of any set of cells under a sort are within their cells' first N, so a
-- page ending at row N reads only rows of pos <= N; in pos order, so those are the table's first row groups. For sort 4,
-- spend is the customer's bound rank (bounds.spend).
-- cell_people: the run's customers per cell, with the sums and counts of their churn probability and CLV and the
-- recommended action: the customer list's total and the segments table without reading every customer.
-- spend_orders: the run's customers' orders (day, net amount) in the order of their bound rank (bounds.spend: by revenue
-- bound, highest first; customers rebuilt by a refresh are numbered after the others), so the revenue of the customers
-- of the highest bounds in a range is summed from the table's first row groups (customers_top.sql).
-- hour_days: purchases and net amounts per day and hour of day, without the cell; hour_months: per month, cell and hour:
-- the seasonality's hours read a range's whole months (or, without a customer filter, its days) here and only its
-- partial months from orders.
-- visits_product_day_months: visits_product_days per month (the funnel without a customer filter reads a range's whole
-- months here, its other days from the per-day table; under a customer filter it sums visits_product's rows).
-- hour_attrs: net amounts and purchases per day and hour for each value of one customer attribute (kind 1 segment, 2
-- country, 3 channel), in
-- (kind, value, day) order: seasonality under a filter on one attribute reads that value's days only.
-- page_orders: the run's customers' orders (day, net amount) in the order of lead, the customer's first position in
-- its cell under the list's sorts by churn, CLV and id (the least pos of ranks sorts 1 to 3): a page ending at row N
-- holds customers whose lead is at most N, so their revenue in a range is summed from the table's first row groups.
-- The customers' and orders' ids (a value per row, which no dictionary fits) are stored with FSST, named here so that
-- DuckDB does not analyse every id for a dictionary before choosing FSST anyway (as ColumnCompression does for silver):
-- the same values and the same method, a cheaper write of orders, baskets, ranks, bounds, people and risk_top.
CREATE TABLE {dash}people (
    customer_id VARCHAR USING COMPRESSION fsst, cust INTEGER, in_run BOOLEAN, rn BIGINT, segment VARCHAR, country VARCHAR, channel VARCHAR,
    registered_at TIMESTAMP, first_at TIMESTAMP, recommended_action VARCHAR, churn_probability DOUBLE,
    churn_risk_band VARCHAR, predicted_clv DOUBLE, p_alive DOUBLE, reason_1 VARCHAR, reason_2 VARCHAR, reason_3 VARCHAR,
    cell INTEGER);
CREATE TABLE {dash}cells (cell INTEGER, in_run BOOLEAN, segment VARCHAR, country VARCHAR, channel VARCHAR);
CREATE TABLE {dash}orders (
    order_id VARCHAR USING COMPRESSION fsst, customer_id VARCHAR USING COMPRESSION fsst, cust INTEGER, ordered_at TIMESTAMP, day DATE, month DATE, hour TINYINT,
    is_purchase BOOLEAN, amount DECIMAL(18, 6), cell INTEGER, in_run BOOLEAN, first_day DATE, first_month DATE, signup DATE,
    prev_day DATE, prev_buy DATE, prev2_buy DATE, next_buy DATE, next_day DATE);
CREATE TABLE {dash}daily (
    day DATE, cell INTEGER, revenue DECIMAL(38, 6), purchase_revenue DECIMAL(38, 6), purchases BIGINT, rows BIGINT);
CREATE TABLE {dash}visits_product (day DATE, cell INTEGER, item VARCHAR, category VARCHAR, sessions BIGINT, views BIGINT, purchases BIGINT);
CREATE TABLE {dash}visits_product_days (day DATE, item VARCHAR, category VARCHAR, sessions BIGINT, views BIGINT, purchases BIGINT);
CREATE TABLE {dash}links (day DATE, kind TINYINT, other DATE, same_month BOOLEAN, n BIGINT);
CREATE TABLE {dash}cohort_days (day DATE, first_month DATE, active BIGINT, purchases BIGINT, amount DECIMAL(38, 6));
CREATE TABLE {dash}bounds (cust INTEGER, customer_id VARCHAR USING COMPRESSION fsst, cell INTEGER, in_run BOOLEAN, bound DOUBLE, spend INTEGER);
CREATE TABLE {dash}months (
    month DATE, cell INTEGER, first_month DATE, signup DATE, prev_month DATE, rows BIGINT, purchases BIGINT,
    purchase_amount DECIMAL(18, 6), amount DECIMAL(18, 6));
CREATE TABLE {dash}risk_bins (cell INTEGER, bin_low DOUBLE, bin_high DOUBLE, customers BIGINT);
CREATE TABLE {dash}risk_top (
    cell INTEGER, customer_id VARCHAR USING COMPRESSION fsst, segment VARCHAR, churn_probability DOUBLE, predicted_clv DOUBLE,
    reason_1 VARCHAR, reason_2 VARCHAR, reason_3 VARCHAR);
CREATE TABLE {dash}cohort_sizes (cell INTEGER, cohort DATE, customers BIGINT);
CREATE TABLE {dash}baskets (customer_id VARCHAR USING COMPRESSION fsst, order_id VARCHAR USING COMPRESSION fsst, day DATE, cell INTEGER, product VARCHAR, item_no INTEGER, items INTEGER);
CREATE TABLE {dash}pair_months (month DATE, cell INTEGER, product_a VARCHAR, product_b VARCHAR, orders BIGINT);
CREATE TABLE {dash}product_months (month DATE, cell INTEGER, product VARCHAR, orders BIGINT);
CREATE TABLE {dash}basket_months (month DATE, cell INTEGER, orders BIGINT);
CREATE TABLE {dash}ranks (sort TINYINT, cell INTEGER, pos INTEGER, cust INTEGER, customer_id VARCHAR USING COMPRESSION fsst, value DOUBLE, spend INTEGER);
CREATE TABLE {dash}cell_people (
    cell INTEGER, customers BIGINT, churn_sum DOUBLE, churn_count BIGINT, clv_sum DOUBLE, clv_count BIGINT,
    recommended_action VARCHAR);
CREATE TABLE {dash}spend_orders (spend INTEGER, cust INTEGER, day DATE, amount DECIMAL(18, 6));
CREATE TABLE {dash}hour_days (day DATE, hour TINYINT, amount DECIMAL(38, 6), purchases BIGINT);
CREATE TABLE {dash}hour_months (month DATE, cell INTEGER, hour TINYINT, amount DECIMAL(38, 6), purchases BIGINT);
CREATE TABLE {dash}visits_product_day_months (month DATE, item VARCHAR, category VARCHAR, sessions BIGINT, views BIGINT, purchases BIGINT);
CREATE TABLE {dash}hour_attrs (kind TINYINT, value VARCHAR, day DATE, hour TINYINT, amount DECIMAL(38, 6), purchases BIGINT);
CREATE TABLE {dash}page_orders (lead INTEGER, cell INTEGER, cust INTEGER, day DATE, amount DECIMAL(18, 6));
