using Patron.DuckDb;

namespace Patron.Warehouse;

/// <summary>Creates the layers' schemas and the tables every source shares; safe to run on every open.</summary>
public static class WarehouseSchema
{
    public static void Ensure(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Execute(SqlScripts.Load("Bronze/schema.sql"));
        connection.Execute(SqlScripts.Load("Silver/schema.sql"));
        connection.Execute(SqlScripts.Load("Silver/quality_schema.sql"));
        connection.Execute("CREATE SCHEMA IF NOT EXISTS gold;");
    }

    /// <summary>
    /// Indexes (DuckDB ART) on the columns a live update reads one customer's rows by: orders and sessions by customer,
    /// order lines by order, customer versions by customer. With them a filter on a few ids is an index lookup instead of
    /// a scan of the shop's rows. Safe to run on every open; building them reads each table once.
    /// </summary>
    /// <remarks>DuckDB keeps an ART index in memory once used and updates it on every insert and delete, so only a
    /// server that takes events creates them.</remarks>
    public static void EnsureCustomerIndexes(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Ensure(connection);
        connection.Execute("""
            CREATE INDEX IF NOT EXISTS live_orders_customer ON silver.orders (customer_id);
            CREATE INDEX IF NOT EXISTS live_order_lines_order ON silver.order_lines (order_id);
            CREATE INDEX IF NOT EXISTS live_sessions_customer ON silver.sessions (customer_id);
            CREATE INDEX IF NOT EXISTS live_customer_versions_customer ON silver.customer_versions (customer_id);
            """);
    }
}
