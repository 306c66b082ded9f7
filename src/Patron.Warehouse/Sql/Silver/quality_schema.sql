-- Every row a quality check found, with what was done to it, and the per-check summary the report reads.
CREATE TABLE IF NOT EXISTS silver.quality_issues (
    source        VARCHAR NOT NULL,
    check_name    VARCHAR NOT NULL,
    entity        VARCHAR NOT NULL,
    entity_key    VARCHAR,
    action        VARCHAR NOT NULL,
    detail        VARCHAR,
    _source_file  VARCHAR,
    _row_number   BIGINT
);

CREATE TABLE IF NOT EXISTS silver.quality_summary (
    source         VARCHAR NOT NULL,
    check_name     VARCHAR NOT NULL,
    entity         VARCHAR NOT NULL,
    affected_rows  BIGINT NOT NULL,
    checked_rows   BIGINT NOT NULL,
    action         VARCHAR NOT NULL,
    checked_at     TIMESTAMP NOT NULL
);

CREATE OR REPLACE VIEW silver.quarantine AS
SELECT * FROM silver.quality_issues WHERE action = 'quarantined';
