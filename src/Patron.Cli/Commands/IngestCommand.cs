using System.CommandLine;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;
using Spectre.Console;

namespace Patron.Cli.Commands;

/// <summary><c>patron ingest</c>: land a source's files in the warehouse (bronze, then silver).</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source")
        {
            Description = $"Kind of export: {string.Join(", ", SourceRegistry.Names)}, or auto to detect it from file names and headers.",
            DefaultValueFactory = _ => SourceRegistry.Auto,
        };
        var path = new Argument<string>("PATH") { Description = "Folder (or single file) holding the export." };
        var flags = new IngestFlags();
        var db = CommonOptions.Database();
        var json = CommonOptions.Json();
        var command = new Command("ingest", "Load a shop's export files into the warehouse: bronze (raw, typed), rejects, and cleaned silver tables.")
        {
            path, source, db,
        };
        foreach (var flag in flags.All)
        {
            command.Options.Add(flag);
        }

        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var input = parse.GetValue(path)!;
            var adapter = SourceRegistry.Get(parse.GetValue(source)!, input);
            var warehouse = parse.GetValue(db)!.FullName;
            var asJson = parse.GetValue(json);
            var options = flags.Read(parse);
            var result = Progress.Run(asJson, "Ingesting", report => new Ingestor().Ingest(warehouse, adapter, input, options, report));
            Print(result, warehouse, asJson);
            return 0;
        });
        return command;
    }

    private static void Print(IngestResult result, string warehouse, bool asJson)
    {
        if (asJson)
        {
            Output.WriteJson(new { warehouse, result.Source, result.IngestId, result.NothingNew, result.RowsLoaded, result.RowsRejected, result.Files, rejects = result.RejectSamples, result.Silver });
            return;
        }

        Output.WriteTable($"{result.Source} → {warehouse}", ["file", "status", "read", "kept", "quarantined", "rejected", "ignored columns"],
            result.Files.Select(f => (IReadOnlyList<object?>)[f.FileName, f.Status, f.RowsRead, f.RowsKept, f.RowsQuarantined, f.RowsRejected, string.Join(", ", f.IgnoredColumns)]));
        if (result.NothingNew)
        {
            AnsiConsole.MarkupLine("[grey]Every file was ingested before; the warehouse is unchanged.[/]");
            return;
        }

        // Every data record of a file is accounted for: kept in silver, quarantined by its checks, or rejected unread.
        foreach (var file in result.Files)
        {
            if (file.Status == IngestedFile.Loaded)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(file.FileName)}: {Markup.Escape(file.Equation)}");
            }
        }

        if (result.RejectSamples.Count > 0)
        {
            Output.WriteTable("rejected rows (first few; all are in bronze.rejects)", ["file", "line", "column", "reason"],
                result.RejectSamples.Select(r => (IReadOnlyList<object?>)[r.FileName, r.Line, r.Column, r.Reason]));
        }

        var s = result.Silver;
        Output.WriteTable("silver", ["customers", "products", "orders", "order lines", "sessions", "shopper sessions", "quarantined rows"],
            [[s.Customers, s.Products, s.Orders, s.OrderLines, s.Sessions, s.ShopperSessions, s.Quarantined]]);
    }
}
