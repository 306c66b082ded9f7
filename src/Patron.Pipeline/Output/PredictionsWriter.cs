using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Patron.Features.Rules;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Pipeline.Output;

/// <summary>Writes predictions.csv and .parquet, profiles.bin (the same profiles for the server), and the two KPI files computed from them (churn_risk.csv,
/// clv_distribution.csv).</summary>
internal static class PredictionsWriter
{
    private const int ChurnRiskRows = 50;
    private const int ClvBuckets = 20;

    /// <summary>Writes the files; <paramref name="parquet"/> false leaves out predictions.parquet (for comparisons).</summary>
    /// <remarks>predictions.csv (its rows formatted on every core), predictions.parquet and profiles.bin are written side
    /// by side: each only reads the predictions, and profiles.bin records predictions.csv's length once that file is
    /// complete. Every file holds the bytes the writers one after the other gave. A failure is thrown once all three
    /// have stopped, the first in the order csv, parquet, profiles.</remarks>
    public static void Write(Predictions p, string runFolder, bool parquet = true)
    {
        ArgumentNullException.ThrowIfNull(p);
        var csv = Side(() => WriteCsv(p, Path.Combine(runFolder, "predictions.csv")));
        var table = parquet ? Side(() => { WriteParquet(p, Path.Combine(runFolder, "predictions.parquet")); return 0L; }) : Task.FromResult(0L);
        Exception? profiles = null;
        try
        {
            ProfileSnapshotWriter.Write(p, runFolder, () => csv.GetAwaiter().GetResult());
        }
        catch (Exception e)
        {
            profiles = e;
        }

        // Both side tasks end before anything is thrown, so nothing writes into the folder after this method returns.
        ((IAsyncResult)csv).AsyncWaitHandle.WaitOne();
        ((IAsyncResult)table).AsyncWaitHandle.WaitOne();
        csv.GetAwaiter().GetResult();
        table.GetAwaiter().GetResult();
        if (profiles is not null)
        {
            ExceptionDispatchInfo.Throw(profiles);
        }

        var kpi = Path.Combine(runFolder, "kpi");
        Directory.CreateDirectory(kpi);
        WriteChurnRisk(p, Path.Combine(kpi, "churn_risk.csv"));
        WriteClvDistribution(p, Path.Combine(kpi, "clv_distribution.csv"));
        EarlyHighValueList.Write(p, Path.Combine(kpi, EarlyHighValueList.FileName));
    }

