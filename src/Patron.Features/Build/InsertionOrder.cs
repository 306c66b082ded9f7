using Patron.DuckDb;

namespace Patron.Features.Build;

/// <summary>Runs statements with DuckDB's <c>preserve_insertion_order</c> on, then puts the connection's setting back (the
/// warehouse's connections turn it off; <see cref="Warehouse.WarehouseFile.Open"/>).</summary>
/// <remarks>With the setting on, an insert from a source DuckDB cannot number in batches (a C# row source) runs on one
/// thread and stores the rows in the order the source gives them, and a scan of a table without ORDER BY returns its rows
/// in the order they were stored, also to a COPY.</remarks>
internal static class InsertionOrder
{
    public static T Kept<T>(DuckDbConnection connection, Func<T> body)
    {
        var preserved = connection.Scalar<bool>("SELECT CAST(current_setting('preserve_insertion_order') AS BOOLEAN);");
        if (preserved)
        {
            return body();
        }

        connection.Execute("SET preserve_insertion_order = true;");
        var done = false;
        try
        {
            var result = body();
            done = true;
            return result;
        }
        finally
        {
            try
            {
                connection.Execute("SET preserve_insertion_order = false;");
            }
            catch (DuckDbException) when (!done)
            {
                // The statement's own error is the one to report.
            }
        }
    }

    public static void Kept(DuckDbConnection connection, Action body) => Kept(connection, () =>
    {
        body();
        return true;
    });
}
