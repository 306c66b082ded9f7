using System.Diagnostics;
using System.Globalization;
using Patron.Features.Rules;
using Patron.Pipeline.Output;

namespace Patron.Bench;

/// <summary>
/// Writes a large synthetic run folder for the serving benchmark's startup and memory figures: the template run's
/// run.json, metrics.json, models/, kpi/ and cross-sell files, and N customers made by cycling the template's profiles
/// (predictions, features and next products, from its profiles.bin) under new ids (C00000001, ...), written as a run
/// writes them: predictions.csv and profiles.bin.
/// </summary>
/// <remarks>Usage: <c>serve-run --out DIR [--customers N] [--template RUN]</c> (default 2,100,000 customers, the 10M
/// shop's scored customers, from tests/data/runs/demo-400).</remarks>
internal static class ServeRunBench
{
    public static int Run(string[] args)
    {
        var customers = BenchArgs.IntOption(args, "--customers", 2_100_000);
        var out_ = BenchArgs.Option(args, "--out", "");
        if (out_.Length == 0)
        {
            Console.Error.WriteLine("serve-run needs --out DIR");
            return 2;
        }

        var template = BenchArgs.Option(args, "--template", Path.Combine("tests", "data", "runs", "demo-400"));
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(out_);
        foreach (var file in new[] { "run.json", "metrics.json", CrossSellJson.RulesFile, CrossSellJson.FileName })
        {
            File.Copy(Path.Combine(template, file), Path.Combine(out_, file), overwrite: true);
        }

        foreach (var folder in new[] { "models", "kpi" })
        {
            Directory.CreateDirectory(Path.Combine(out_, folder));
            foreach (var file in Directory.GetFiles(Path.Combine(template, folder)))
            {
                File.Copy(file, Path.Combine(out_, folder, Path.GetFileName(file)), overwrite: true);
            }
        }

        var t = ProfileSnapshot.Read(Path.Combine(template, ProfileSnapshot.FileName));
        var (predictions, features) = Cycle(t, customers);
        PredictionsWriter.Write(predictions, out_, parquet: false);
        ProfileSnapshotWriter.Write(predictions, features, out_);
        var csv = new FileInfo(Path.Combine(out_, "predictions.csv")).Length;
        var bin = new FileInfo(Path.Combine(out_, ProfileSnapshot.FileName)).Length;
        Console.WriteLine(FormattableString.Invariant(
            $"{customers:N0} customers from {t.Rows} template rows in {clock.Elapsed.TotalSeconds:F1} s: predictions.csv {csv / 1048576.0:F0} MiB, profiles.bin {bin / 1048576.0:F0} MiB ({bin / (double)customers:F0} bytes per customer), {features.Count} features"));
        return 0;
    }

    private static (Predictions, List<ProfileSnapshotWriter.Feature>) Cycle(ProfileSnapshot.Columns t, int n)
    {
        var ids = new string[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = "C" + (i + 1).ToString("D8", CultureInfo.InvariantCulture);
        }

        double[]? Numbers(string name) => t.Numbers.TryGetValue(name, out var values) ? Repeat(values, n) : null;
        string?[] Texts(string name)
        {
            var (pool, codes) = t.Texts[name];
            var result = new string?[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = pool[codes[i % t.Rows]];
            }

            return result;
        }

        string[][]? reasons = null;
        if (t.Texts.ContainsKey("reason_1"))
        {
            var columns = new[] { Texts("reason_1"), Texts("reason_2"), Texts("reason_3") };
            reasons = new string[n][];
            for (var i = 0; i < n; i++)
            {
                reasons[i] = [columns[0][i] ?? "", columns[1][i] ?? "", columns[2][i] ?? ""];
            }
        }

        ProductSuggestion[][]? next = null;
        if (t.Numbers.ContainsKey(ProfileSnapshot.NextField(1, "score")))
        {
            // The template's suggestions once per template row, shared by the customers that copy it.
            var perRow = new ProductSuggestion[t.Rows][];
            var ranks = new List<ProductSuggestion>();
            for (var row = 0; row < t.Rows; row++)
            {
                ranks.Clear();
                for (var r = 1; t.Numbers.TryGetValue(ProfileSnapshot.NextField(r, "score"), out var scores); r++)
                {
                    string? Text(string field)
                    {
                        var (pool, codes) = t.Texts[ProfileSnapshot.NextField(r, field)];
                        return pool[codes[row]];
                    }

                    if (Text("product_id") is { } product)
                    {
                        ranks.Add(new ProductSuggestion(product, Text("name") ?? product, scores[row], Text("source") ?? "", Text("reason") ?? ""));
                    }
                }

                perRow[row] = [.. ranks];
            }

            next = new ProductSuggestion[n][];
            for (var i = 0; i < n; i++)
            {
                next[i] = perRow[i % t.Rows];
            }
        }

        var flags = t.Flags.GetValueOrDefault("high_value_flag");
        var p = new Predictions
        {
            Ids = ids,
            Segments = Array.ConvertAll(Texts("segment"), s => s ?? ""),
            Actions = Array.ConvertAll(Texts("recommended_action"), s => s ?? ""),
            Monetary = Numbers("predicted_clv") ?? new double[n],
            Churn = Numbers("churn_probability"),
            Repeat = Numbers("repeat_probability"),
            HighValue = Numbers("high_value_probability"),
            HighValueFlag = flags is null ? null : Array.ConvertAll(Repeat(flags, n), f => f == 1),
            Clv = Numbers("predicted_clv"),
            ClvLower = Numbers("predicted_clv_lower"),
            ClvUpper = Numbers("predicted_clv_upper"),
            PAlive = Numbers("p_alive"),
            ExpectedPurchases = Numbers("expected_purchases"),
            Reasons = reasons,
            NextProducts = next,
        };
        var features = new List<ProfileSnapshotWriter.Feature>();
        foreach (var name in t.Names)
        {
            if (name.StartsWith(ProfileSnapshot.FeaturePrefix, StringComparison.Ordinal))
            {
                var feature = name[ProfileSnapshot.FeaturePrefix.Length..];
                features.Add(t.Numbers.ContainsKey(name) ? new(feature, Numbers(name), null) : new(feature, null, Texts(name)));
            }
        }

        return (p, features);
    }

    private static T[] Repeat<T>(T[] values, int n)
    {
        var result = new T[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = values[i % values.Length];
        }

        return result;
    }
}
