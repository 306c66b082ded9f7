-- The canonical model: every source adapter maps onto these tables, and everything downstream
-- (quality, gold features, labels, KPIs, models) reads only these. See docs/canonical-model.md.
-- Money is DOUBLE in the shop's currency; times are TIMESTAMP in the shop's local time (no zone).
CREATE SCHEMA IF NOT EXISTS silver;

CREATE TABLE IF NOT EXISTS silver.customers (
    customer_id          VARCHAR NOT NULL PRIMARY KEY,
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
    product_id      VARCHAR NOT NULL PRIMARY KEY,
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
    order_id               VARCHAR NOT NULL PRIMARY KEY,
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
    _ingested_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (order_id, line_number)
);

CREATE TABLE IF NOT EXISTS silver.payments (
    order_id        VARCHAR NOT NULL,
    sequence        INTEGER NOT NULL,
    payment_type    VARCHAR,
    installments    INTEGER,
    amount          DOUBLE,
    source          VARCHAR NOT NULL,
    _source_file    VARCHAR NOT NULL,
    _ingested_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (order_id, sequence)
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
    _ingested_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, order_id)
);

CREATE TABLE IF NOT EXISTS silver.sessions (
    session_id       VARCHAR NOT NULL PRIMARY KEY,
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
