-- The canonical model: every source adapter maps onto these tables, and everything downstream
-- (quality, gold features, labels, KPIs, models) reads only these. See docs/canonical-model.md.
-- Keys are unique by construction: the shared resolution keeps one row per key (tests assert it). No index is
-- declared because DuckDB's index upkeep would dominate every rebuild of a source's rows.
-- Money is DOUBLE in the shop's currency; times are TIMESTAMP in the shop's local time (no zone).
CREATE SCHEMA IF NOT EXISTS silver;

CREATE TABLE IF NOT EXISTS silver.customers (
    customer_id          VARCHAR NOT NULL,
    registered_at        TIMESTAMP,
    age                  INTEGER,
    gender               VARCHAR,
    country              VARCHAR,
    state                VARCHAR,
    city                 VARCHAR,
    zip_prefix           VARCHAR,
    email_domain         VARCHAR,
    acquisition_channel  VARCHAR,
    source               VARCHAR NOT NULL,
    _source_file         VARCHAR NOT NULL,
    _ingested_at         TIMESTAMP NOT NULL
);

-- Every value a customer's attributes have had, with when it held: version 1, 2, ... of a customer in time order,
-- valid from valid_from (-infinity when the source dates nothing) to valid_to (the next version's valid_from; NULL
-- while in force). Gold reads the version in force at a cutoff from rows before it. See docs/quality.md.
CREATE TABLE IF NOT EXISTS silver.customer_versions (
    customer_id          VARCHAR NOT NULL,
    version              INTEGER NOT NULL,
    valid_from           TIMESTAMP NOT NULL,
    valid_to             TIMESTAMP,
    registered_at        TIMESTAMP,
    age                  INTEGER,
    gender               VARCHAR,
    country              VARCHAR,
    state                VARCHAR,
    city                 VARCHAR,
    zip_prefix           VARCHAR,
    email_domain         VARCHAR,
    acquisition_channel  VARCHAR,
    source               VARCHAR NOT NULL,
    _source_file         VARCHAR NOT NULL,
    _ingested_at         TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.products (
    product_id      VARCHAR NOT NULL,
    name            VARCHAR,
    category        VARCHAR,
    subcategory     VARCHAR,
    brand           VARCHAR,
    base_price      DOUBLE,
    margin          DOUBLE,
    is_non_product  BOOLEAN NOT NULL DEFAULT FALSE,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL
);

-- Every value a product's attributes have had, with when it held, as silver.customer_versions is for customers: version
-- 1, 2, ... of a product in time order, valid from valid_from (the ingest of the export that gave it; -infinity when
-- undated) to valid_to (the next version's valid_from; NULL while in force). Gold reads the version in force at a cutoff.
CREATE TABLE IF NOT EXISTS silver.product_versions (
    product_id      VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    valid_from      TIMESTAMP NOT NULL,
    valid_to        TIMESTAMP,
    name            VARCHAR,
    category        VARCHAR,
    subcategory     VARCHAR,
    brand           VARCHAR,
    base_price      DOUBLE,
    margin          DOUBLE,
    is_non_product  BOOLEAN NOT NULL DEFAULT FALSE,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.orders (
    order_id               VARCHAR NOT NULL,
    customer_id            VARCHAR,
    ordered_at             TIMESTAMP NOT NULL,
    status                 VARCHAR NOT NULL,
    is_purchase            BOOLEAN NOT NULL,
    is_cancellation        BOOLEAN NOT NULL DEFAULT FALSE,
    payment_method         VARCHAR,
    installments           INTEGER,
    approved_at            TIMESTAMP,
    shipped_at             TIMESTAMP,
    delivered_at           TIMESTAMP,
    estimated_delivery_at  TIMESTAMP,
    source                 VARCHAR NOT NULL,
    _source_file           VARCHAR NOT NULL,
    _ingested_at           TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.order_lines (
    order_id        VARCHAR NOT NULL,
    line_number     INTEGER NOT NULL,
    product_id      VARCHAR,
    seller_id       VARCHAR,
    quantity        DOUBLE NOT NULL,
    unit_price      DOUBLE NOT NULL,
    discount        DOUBLE NOT NULL DEFAULT 0,
    freight         DOUBLE NOT NULL DEFAULT 0,
    line_amount     DOUBLE NOT NULL,
    is_return       BOOLEAN NOT NULL DEFAULT FALSE,
    is_outlier      BOOLEAN NOT NULL DEFAULT FALSE,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.payments (
    order_id        VARCHAR NOT NULL,
    sequence        INTEGER NOT NULL,
    payment_type    VARCHAR,
    installments    INTEGER,
    amount          DOUBLE,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.reviews (
    review_id       VARCHAR NOT NULL,
    order_id        VARCHAR NOT NULL,
    customer_id     VARCHAR,
    score           INTEGER,
    has_comment     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP,
    answered_at     TIMESTAMP,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.sessions (
    session_id       VARCHAR NOT NULL,
    customer_id      VARCHAR,
    started_at       TIMESTAMP,
    duration_sec     DOUBLE,
    page_views       INTEGER,
    product_id       VARCHAR,
    purchased        BOOLEAN NOT NULL DEFAULT FALSE,
    purchase_amount  DOUBLE,
    source           VARCHAR NOT NULL,
    _source_file     VARCHAR NOT NULL,
    _ingested_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS silver.events (
    session_id      VARCHAR NOT NULL,
    customer_id     VARCHAR,
    occurred_at     TIMESTAMP NOT NULL,
    event_type      VARCHAR NOT NULL,
    product_id      VARCHAR,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL
);

-- Anonymous page-level sessions without customers (UCI Online Shoppers Purchasing Intention): a table of its own
-- kind that feeds the session-purchase task only. See docs/sources.md.
CREATE TABLE IF NOT EXISTS silver.shopper_sessions (
    session_id                  VARCHAR NOT NULL,
    administrative_pages        INTEGER,
    administrative_duration_sec DOUBLE,
    informational_pages         INTEGER,
    informational_duration_sec  DOUBLE,
    product_pages               INTEGER,
    product_duration_sec        DOUBLE,
    bounce_rate                 DOUBLE,
    exit_rate                   DOUBLE,
    page_value                  DOUBLE,
    special_day                 DOUBLE,
    month                       INTEGER,
    operating_system            INTEGER,
    browser                     INTEGER,
    region                      INTEGER,
    traffic_type                INTEGER,
    visitor_type                VARCHAR,
    is_weekend                  BOOLEAN,
    revenue                     BOOLEAN NOT NULL,
    source                      VARCHAR NOT NULL,
    _source_file                VARCHAR NOT NULL,
    _ingested_at                TIMESTAMP NOT NULL
);

-- Fulfilment durations in days, derived from the order timestamps: delivery time and delay against the promise.
CREATE OR REPLACE VIEW silver.order_delivery AS
SELECT order_id, customer_id, source, ordered_at, delivered_at, estimated_delivery_at,
       date_diff('second', ordered_at, delivered_at) / 86400.0 AS delivery_days,
       date_diff('second', estimated_delivery_at, delivered_at) / 86400.0 AS delay_days
FROM silver.orders
WHERE delivered_at IS NOT NULL;
