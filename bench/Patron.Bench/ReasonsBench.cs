using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Patron.Features.Frames;
using Patron.Learning;
using Patron.Learning.Serialization;
using Patron.Pipeline.Explain;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>
/// The churn reasons of a run's customers alone: the run's churn model (<c>--models DIR</c>/churn.json, a boosting
/// model of the plain features) explains the scoring cutoff's customers <c>--repeat</c> times, as the models stage's
/// predictions step does (TreeSHAP contributions block by block, then the drivers put into words). Prints the CPU
/// seconds of the contributions alone and of the whole reasons, and an MD5 of the reasons' texts, so two builds can be
/// compared for speed and for the same bytes.
/// </summary>
/// <remarks>Usage: <c>reasons --db WAREHOUSE --models DIR [--repeat N] [--cutoff YYYY-MM-DD]</c>. The first pass (which
/// also builds the model's TreeSHAP tables) is not counted. The warehouse is opened read-only.</remarks>
internal static class ReasonsBench
{
    public static int Run(string[] args)
    {
        var db = BenchArgs.Option(args, "--db", "");
        var models = BenchArgs.Option(args, "--models", "");
        var file = Path.Combine(models, "churn.json");
        if (db.Length == 0 || !File.Exists(db) || !File.Exists(file))
        {
            Console.Error.WriteLine("usage: reasons --db WAREHOUSE --models DIR [--repeat N] [--cutoff YYYY-MM-DD]");
            return 2;
        }

        var repeat = BenchArgs.IntOption(args, "--repeat", 5);
        if (ModelSerializer.LoadFile(file) is not IExplainable model)
        {
            Console.Error.WriteLine("churn.json holds a model that does not explain itself.");
            return 2;
        }

        Learning.Data.FeatureMatrix x;
        using (var connection = WarehouseFile.Open(db, readOnly: true))
        {
            var cutoffText = BenchArgs.Option(args, "--cutoff", "");
            var cutoff = cutoffText.Length > 0
                ? DateOnly.Parse(cutoffText, CultureInfo.InvariantCulture)
                : DateOnly.FromDateTime(connection.Scalar<DateTime>("SELECT max(cutoff)::TIMESTAMP FROM gold.customer_features"));
            x = CustomerFrame.LoadInputs(connection, cutoff, 90, ((IPredictor)model).Schema, []).Plain;
        }

        var self = Process.GetCurrentProcess();
        var reasons = ChurnReasons.Compute(model, x);
        var width = x.ColumnCount + 1;
        var phi = new double[Math.Min(x.RowCount, ReasonBlocks.Rows) * width];
        var cpu = Cpu(self);
        for (var r = 0; r < repeat; r++)
        {
            for (var start = 0; start < x.RowCount; start += ReasonBlocks.Rows)
            {
                var count = Math.Min(ReasonBlocks.Rows, x.RowCount - start);
                model.Contributions(x, start, count, phi.AsSpan(0, count * width));
            }
        }

        var contributions = Cpu(self) - cpu;
        cpu = Cpu(self);
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < repeat; r++)
        {
            reasons = ChurnReasons.Compute(model, x);
        }

        var whole = Cpu(self) - cpu;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var row in reasons)
        {
            md5.AppendData(Encoding.UTF8.GetBytes(string.Join('\u001f', row) + "\n"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"{x.RowCount:N0} rows x {x.ColumnCount} features, {repeat} passes: contributions {contributions / repeat:F2} CPU s a pass, reasons {whole / repeat:F2} CPU s a pass ({clock.Elapsed.TotalSeconds / repeat:F2} s wall); reasons md5 {Convert.ToHexStringLower(md5.GetHashAndReset())}; load average {RunBench.LoadAverage()}"));
        return 0;
    }

    private static double Cpu(Process self)
    {
        self.Refresh();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