    // A thread of its own: the CSV's blocks and DuckDB's Parquet writer keep the pool's threads busy.
    private static Task<long> Side(Func<long> write) =>
        Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>predictions.parquet straight from the arrays (<see cref="PredictionRows"/>): no second parse of the CSV,
    /// and types that do not depend on guessing.</summary>
    private static void WriteParquet(Predictions p, string path)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        // The rows come from one thread (PredictionRows.MaxThreads), so the COPY's pipeline is one task: with a second
        // DuckDB thread, whichever thread did not get it polled the executor until the file was written (seconds of a
        // core at millions of rows). One thread runs the task itself; the file is the same.
        connection.Execute("SET threads = 1;");
        using var rows = connection.Scan(new PredictionRows(p));
        connection.Execute($"COPY (SELECT * FROM {rows.Sql}) TO {SqlScripts.Literal(path)} (FORMAT PARQUET);");
    }

    /// <summary>The header of predictions.csv for the tasks present.</summary>
    public static IReadOnlyList<string> Header(Predictions p)
    {
        var header = new List<string> { "customer_id", "segment", "recommended_action" };
        if (p.Churn is not null)
        {
            header.AddRange(["churn_probability", "churn_risk_band"]);
        }

        if (p.Repeat is not null)
        {
            header.Add("repeat_probability");
        }

        if (p.HighValue is not null)
        {
            header.AddRange(["high_value_probability", "high_value_flag"]);
        }

        if (p.Clv is not null)
        {
            header.AddRange(["predicted_clv", "predicted_clv_lower", "predicted_clv_upper"]);
        }

        if (p.PAlive is not null)
        {
            header.AddRange(["p_alive", "expected_purchases"]);
        }

        if (p.EarlyHighValue is not null)
        {
            header.Add("early_high_value_probability");
        }

        if (p.Reasons is not null)
        {
            header.AddRange(["reason_1", "reason_2", "reason_3"]);
        }

        if (p.NextProducts is not null)
        {
            header.AddRange(["next_products", "next_product_reason"]);
        }

        return header;
    }

    /// <summary>predictions.csv, its rows formatted on every core (<see cref="CsvBlocks"/>); returns its length in bytes.</summary>
    private static long WriteCsv(Predictions p, string path) =>
        CsvBlocks.Write(path, string.Join(',', Header(p)), p.Count, (i, line) =>
        {
            // The cells of the header's columns, joined by commas as string.Join would.
            line.AppendQuoted(p.Ids[i]).Append(',').AppendQuoted(p.Segments[i]).Append(',').AppendQuoted(p.Actions[i]);
            if (p.Churn is not null)
            {
                line.Append(',').AppendNumber(p.Churn[i]).Append(',').Append(Predictions.RiskBand(p.Churn[i]));
            }

            if (p.Repeat is not null)
            {
                line.Append(',').AppendNumber(p.Repeat[i]);
            }

            if (p.HighValue is not null)
            {
                line.Append(',').AppendNumber(p.HighValue[i]).Append(',').Append(p.HighValueFlag![i] ? "true" : "false");
            }

            if (p.Clv is not null)
            {
                line.Append(',').AppendNumber(p.Clv[i]).Append(',');
                if (p.ClvLower is not null)
                {
                    line.AppendNumber(p.ClvLower[i]);
                }

                line.Append(',');
                if (p.ClvUpper is not null)
                {
                    line.AppendNumber(p.ClvUpper[i]);
                }
            }

            if (p.PAlive is not null)
            {
                line.Append(',').AppendNumber(p.PAlive[i]).Append(',');
                if (p.ExpectedPurchases is not null)
                {
                    line.AppendNumber(p.ExpectedPurchases[i]);
                }
            }

            if (p.EarlyHighValue is not null)
            {
                line.Append(',').AppendNumber(p.EarlyHighValue[i]);
            }

            if (p.Reasons is not null)
            {
                foreach (var reason in p.Reasons[i])
                {
                    line.Append(',').AppendQuoted(reason);
                }
            }

            if (p.NextProducts is not null)
            {
                var next = p.NextProducts[i];
                AppendNextProductIds(line.Append(','), next).Append(',').AppendQuoted(next.Length > 0 ? next[0].Reason : "");
            }
        });

    /// <summary>Appends the quoted <see cref="Predictions.NextProductIds"/> cell without joining the ids into a string
    /// first: the joined cell needs quotes only when an id does (the <c>|</c> between them never does).</summary>
    internal static StringBuilder AppendNextProductIds(StringBuilder line, ProductSuggestion[] next)
    {
        foreach (var product in next)
        {
            if (CsvText.NeedsQuotes(product.ItemId))
            {
                return line.AppendQuoted(Predictions.NextProductIds(next));
            }
        }

        for (var k = 0; k < next.Length; k++)
        {
            if (k > 0)
            {
                line.Append('|');
            }

            line.Append(next[k].ItemId);
        }

        return line;
    }

    private static void WriteChurnRisk(Predictions p, string path)
    {
        using var writer = CsvText.Create(path);
        writer.WriteLine("customer_id,segment,churn_probability,predicted_clv,monetary,reason_1,reason_2,reason_3");
        if (p.Churn is null)
        {
            return;
        }

        // "Most valuable" = the top fifth by predicted CLV (past spend when CLV was not run).
        var value = p.Clv ?? p.Monetary;
        var cut = Predictions.Quantile(value, 0.8);
        var rows = new List<int>();
        for (var i = 0; i < p.Count; i++)
        {
            if (value[i] >= cut)
            {
                rows.Add(i);
            }
        }

        var churn = p.Churn;
        rows.Sort((a, b) => churn[b] != churn[a] ? churn[b].CompareTo(churn[a]) : string.CompareOrdinal(p.Ids[a], p.Ids[b]));
        for (var k = 0; k < Math.Min(ChurnRiskRows, rows.Count); k++)
        {
            var i = rows[k];
            var reasons = p.Reasons?[i];
            writer.WriteLine(string.Join(',',
                CsvText.Quote(p.Ids[i]), CsvText.Quote(p.Segments[i]), JsonNumbers.Cell(churn[i]),
                p.Clv is null ? "" : JsonNumbers.Cell(p.Clv[i]), JsonNumbers.Cell(p.Monetary[i]),
                CsvText.Quote(reasons?[0]), CsvText.Quote(reasons?[1]), CsvText.Quote(reasons?[2])));
        }
    }

    private static void WriteClvDistribution(Predictions p, string path)
    {
        using var writer = CsvText.Create(path);
        writer.WriteLine("bucket_low,bucket_high,customers");
        if (p.Clv is null || p.Count == 0)
        {
            return;
        }

        // Equal-width buckets up to the 99th percentile; the last bucket takes the long tail.
        var cuts = Predictions.Quantiles(p.Clv, [0.99, 1.0]);
        var (top, max) = (cuts[0], cuts[1]);
        var width = top > 0 ? top / ClvBuckets : 1;
        var counts = new long[ClvBuckets];
        foreach (var v in p.Clv)
        {
            var b = double.IsNaN(v) ? 0 : (int)Math.Clamp(Math.Floor(Math.Max(v, 0) / width), 0, ClvBuckets - 1);
            counts[b]++;
        }

        for (var b = 0; b < ClvBuckets; b++)
        {
            var high = b == ClvBuckets - 1 ? Math.Max(max, width * ClvBuckets) : width * (b + 1);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{JsonNumbers.Cell(width * b)},{JsonNumbers.Cell(high)},{counts[b]}"));
        }
    }
}
