using Patron.DuckDb;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The indexes a live update reads one customer's rows by (<see cref="WarehouseSchema.EnsureCustomerIndexes"/>):
/// DuckDB answers the live filters (a few ids in an IN list) by an index scan, not by scanning the table.</summary>
public sealed class CustomerIndexesTests
{
    [Fact]
    public void EnsureCustomerIndexes_FewIdsInAList_AreReadByIndexScans()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        WarehouseSchema.Ensure(connection);
        connection.Execute("""
            INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, source, _source_file, _ingested_at)
            SELECT 'O' || i, 'C' || (i % 50000), TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE, 'completed', TRUE, FALSE, 'generic', 'f', TIMESTAMP '2024-06-01'
            FROM range(200000) t(i);
            INSERT INTO silver.order_lines (order_id, line_number, product_id, quantity, unit_price, discount, freight, line_amount, is_return, is_outlier, source, _source_file, _ingested_at)
            SELECT 'O' || (i // 2), i % 2 + 1, 'P1', 1, 10, 0, 0, 10, FALSE, FALSE, 'generic', 'f', TIMESTAMP '2024-06-01'
            FROM range(400000) t(i);
            """);

        WarehouseSchema.EnsureCustomerIndexes(connection);
        WarehouseSchema.EnsureCustomerIndexes(connection);

        var orders = Plan(connection, "SELECT order_id FROM silver.orders WHERE customer_id IN ('C17', 'C4242') AND ordered_at < DATE '2025-01-01'");
        var lines = Plan(connection, "SELECT * FROM silver.order_lines WHERE NOT is_outlier AND (FALSE OR order_id IN ('O17', 'O50017', 'O4242'))");
        Assert.Contains("Index Scan", orders, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Index Scan", lines, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(8, connection.Scalar<long>("SELECT count(*) FROM silver.orders WHERE customer_id IN ('C17', 'C4242')"));
        Assert.Equal(6, connection.Scalar<long>("SELECT count(*) FROM silver.order_lines WHERE order_id IN ('O17', 'O50017', 'O4242')"));
    }

    private static string Plan(DuckDbConnection connection, string sql)
    {
        var result = connection.Query("EXPLAIN " + sql);
        var text = new System.Text.StringBuilder();
        for (var r = 0; r < result.RowCount; r++)
        {
            text.Append(result[1].GetString(r)).Append('\n');
        }

        return text.ToString();
    }
}
