using Patron.DuckDb;
using Patron.Features.Store;
using Patron.Warehouse;

namespace Patron.Pipeline.Output;

/// <summary>Writes the KPI files the report reads (docs/run-folder.md, kpi/*.csv) from the KPI queries of the
/// feature store at the scoring cutoff, with the column names the contract fixes.</summary>
internal static class KpiWriter
{
    public static IReadOnlyList<string> Write(DuckDbConnection connection, DateOnly cutoff, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var kpi = Path.Combine(runFolder, "kpi");
        Directory.CreateDirectory(kpi);
        var queries = KpiQueries.At(cutoff);
        var written = new List<string>(queries.Count);
        foreach (var (file, sql) in queries)
        {
            var path = Path.Combine(kpi, file + ".csv");
            connection.Execute($"COPY ({sql}) TO {SqlScripts.Literal(path)} (FORMAT CSV, HEADER TRUE);");
            written.Add(path);
        }

        return written;
    }
}
