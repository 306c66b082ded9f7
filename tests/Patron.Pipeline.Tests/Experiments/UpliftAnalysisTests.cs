using System.Globalization;
using Patron.Demo;
using Patron.Demo.Experiment;
using Patron.Features.Build;
using Patron.Learning.Uplift;
using Patron.Pipeline.Experiments;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Xunit.Abstractions;

namespace Patron.Pipeline.Tests.Experiments;

/// <summary>A demo shop with a simulated experiment whose effect depends on the customer (docs/demo-shop.md,
/// "Experiment"), ingested once, with features at the experiment's start.</summary>
public sealed class UpliftShopFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public UpliftShopFixture()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = _folder.File("shop"),
            Customers = 5000,
            Seed = 21,
            Clean = true,
            SessionsPerOrder = 0,
            Experiment = new DemoExperimentOptions(),
        });
        Experiment = shop.Experiment!;
        Warehouse = _folder.File("w.duckdb");
        new Ingestor().Ingest(Warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(Warehouse);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Experiment.Start, Kpis = false });
        (Ids, Variants) = AssignmentFile.Read(Experiment.AssignmentsPath);
        Truth = File.ReadAllLines(Experiment.TruthPath).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (Revenue: double.Parse(f[7], CultureInfo.InvariantCulture), Conversion: double.Parse(f[8], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
    }

    public DemoExperimentResult Experiment { get; }

    public string Warehouse { get; }

    public string[] Ids { get; }

    public string[] Variants { get; }

    public Dictionary<string, (double Revenue, double Conversion)> Truth { get; }

    public string PathOf(string name) => _folder.File(name);

    public UpliftAnalysis Analyze(long seed)
    {
        using var connection = WarehouseFile.Open(Warehouse, readOnly: true);
        return UpliftAnalysis.Run(connection, Ids, Variants, Experiment.Start, Experiment.WindowDays, 5, seed);
    }

    public void Dispose() => _folder.Dispose();
}

public sealed class UpliftAnalysisTests(UpliftShopFixture shop, ITestOutputHelper output) : IClassFixture<UpliftShopFixture>
{
    [Fact]
    public void Run_HeterogeneousDemoExperiment_RankingBeatsRandomAndTracksTheTruth()
    {
        var analysis = shop.Analyze(3);
        foreach (var r in analysis.Results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Metric} {r.Name}: Qini {r.Metrics.Qini:F4} (random {r.Metrics.QiniRandom:F4}), AUUC {r.Metrics.Auuc:F4} (random {r.Metrics.AuucRandom:F4}), uplift@10% {r.Metrics.UpliftAtK[0].Uplift:F3}, correlation with truth {Correlation(analysis, r):F3}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"true average uplift {shop.Experiment.AverageUpliftRevenue:F3} revenue, {shop.Experiment.AverageUpliftConversion:F4} conversion; observed {analysis.AverageEffect("revenue"):F3}, {analysis.AverageEffect("conversion"):F4}"));
        foreach (var metric in UpliftAnalysis.Metrics)
        {
            foreach (var kind in (UpliftLearnerKind[])[UpliftLearnerKind.TLearner, UpliftLearnerKind.XLearner])
            {
                var r = analysis.Result(kind, metric);
                Assert.True(r.Metrics.QiniGain > 0, $"{metric} {r.Name}: Qini {r.Metrics.Qini:F4} is not above random {r.Metrics.QiniRandom:F4}");
            }
        }

        Assert.True(Correlation(analysis, analysis.Result(UpliftLearnerKind.XLearner, "revenue")) > 0.2);
        Assert.True(Correlation(analysis, analysis.Result(UpliftLearnerKind.XLearner, "conversion")) > 0.2);
        Assert.All(analysis.Reasons, r => Assert.False(string.IsNullOrEmpty(r[0])));
        // The customer the action would cost most is told what lowers their uplift first; the best one what raises it.
        var order = UpliftOutput.TargetOrder(analysis);
        Assert.EndsWith("(raises the uplift)", analysis.Reasons[order[0]][0], StringComparison.Ordinal);
        Assert.EndsWith("(lowers the uplift)", analysis.Reasons[order[^1]][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameSeed_SameBytes_OtherSeed_OtherEstimates()
    {
        var a = shop.Analyze(5);
        var b = shop.Analyze(5);
        UpliftOutput.WriteTargets(a, shop.PathOf("a.csv"));
        UpliftOutput.WriteTargets(b, shop.PathOf("b.csv"));
        UpliftOutput.WriteJson(a, shop.PathOf("a.json"));
        UpliftOutput.WriteJson(b, shop.PathOf("b.json"));
        UpliftOutput.WriteHtml(a, shop.PathOf("a.html"));

        Assert.Equal(File.ReadAllBytes(shop.PathOf("a.csv")), File.ReadAllBytes(shop.PathOf("b.csv")));
        Assert.Equal(File.ReadAllBytes(shop.PathOf("a.json")), File.ReadAllBytes(shop.PathOf("b.json")));
        Assert.Contains("<svg", File.ReadAllText(shop.PathOf("a.html")), StringComparison.Ordinal);
        var c = shop.Analyze(6);
        Assert.NotEqual(a.Result(UpliftLearnerKind.XLearner, "revenue").Uplift, c.Result(UpliftLearnerKind.XLearner, "revenue").Uplift);

        // The list: every customer once, sorted by uplift, the running sum adding up.
        var rows = File.ReadAllLines(shop.PathOf("a.csv")).Skip(1).Select(Fields).ToArray();
        Assert.Equal(shop.Ids.Length, rows.Length);
        Assert.Equal(shop.Ids.Length, rows.Select(r => r[1]).Distinct().Count());
        var cumulative = 0.0;
        var previous = double.PositiveInfinity;
        foreach (var r in rows)
        {
            var uplift = double.Parse(r[3], CultureInfo.InvariantCulture);
            Assert.True(uplift <= previous);
            previous = uplift;
            cumulative += uplift;
            // Each row is written to 6 decimals, so the sum of the written values drifts from the written running sum by
            // at most half a millionth per row.
            Assert.True(Math.Abs(cumulative - double.Parse(r[5], CultureInfo.InvariantCulture)) < 1e-6 * rows.Length, $"rank {r[0]}");
        }
    }

    [Fact]
    public void Run_ThreeArms_FailsNamingThem()
    {
        var variants = shop.Variants.Select((v, i) => i % 3 == 0 ? "other" : v).ToArray();
        using var connection = WarehouseFile.Open(shop.Warehouse, readOnly: true);
        var error = Assert.Throws<InvalidOperationException>(() => UpliftAnalysis.Run(connection, shop.Ids, variants, shop.Experiment.Start, 90));
        Assert.Contains("other", error.Message, StringComparison.Ordinal);
    }

    private double Correlation(UpliftAnalysis analysis, UpliftLearnerResult result)
    {
        var truth = analysis.Ids.Select(id => result.Metric == "revenue" ? shop.Truth[id].Revenue : shop.Truth[id].Conversion).ToArray();
        return Pearson(result.Uplift, truth);
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    // Splits a CSV line whose later fields may be quoted.
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
