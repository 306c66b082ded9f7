using Patron.DuckDb;

namespace Patron.Warehouse;

/// <summary>Creates the layers' schemas and the tables every source shares; safe to run on every open.</summary>
/// <remarks>Thread-safe across the connections of this process: calls run one at a time. Ensuring replaces silver's
/// views, and DuckDB refuses a replacement of a view by a transaction that began before another connection's replacement
/// of it committed ("Catalog write-write conflict on alter"); the features stage ensures the schema from two connections
/// at once when it builds the session gold beside the customer side. Each statement commits before the next call starts,
/// so call it outside an open transaction of the connection's own.</remarks>
public static class WarehouseSchema
{
    private static readonly Lock Gate = new();

    public static void Ensure(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (Gate)
        {
            connection.Execute(SqlScripts.Load("Bronze/schema.sql"));
            connection.Execute(ColumnCompression.Apply(SqlScripts.Load("Silver/schema.sql")));
            connection.Execute(ColumnCompression.Apply(SqlScripts.Load("Silver/quality_schema.sql")));
            connection.Execute("CREATE SCHEMA IF NOT EXISTS gold;");
        }
    }
}
