-- Bookkeeping shared by every source: what was ingested, and every row that could not be read.
CREATE SCHEMA IF NOT EXISTS bronze;

CREATE TABLE IF NOT EXISTS bronze.ingest_log (
    ingest_id       VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    file_key        VARCHAR NOT NULL,
    file_name       VARCHAR NOT NULL,
    file_path       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    size_bytes      BIGINT NOT NULL,
    rows_loaded     BIGINT NOT NULL,
    rows_rejected   BIGINT NOT NULL,
    ingested_at     TIMESTAMP NOT NULL
);

-- The files behind the bronze rows: each file an ingest loads gets an id here, and its rows carry that id (_file_id)
-- instead of the path, which every row once repeated (a compressed text column written per row: about 0.4 CPU s per
-- 2.5M rows, docs/pipeline.md). The staging views give the path back (_source_file) by joining this table, so silver
-- and the quality tables name the file as before. Its rows are written under the ingest's time, like the bronze rows.
CREATE TABLE IF NOT EXISTS bronze.files (
    file_id       INTEGER NOT NULL,
    path          VARCHAR NOT NULL,
    _ingested_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS bronze.rejects (
    ingest_id     VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    line          BIGINT,
    column_name   VARCHAR,
    error_type    VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    raw_line      VARCHAR,
    _ingested_at  TIMESTAMP NOT NULL
);

-- Posted events reach the warehouse through a server's journal of accepted events: each ingest of journaled events
-- records, in its own transaction, the last journal sequence it holds, so a restarted server replays exactly the
-- records past the largest one (no event lost, none applied twice).
CREATE TABLE IF NOT EXISTS bronze.event_journal (
    sequence    BIGINT NOT NULL,
    ingest_id   VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

-- An ingest into an existing warehouse commits its statements one by one and puts its rows in place in one last
-- transaction (Ingest/Ingestor.cs, IngestExisting): until then its bronze rows and rejects, written under its ingest
-- time, are marked here, so what a failed or killed ingest left is found and removed.
CREATE TABLE IF NOT EXISTS bronze.ingest_pending (
    ingest_id    VARCHAR NOT NULL,
    ingested_at  TIMESTAMP NOT NULL
);
