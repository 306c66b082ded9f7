-- The dashboard's own tables for one run, in its in-memory catalog {dash}, built when the run is opened (and for the
-- customers events touched, refresh.sql): every page filters these instead of summing order lines per request.
-- people: every customer of the warehouse or the run (the FULL JOIN the filter has always used), with the filter's
-- attributes, the run's scores and the first purchase ever; orders: one row per purchase or cancellation of a known
-- customer with its net amount as the KPI tables count it (outlier lines left out, return documents only with what
-- they give back, exact decimals), carrying the customer's filter attributes so a filter needs no join.
CREATE TABLE {dash}.people (
    customer_id VARCHAR, in_run BOOLEAN, rn BIGINT, segment VARCHAR, country VARCHAR, channel VARCHAR,
    registered_at TIMESTAMP, first_at TIMESTAMP, recommended_action VARCHAR, churn_probability DOUBLE,
    churn_risk_band VARCHAR, predicted_clv DOUBLE, p_alive DOUBLE, reason_1 VARCHAR, reason_2 VARCHAR, reason_3 VARCHAR);
CREATE TABLE {dash}.orders (
    order_id VARCHAR, customer_id VARCHAR, ordered_at TIMESTAMP, is_purchase BOOLEAN, amount DECIMAL(18, 6),
    in_run BOOLEAN, segment VARCHAR, country VARCHAR, channel VARCHAR, registered_at TIMESTAMP, first_at TIMESTAMP);
