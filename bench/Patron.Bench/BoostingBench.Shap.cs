using System.Diagnostics;
using System.Globalization;
using Patron.Learning.Boosting;
using Patron.Learning.Data;

namespace Patron.Bench;

internal static partial class BoostingBench
{
    // Rows per batch call, as the pipeline's reasons use (a bounded block of contributions).
    private const int ShapBlockRows = 8_192;

    /// <summary>Patron's TreeSHAP over <paramref name="x"/>: the batch method twice (the first call also builds the
    /// model's tables, the second finds them built), then the one-row method over rows in parallel, the way every caller
    /// explained rows before the batch method. Checks that both give the same values.</summary>
    private static ShapResult PatronShap(GradientBoostingModel model, FeatureMatrix x, int threads)
    {
        var width = x.ColumnCount + 1;
        var batch = new double[(long)x.RowCount * width];
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cold = Measure(() => Batch(model, x, batch, threads));
        var tableMegabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
        var warm = Measure(() => Batch(model, x, batch, threads));

        var single = new double[batch.Length];
        var oneRow = Measure(() => Parallel.For(0, x.RowCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new double[width], (row, _, phi) =>
        {
            model.Contributions(x, row, phi);
            phi.CopyTo(single, (long)row * width);
            return phi;
        }, _ => { }));

        var maxDifference = 0.0;
        for (var i = 0; i < batch.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(batch[i] - single[i]));
        }

        return new ShapResult(x.RowCount, cold, warm, oneRow, tableMegabytes, maxDifference);
    }

    private static void Batch(GradientBoostingModel model, FeatureMatrix x, double[] phi, int threads)
    {
        var width = x.ColumnCount + 1;
        for (var start = 0; start < x.RowCount; start += ShapBlockRows)
        {
            var count = Math.Min(ShapBlockRows, x.RowCount - start);
            model.Contributions(x, start, count, phi.AsSpan(start * width, count * width), threads);
        }
    }

    private static Timing Measure(Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        return new Timing(watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static string ShapLine(string name, int rows, int trees, ShapResult? patron, Timing? xgb)
    {
        if (patron is null)
        {
            return "";
        }

        static string Cell(Timing? t, int rows) => t is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"{v.Seconds,7:F2} {v.CpuSeconds,7:F2} {rows / v.Seconds,9:F0}")
            : $"{"-",7} {"-",7} {"-",9}";

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-10} {rows,8} {trees,5} | {Cell(patron.Cold, rows)} | {Cell(patron.Warm, rows)} | {Cell(patron.OneRow, rows)} | {Cell(xgb, rows)} | {patron.TableMegabytes,9:F1} {patron.MaxDifference,8:G2}");
    }

    private static void PrintShap(List<string> lines)
    {
        Console.WriteLine();
        Console.WriteLine("TreeSHAP over the test rows: wall s, CPU s, rows/s (wall) per side; tables_MB = bytes allocated by the first batch pass (tables and scratch); max_diff = max |batch - one-row|");
        Console.WriteLine($"{"data",-10} {"rows",8} {"trees",5} | {"batch (first pass)",-25} | {"batch (tables built)",-25} | {"one-row, parallel rows",-25} | {"xgboost pred_contribs",-25} | {"tables_MB",9} {"max_diff",8}");
        foreach (var line in lines)
        {
            if (line.Length > 0)
            {
                Console.WriteLine(line);
            }
        }
    }

    private readonly record struct Timing(double Seconds, double CpuSeconds);

    private sealed record ShapResult(int Rows, Timing Cold, Timing Warm, Timing OneRow, double TableMegabytes, double MaxDifference)
    {
        public void Print(int trees) => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  patron TreeSHAP ({Rows} rows, {trees} trees): batch {Cold.Seconds:F2} s (cpu {Cold.CpuSeconds:F2} s), tables built {Warm.Seconds:F2} s (cpu {Warm.CpuSeconds:F2} s), one-row {OneRow.Seconds:F2} s (cpu {OneRow.CpuSeconds:F2} s), max |diff| {MaxDifference:G2}"));
    }
}
