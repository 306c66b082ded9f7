using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Tests.Support;

/// <summary>
/// A source of click-stream events only (events.csv), for the tests of silver.events: no shipped source fills that table
/// yet. Its core staging views are empty, so the shared resolution has nothing else to do.
/// </summary>
internal sealed class EventLogSource : ISourceAdapter
{
    public const string Header = "session_id,customer_id,occurred_at,event_type,product_id";

    private static readonly SourceFile[] FileList =
    [
        new("events", "events.csv",
        [
            new("session_id", ColumnType.Text),
            new("customer_id", ColumnType.Text),
            new("occurred_at", ColumnType.Timestamp, "%Y-%m-%d %H:%M:%S"),
            new("event_type", ColumnType.Text),
            new("product_id", ColumnType.Text),
        ]),
    ];

    public string Name => "eventlog";

    public string Description => "events.csv: click-stream events (tests only).";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => [];

    public string? ChecksSql => null;

    public DateOnly ShopOpened => new(2000, 1, 1);

    public string StagingSql(IngestOptions options) => """
        CREATE SCHEMA IF NOT EXISTS staging_eventlog;

        CREATE OR REPLACE VIEW staging_eventlog.customers AS
        SELECT NULL::VARCHAR AS customer_id, NULL::TIMESTAMP AS registered_at, NULL::INTEGER AS age, NULL::VARCHAR AS gender,
               NULL::VARCHAR AS country, NULL::VARCHAR AS state, NULL::VARCHAR AS city, NULL::VARCHAR AS zip_prefix,
               NULL::VARCHAR AS email_domain, NULL::VARCHAR AS acquisition_channel,
               'eventlog' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
        WHERE FALSE;

        CREATE OR REPLACE VIEW staging_eventlog.products AS
        SELECT NULL::VARCHAR AS product_id, NULL::VARCHAR AS name, NULL::VARCHAR AS category, NULL::VARCHAR AS subcategory,
               NULL::VARCHAR AS brand, NULL::DOUBLE AS base_price, NULL::DOUBLE AS margin, FALSE AS is_non_product,
               'eventlog' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
        WHERE FALSE;

        CREATE OR REPLACE VIEW staging_eventlog.orders AS
        SELECT NULL::VARCHAR AS order_id, NULL::VARCHAR AS customer_id, NULL::TIMESTAMP AS ordered_at, NULL::VARCHAR AS status,
               FALSE AS is_purchase, FALSE AS is_cancellation, NULL::VARCHAR AS payment_method, NULL::INTEGER AS installments,
               NULL::TIMESTAMP AS approved_at, NULL::TIMESTAMP AS shipped_at, NULL::TIMESTAMP AS delivered_at,
               NULL::TIMESTAMP AS estimated_delivery_at,
               'eventlog' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
        WHERE FALSE;

        CREATE OR REPLACE VIEW staging_eventlog.order_lines AS
        SELECT NULL::VARCHAR AS order_id, NULL::INTEGER AS line_number, NULL::VARCHAR AS product_id, NULL::VARCHAR AS seller_id,
               NULL::DOUBLE AS quantity, NULL::DOUBLE AS unit_price, NULL::DOUBLE AS discount, NULL::DOUBLE AS freight,
               NULL::DOUBLE AS line_amount, FALSE AS is_return,
               'eventlog' AS source, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number, NULL::TIMESTAMP AS _ingested_at
        WHERE FALSE;

        CREATE OR REPLACE VIEW staging_eventlog.events AS
        SELECT session_id, customer_id, occurred_at, event_type, product_id,
               'eventlog' AS source, f.path AS _source_file, e._ingested_at, _row_number
        FROM bronze.eventlog_events e
        JOIN bronze.files f ON f.file_id = e._file_id;
        """;

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
