using Patron.DuckDb;

namespace Patron.Warehouse;

/// <summary>Creates the layers' schemas and the tables every source shares; safe to run on every open.</summary>
public static class WarehouseSchema
{
    public static void Ensure(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Execute(SqlScripts.Load("Bronze/schema.sql"));
        connection.Execute(ColumnCompression.Apply(SqlScripts.Load("Silver/schema.sql")));
        connection.Execute(ColumnCompression.Apply(SqlScripts.Load("Silver/quality_schema.sql")));
        connection.Execute("CREATE SCHEMA IF NOT EXISTS gold;");
    }
}
