using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.DuckDb;
using Patron.Pipeline.Output;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>
/// Writing the predictions files of a run (predictions.csv, predictions.parquet and the two KPI files) for N customers
/// with three reasons each, against the way predictions.parquet used to be made: DuckDB reading the CSV back with type
/// detection and copying it to Parquet. Each side runs in its own process, so each peak memory is its own.
/// </summary>
/// <remarks>Usage: <c>predictions [--customers N] [--seed S]</c> (default 2,100,000, the 10M shop's scored customers).
/// The predictions are synthetic but shaped like a run's: ids, segment, action, eight numbers, a flag, three reasons.</remarks>
internal static class PredictionsBench
{
    public static int Run(string[] args)
    {
        var customers = BenchArgs.IntOption(args, "--customers", 2_100_000);
        var seed = BenchArgs.IntOption(args, "--seed", 7);
        var dir = Path.Combine(Path.GetTempPath(), "patron-bench-predictions");
        var patron = IngestBench.RunChild(BenchArgs.Self("predictions-stage", "patron", Text(customers), Text(seed), dir));
        var peer = IngestBench.RunChild(BenchArgs.Self("predictions-stage", "csv-reparse", Text(customers), Text(seed), dir));
        Console.WriteLine(FormattableString.Invariant($"{customers:N0} customers × 16 columns; {Environment.ProcessorCount} cores"));
        foreach (var (name, side) in new[] { ("patron (Parquet from the arrays)", patron), ("peer (CSV read back by DuckDB)", peer) })
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{name}: {side.GetProperty("seconds").GetDouble():F2} s wall, {side.GetProperty("cpu_seconds").GetDouble():F2} s CPU, peak RSS {side.GetProperty("peak_rss_mb").GetDouble():F0} MB (predictions in memory: {side.GetProperty("baseline_rss_mb").GetDouble():F0} MB)"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"ratio: patron takes {patron.GetProperty("seconds").GetDouble() / peer.GetProperty("seconds").GetDouble():F2}x the peer's wall time and adds {(patron.GetProperty("peak_rss_mb").GetDouble() - patron.GetProperty("baseline_rss_mb").GetDouble()) / (peer.GetProperty("peak_rss_mb").GetDouble() - peer.GetProperty("baseline_rss_mb").GetDouble()):F2}x its memory above the predictions themselves"));
        return 0;
    }

    /// <summary>One side, in its own process: build the predictions, then write them.</summary>
    public static int Stage(string[] args)
    {
        var mode = args[0];
        var predictions = Synthetic(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        var folder = Path.Combine(args[3], mode);
        Directory.CreateDirectory(folder);
        GC.Collect();
        var baseline = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var clock = Stopwatch.StartNew();
        if (mode == "patron")
        {
            PredictionsWriter.Write(predictions, folder);
        }
        else
        {
            // The earlier way: the CSV first, then DuckDB reading it back with type detection to write the Parquet file.
            PredictionsWriter.Write(predictions, folder, parquet: false);
            using var connection = DuckDbConnection.OpenInMemory();
            var csv = SqlScripts.Literal(Path.Combine(folder, "predictions.csv"));
            connection.Execute($"COPY (SELECT * FROM read_csv({csv}, header = true, auto_detect = true, sample_size = -1)) TO {SqlScripts.Literal(Path.Combine(folder, "predictions.parquet"))} (FORMAT PARQUET);");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu;
        Directory.Delete(folder, true);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["seconds"] = seconds,
            ["cpu_seconds"] = cpu,
            ["baseline_rss_mb"] = baseline,
            ["peak_rss_mb"] = BenchArgs.PeakRssMegabytes(),
        }));
        return 0;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Predictions Synthetic(int n, int seed)
    {
        var random = new Random(seed);
        string[] pool =
        [
            "fewer orders in the last 90 days than usual", "long gap since the last order", "spend fell quarter on quarter",
            "no review written", "pays with vouchers often", "one category only", "late deliveries",
        ];
        var ids = new string[n];
        var probability = new double[n];
        var money = new double[n];
        var flags = new bool[n];
        var reasons = new string[n][];
        for (var i = 0; i < n; i++)
        {
            ids[i] = "C" + i.ToString("D8", CultureInfo.InvariantCulture);
            probability[i] = random.NextDouble();
            money[i] = random.NextDouble() * 800;
            flags[i] = probability[i] > 0.75;
            reasons[i] = [pool[random.Next(pool.Length)] + " (" + Text(random.Next(1, 200)) + " days)", pool[random.Next(pool.Length)], pool[random.Next(pool.Length)]];
        }

        var segments = new string[n];
        var actions = new string[n];
        Array.Fill(segments, "Need attention");
        Array.Fill(actions, "Time-limited offers personalised on past purchases.");
        return new Predictions
        {
            Ids = ids, Segments = segments, Actions = actions, Monetary = money, Churn = probability, Repeat = probability,
            HighValue = probability, HighValueFlag = flags, Clv = money, ClvLower = money, ClvUpper = money, PAlive = probability,
            ExpectedPurchases = money, Reasons = reasons,
        };
    }
}
