using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Patron.Features.Dashboard;
using Patron.Server.Hosting;
using Patron.Server.Store;

namespace Patron.Server.Dashboard;

/// <summary>CSV downloads of the dashboard's lists under the global filter: <c>GET /export/customers.csv</c> (the
/// run's customers with predictions.csv's columns) and <c>GET /export/NAME.csv</c> for every list of
/// <see cref="DashboardLists"/>.</summary>
internal static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/export").WithTags("dashboard").ExcludeFromDescription();
        group.MapGet("/customers.csv", Customers);
        group.MapGet("/{name}.csv", List);
        return app;
    }

    private static IResult Customers(HttpContext http, SnapshotHolder holder, DashboardSource source, ServeOptions options)
    {
        if (Open(http, holder, source, options.DashboardWait, out var filter) is { } problem)
        {
            return problem;
        }

        var (opened, parsed) = filter!.Value;
        if (opened.Warehouse.PredictionFileColumns.Count == 0)
        {
            return Problems.NotFound("The run folder has no predictions.csv, so there are no scored customers to export; a full patron run writes it.");
        }

        if (opened.Warehouse.PredictionsFileChanged)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "The run changed.",
                "The run folder's predictions.csv was written again or removed after the dashboard was built from it; the download would not match the dashboard. Reload once the server serves the new run.", null);
        }

        // Streamed as DuckDB hands over its chunks: a download of millions of customers never sits in memory.
        var queries = opened.Warehouse.Connect();
        return new CsvStream("customers.csv", queries, writer => queries.ExportCustomers(parsed, writer));
    }

    private static IResult List(string name, HttpContext http, SnapshotHolder holder, DashboardSource source, ServeOptions options)
    {
        if (!DashboardLists.All.TryGetValue(name, out var query))
        {
            return Problems.NotFound("The dashboard has no list of this name.");
        }

        if (Open(http, holder, source, options.DashboardWait, out var filter) is { } problem)
        {
            return problem;
        }

        var (opened, parsed) = filter!.Value;
        using var queries = opened.Warehouse.Connect();
        return Csv(name + ".csv", Write(query(queries, parsed)));
    }

    /// <summary>The table as CSV: its column names, numbers in invariant round-trip form, dates as yyyy-MM-dd.</summary>
    public static string Write(DashboardTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        DashboardQueries.WriteRow(text, table.Columns);
        var cells = new string?[table.Columns.Count];
        for (var row = 0; row < table.RowCount; row++)
        {
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = table.Value(row, table.Columns[c]) is double d ? d.ToString("R", CultureInfo.InvariantCulture) : table.Text(row, table.Columns[c]);
            }

            DashboardQueries.WriteRow(text, cells);
        }

        return text.ToString();
    }

    private static ProblemHttpResult? Open(HttpContext http, SnapshotHolder holder, DashboardSource source, TimeSpan wait, out (DashboardSource.Opened, DashboardFilter)? filter)
    {
        filter = null;
        if (holder.Current is not { } snapshot)
        {
            return Problems.NotReady("The run folder is still loading.");
        }

        if (!source.Configured)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "No warehouse.", "Start the server with --db FILE to export lists.", null);
        }

        DashboardSource.Opened opened;
        try
        {
            opened = source.For(snapshot, wait);
        }
        catch (DashboardPreparingException ex)
        {
            http.Response.Headers.RetryAfter = "10";
            return Problems.Make(StatusCodes.Status503ServiceUnavailable, "The dashboard is being prepared.", ex.Message, null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or Patron.DuckDb.DuckDbException or Patron.Warehouse.WarehouseException or IOException or ObjectDisposedException)
        {
            return Problems.Make(StatusCodes.Status503ServiceUnavailable, "The warehouse could not be opened.", ex.Message, null);
        }

        var errors = new List<string>();
        var parsed = FilterQuery.Parse(http.Request.Query, opened.Choices, errors);
        if (errors.Count > 0)
        {
            return Problems.BadRequest("The filter is not valid.", errors);
        }

        http.Response.Headers["X-Patron-Run"] = snapshot.Version;
        filter = (opened, parsed);
        return null;
    }

    private static FileContentHttpResult Csv(string name, string text) =>
        TypedResults.File(new UTF8Encoding(false).GetBytes(text), "text/csv; charset=utf-8", name);
}
