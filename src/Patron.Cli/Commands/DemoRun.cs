using System.CommandLine;
using System.Security.Cryptography;
using Patron.Demo;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources.Generic;
using Spectre.Console;

namespace Patron.Cli.Commands;

/// <summary>
/// <c>patron demo</c> without a subcommand: generate a demo shop, ingest it and report its quality, all under one folder.
/// </summary>
internal static class DemoRun
{
    public static void Attach(Command demo)
    {
        var customers = new Option<int>("--customers") { Description = "Customers in the generated shop.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated shop.", DefaultValueFactory = _ => 42 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the shop, the warehouse and the reports.", DefaultValueFactory = _ => new DirectoryInfo("patron-demo") };
        var json = CommonOptions.Json();
        demo.Options.Add(customers);
        demo.Options.Add(seed);
        demo.Options.Add(output);
        demo.Options.Add(json);
        demo.SetAction(parse =>
        {
            var outDir = parse.GetValue(output)!.FullName;
            var quiet = parse.GetValue(json);
            var outputs = Run(outDir, parse.GetValue(customers), parse.GetValue(seed), quiet);
            if (quiet)
            {
                Output.WriteJson(outputs);
            }
            else
            {
                Output.WriteTable("demo outputs", ["output", "path"], outputs.Select(o => (IReadOnlyList<object?>)[o.Key, o.Value]));
            }

            return 0;
        });
    }

    /// <summary>Runs the demo and returns what it wrote, by name.</summary>
    public static IReadOnlyDictionary<string, string> Run(string outDir, int customers, ulong seed, bool quiet)
    {
        Directory.CreateDirectory(outDir);
        var shopDir = Path.Combine(outDir, "shop");
        var warehouse = Path.Combine(outDir, "patron.duckdb");

        Step(quiet, "1/3 generating the demo shop");
        var shop = DemoCommand.Generate(new DemoShopOptions { OutputDirectory = shopDir, Customers = customers, Seed = seed }, quiet);

        // A different shop in the same folder gets a fresh warehouse; the same shop again is a no-op ingest.
        var stamp = Path.Combine(outDir, ".shop.sha256");
        var shopHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(shop.TruthDirectory, "truth.json"))));
        if (File.Exists(warehouse) && (!File.Exists(stamp) || File.ReadAllText(stamp).Trim() != shopHash))
        {
            WarehouseFile.Delete(warehouse);
        }

        Step(quiet, "2/3 ingesting into the warehouse");
        var ingest = Progress.Run(quiet, "Ingesting", report => new Ingestor().Ingest(warehouse, new GenericSource(), shopDir, progress: report));
        File.WriteAllText(stamp, shopHash);

        Step(quiet, "3/3 checking data quality");
        QualityReport report;
        using (var connection = WarehouseFile.Open(warehouse, readOnly: true))
        {
            report = QualityReporter.Read(connection);
        }

        var html = Path.Combine(outDir, "quality.html");
        var jsonFile = Path.Combine(outDir, "quality.json");
        File.WriteAllText(html, QualityHtml.Render(report));
        File.WriteAllText(jsonFile, System.Text.Json.JsonSerializer.Serialize(report, Output.JsonOptions));

        if (!quiet)
        {
            var s = ingest.Silver;
            AnsiConsole.MarkupLine(ingest.NothingNew
                ? "[grey]The shop was ingested before; the warehouse is unchanged.[/]"
                : $"Silver: {s.Customers:N0} customers, {s.Products:N0} products, {s.Orders:N0} orders, {s.OrderLines:N0} lines; {s.Quarantined:N0} rows quarantined.");
            Output.WriteTable("quality findings", ["check", "entity", "rows", "action"],
                report.Findings.Where(f => f.AffectedRows > 0).Select(f => (IReadOnlyList<object?>)[f.Check, f.Entity, f.AffectedRows, f.Action]));
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["shop"] = shopDir,
            ["truth"] = shop.TruthDirectory,
            ["warehouse"] = warehouse,
            ["quality report (HTML)"] = html,
            ["quality report (JSON)"] = jsonFile,
        };
    }

    private static void Step(bool quiet, string text)
    {
        if (!quiet)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
        }
    }
}
