using System.CommandLine;
using System.Security.Cryptography;
using Patron.Demo;
using Patron.Pipeline;
using Patron.Warehouse;
using Patron.Warehouse.Quality;

namespace Patron.Cli.Commands;

/// <summary>
/// <c>patron demo</c> without a subcommand: generate a demo shop, then run the whole pipeline on it (<c>patron run</c>),
/// all under one folder: the shop, its truth, the warehouse and the run folder with predictions and report.
/// </summary>
internal static class DemoRun
{
    public static void Attach(Command demo)
    {
        var customers = new Option<int>("--customers") { Description = "Customers in the generated shop.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated shop and of the models.", DefaultValueFactory = _ => 42 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the shop, the warehouse and the run.", DefaultValueFactory = _ => new DirectoryInfo("patron-demo") };
        var json = CommonOptions.Json();
        demo.Options.Add(customers);
        demo.Options.Add(seed);
        demo.Options.Add(output);
        demo.Options.Add(json);
        demo.SetAction(parse =>
        {
            var outDir = parse.GetValue(output)!.FullName;
            var quiet = parse.GetValue(json);
            var (summary, outputs) = Run(outDir, parse.GetValue(customers), parse.GetValue(seed), quiet);
            if (quiet)
            {
                Output.WriteJson(new { summary, outputs });
            }
            else
            {
                RunCommand.Print(summary);
                Output.WriteTable("demo outputs", ["output", "path"], outputs.Select(o => (IReadOnlyList<object?>)[o.Key, o.Value]));
            }

            return 0;
        });
    }

    /// <summary>Runs the demo and returns the run summary and the demo's own files, by name.</summary>
    public static (RunSummary Summary, IReadOnlyDictionary<string, string> Outputs) Run(string outDir, int customers, ulong seed, bool quiet)
    {
        Directory.CreateDirectory(outDir);
        var shopDir = Path.Combine(outDir, "shop");
        var warehouse = Path.Combine(outDir, "patron.duckdb");
        var shop = DemoCommand.Generate(new DemoShopOptions { OutputDirectory = shopDir, Customers = customers, Seed = seed }, quiet);

        // A different shop in the same folder gets a fresh warehouse; the same shop again leaves every stage unchanged.
        var stamp = Path.Combine(outDir, ".shop.sha256");
        var shopHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(shop.TruthDirectory, "truth.json"))));
        if (File.Exists(warehouse) && (!File.Exists(stamp) || File.ReadAllText(stamp).Trim() != shopHash))
        {
            WarehouseFile.Delete(warehouse);
        }

        File.WriteAllText(stamp, shopHash);
        var runDir = Path.Combine(outDir, "run");
        var summary = RunCommand.Execute(new PipelineOptions
        {
            Source = "generic",
            Input = shopDir,
            OutputDirectory = runDir,
            Warehouse = warehouse,
            Seed = (long)(seed & long.MaxValue),
        }, quiet);

        // The stand-alone quality page stays next to the run for readers who only want the data checks.
        var html = Path.Combine(outDir, "quality.html");
        using (var connection = WarehouseFile.Open(warehouse, readOnly: true))
        {
            File.WriteAllText(html, QualityHtml.Render(QualityReporter.Read(connection)));
        }

        return (summary, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["shop"] = shopDir,
            ["truth"] = shop.TruthDirectory,
            ["warehouse"] = warehouse,
            ["run folder"] = runDir,
            ["report"] = Path.Combine(runDir, "report.html"),
            ["predictions"] = Path.Combine(runDir, "predictions.csv"),
            ["quality report (HTML)"] = html,
            ["quality report (JSON)"] = Path.Combine(runDir, "quality.json"),
        });
    }
}
