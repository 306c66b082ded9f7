-- The latest ingest time of the rows the dashboard's tables are made from.
SELECT greatest((SELECT max(_ingested_at) FROM silver.orders), (SELECT max(_ingested_at) FROM silver.order_lines),
                (SELECT max(_ingested_at) FROM silver.customers), (SELECT max(_ingested_at) FROM silver.sessions))
