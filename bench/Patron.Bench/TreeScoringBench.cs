using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Patron.Features.Frames;
using Patron.Learning.Serialization;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>
/// Scoring a run's tree models on the customers they score: every model of <c>--models</c> whose features the
/// warehouse's customer table holds (the plain customer tasks' boosting models; not the lifetime or session ones) scores
/// the scoring cutoff's customers <c>--repeat</c> times. Prints the CPU seconds of the scorings per model and an MD5 of
/// the raw scores' bytes, so two builds' walks can be compared for speed and for the same scores.
/// </summary>
/// <remarks>Usage: <c>tree-scoring --db WAREHOUSE --models DIR [--repeat N] [--cutoff YYYY-MM-DD]</c> (the cutoff defaults
/// to the latest in the customer table). The warehouse is opened read-only.</remarks>
internal static class TreeScoringBench
{
    public static int Run(string[] args)
    {
        var db = BenchArgs.Option(args, "--db", "");
        var models = BenchArgs.Option(args, "--models", "");
        if (db.Length == 0 || models.Length == 0 || !File.Exists(db) || !Directory.Exists(models))
        {
            Console.Error.WriteLine("usage: tree-scoring --db WAREHOUSE --models DIR [--repeat N] [--cutoff YYYY-MM-DD]");
            return 2;
        }

        var repeat = BenchArgs.IntOption(args, "--repeat", 10);
        var self = Process.GetCurrentProcess();
        using var connection = WarehouseFile.Open(db, readOnly: true);
        var cutoffText = BenchArgs.Option(args, "--cutoff", "");
        var cutoff = cutoffText.Length > 0
            ? DateOnly.Parse(cutoffText, CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(connection.Scalar<DateTime>("SELECT max(cutoff)::TIMESTAMP FROM gold.customer_features"));
        var total = 0.0;
        foreach (var file in Directory.GetFiles(models, "*.json").Order(StringComparer.Ordinal))
        {
            var model = ModelSerializer.LoadFile(file);
            CustomerInputs inputs;
            try
            {
                inputs = CustomerFrame.LoadInputs(connection, cutoff, 90, model.Schema, []);
            }
            catch (Patron.Learning.Data.SchemaMismatchException)
            {
                Console.WriteLine($"{Path.GetFileName(file),-24} skipped: its features are not all in the customer table");
                continue;
            }

            var x = inputs.Plain;
            var scores = new double[x.RowCount];
            model.PredictRaw(x, scores);
            var cpu = Cpu(self);
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < repeat; r++)
            {
                model.PredictRaw(x, scores);
            }

            var spent = Cpu(self) - cpu;
            total += spent;
            var digest = Convert.ToHexStringLower(MD5.HashData(MemoryMarshal.AsBytes(scores.AsSpan())));
            Console.WriteLine(FormattableString.Invariant(
                $"{Path.GetFileName(file),-24} {x.RowCount:N0} rows x {x.ColumnCount} features, {repeat} scorings: {spent,6:F2} CPU s, {clock.Elapsed.TotalSeconds,6:F2} s wall; scores md5 {digest}"));
        }

        Console.WriteLine(FormattableString.Invariant($"all models: {total:F2} CPU s; load average {RunBench.LoadAverage()}"));
        return 0;
    }

    private static double Cpu(Process self)
    {
        self.Refresh();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
