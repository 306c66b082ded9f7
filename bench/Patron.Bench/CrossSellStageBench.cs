using System.Globalization;
using System.Text.Json;
using Patron.Pipeline;

namespace Patron.Bench;

/// <summary>
/// The cross-sell stage of <c>patron run</c> alone, on the warehouse of an earlier run (its silver ingested): the
/// process's CPU seconds, wall seconds and highest resident size (VmRSS sampled every 100 ms) during the work after
/// every progress line (reading the baskets, mining, the gold rules, next products, the out-of-time check), then the
/// stage's wall and CPU seconds and peak. The cutoffs and the horizon come from the run's run.json, as the features
/// stage hands them over. The stage rewrites the warehouse's gold.association_rules and gold.next_products, so
/// <c>--db</c> must be a copy of a shared warehouse; rules.parquet, next_products.csv and cross_sell.json land in
/// <c>--out</c>, to compare with the run's own files (<c>cmp</c>).
/// </summary>
/// <remarks>Usage: <c>cross-sell-stage --run RUNDIR --db COPY.duckdb --out DIR</c>. Measures in-process, so run it with
/// the collector's setting of <c>patron</c> (<c>DOTNET_GCConserveMemory=7</c>) and without <c>PATRON_MEMORY_LIMIT</c>
/// for the run's DuckDB limit.</remarks>
internal static class CrossSellStageBench
{
    public static int Run(string[] args)
    {
        var run = BenchArgs.Option(args, "--run", "");
        var output = BenchArgs.Option(args, "--out", "");
        var db = BenchArgs.Option(args, "--db", "");
        if (run.Length == 0 || output.Length == 0 || !File.Exists(db) || !File.Exists(Path.Combine(run, "run.json")))
        {
            Console.Error.WriteLine("usage: cross-sell-stage --run RUNDIR --db COPY.duckdb --out DIR");
            return 2;
        }

        if (Path.GetFullPath(db) == Path.GetFullPath(Path.Combine(run, "patron.duckdb")))
        {
            Console.Error.WriteLine("cross-sell-stage writes gold: give --db a copy of the run's warehouse, not the warehouse itself");
            return 2;
        }

        Directory.CreateDirectory(output);
        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json")));
        var root = runJson.RootElement;
        var scoring = DateOnly.Parse(root.GetProperty("scoring_cutoff").GetString()!, CultureInfo.InvariantCulture);
        var training = DateOnly.Parse(root.GetProperty("training_cutoff").GetString()!, CultureInfo.InvariantCulture);
        var horizon = root.GetProperty("horizon_days").GetInt32();
        Console.Error.WriteLine($"cutoffs {training:yyyy-MM-dd} and {scoring:yyyy-MM-dd}, horizon {horizon} days");

        var options = new PipelineOptions
        {
            Source = "generic",
            Input = db,
            OutputDirectory = output,
            Warehouse = db,
            HorizonDays = horizon,
            Force = true,
        };

        using var meter = new StageMeter();
        new PipelineRunner(options, meter.Progress).RunCrossSellOnly(training, scoring);
        meter.Stop();
        meter.Report("cross_sell stage");
        return 0;
    }
}
