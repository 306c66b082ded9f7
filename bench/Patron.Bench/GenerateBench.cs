using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Bench;

/// <summary>
/// The demo shop generator at scale: generates about N transactions (default 1M), reports rows per second, bytes
/// written and the process's peak working set, then runs a vectorised NumPy/pandas generator of the same
/// transactions.csv schema (bench/peers/generate_pandas.py) as the peer and prints the ratios.
/// </summary>
/// <remarks>Usage: <c>generate [--transactions N] [--seed S] [--dir DIR] [--python PATH] [--skip-peer] [--keep] [--fit]</c>.
/// <c>--fit</c> also fits BG/NBD and Gamma-Gamma (Patron.Lifetime) to the generated history and prints the fitted
/// parameters next to the generator's, a check that the shop behaves as its model says.</remarks>
internal static class GenerateBench
{
    public static int Run(string[] args)
    {
        var transactions = long.Parse(BenchArgs.Option(args, "--transactions", "1000000"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(BenchArgs.Option(args, "--seed", "42"), CultureInfo.InvariantCulture);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-generate"));
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var patronDir = Path.Combine(dir, "patron");
        var result = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = patronDir, Transactions = transactions, Seed = seed });
        var seconds = result.Elapsed.TotalSeconds;
        var bytes = 0L;
        foreach (var file in result.Files)
        {
            bytes += new FileInfo(file.Path).Length;
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);
        var rowsPerSecond = result.TransactionRows / seconds;
        Console.WriteLine(FormattableString.Invariant(
            $"patron: {result.TransactionRows:N0} transactions ({result.Customers:N0} customers, {result.Products:N0} products, {result.FutureTransactionRows:N0} future rows) in {seconds:F2} s = {rowsPerSecond:N0} rows/s; {bytes / 1e6:F1} MB written = {bytes / 1e6 / seconds:F0} MB/s; peak working set {peakMb:F0} MB; {Environment.ProcessorCount} cores"));

        if (args.Contains("--fit"))
        {
            FitLifetimeModels(result);
        }

        if (args.Contains("--skip-peer"))
        {
            Cleanup(dir, args);
            return 0;
        }

        var peer = RunPeer(python, result.TransactionRows, Path.Combine(dir, "peer"), seed);
        if (peer is { } p)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"peer (numpy+pandas): {p.Rows:N0} transactions in {p.Seconds:F2} s = {p.Rows / p.Seconds:N0} rows/s; peak RSS {p.PeakMb:F0} MB"));
            Console.WriteLine(FormattableString.Invariant(
                $"ratio: patron is {rowsPerSecond / (p.Rows / p.Seconds):F1}x the peer's rows/s, with {peakMb / p.PeakMb:F2}x its peak memory"));
        }

        Cleanup(dir, args);
        return 0;
    }

    /// <summary>
    /// Fits BG/NBD and Gamma-Gamma to the clean purchases of the history (positive quantity and price, plausible
    /// timestamp, known customer; same-day purchases merge as the literature does) with the cutoff at the history end.
    /// </summary>
    private static void FitLifetimeModels(DemoShopResult result)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(result.OutputDirectory, "customers.csv")).Skip(1))
        {
            known.Add(line[..line.IndexOf(',', StringComparison.Ordinal)]);
        }

        var ids = new List<string>();
        var days = new List<int>();
        var amounts = new List<double>();
        foreach (var line in File.ReadLines(Path.Combine(result.OutputDirectory, "transactions.csv")).Skip(1))
        {
            var fields = line.Split(',');
            var quantity = int.Parse(fields[3], CultureInfo.InvariantCulture);
            var price = double.Parse(fields[4], CultureInfo.InvariantCulture);
            var day = DateOnly.ParseExact(fields[6].AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (quantity <= 0 || price <= 0 || day.Year is < 2000 or > 2098 || !known.Contains(fields[1]))
            {
                continue;
            }

            ids.Add(fields[1]);
            days.Add(day.DayNumber);
            amounts.Add(quantity * price * (1 - double.Parse(fields[5], CultureInfo.InvariantCulture)));
        }

        using var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(result.TruthDirectory, "truth.json")));
        var latent = truth.RootElement.GetProperty("latent");
        var end = DateOnly.ParseExact(truth.RootElement.GetProperty("arguments").GetProperty("end").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var summary = CustomerSummaryBuilder.Build(new TransactionLog([.. ids], [.. days], [.. amounts]), end, null, TimeUnit.Days);
        var stopwatch = Stopwatch.StartNew();
        var bgnbd = BgNbdFitter.Fit(summary);
        var gammaGamma = GammaGammaFitter.Fit(summary);
        Console.WriteLine(FormattableString.Invariant(
            $"fit on {summary.Count:N0} customers in {stopwatch.Elapsed.TotalSeconds:F1} s: BG/NBD r={bgnbd.R:F3} alpha={bgnbd.Alpha:F2} a={bgnbd.A:F3} b={bgnbd.B:F3} (generator r={latent.GetProperty("r").GetDouble()} alpha={latent.GetProperty("alpha").GetDouble()} a={latent.GetProperty("a").GetDouble()} b={latent.GetProperty("b").GetDouble()})"));
        Console.WriteLine(FormattableString.Invariant(
            $"Gamma-Gamma p={gammaGamma.P:F2} q={gammaGamma.Q:F2} gamma={gammaGamma.Gamma:F2} mean spend {gammaGamma.PopulationMeanSpend():F2} (generator p={latent.GetProperty("p").GetDouble()} q={latent.GetProperty("q").GetDouble()} gamma={latent.GetProperty("gamma").GetDouble()}, lognormal baskets around the level)"));
    }

    private static (double Seconds, long Rows, double PeakMb)? RunPeer(string python, long rows, string dir, ulong seed)
    {
        using var json = BenchArgs.RunPeer(python, "generate_pandas.py", rows.ToString(CultureInfo.InvariantCulture), dir, seed.ToString(CultureInfo.InvariantCulture));
        if (json is null)
        {
            return null;
        }

        var root = json.RootElement;
        return (root.GetProperty("seconds").GetDouble(), root.GetProperty("rows").GetInt64(), root.GetProperty("peak_rss_mb").GetDouble());
    }

    private static void Cleanup(string dir, string[] args)
    {
        if (!args.Contains("--keep") && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
