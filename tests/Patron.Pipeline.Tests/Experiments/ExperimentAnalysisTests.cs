using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Learning.Experiments;
using Patron.Pipeline.Experiments;
using Patron.Warehouse;

namespace Patron.Pipeline.Tests.Experiments;

/// <summary>The analysis on a warehouse whose silver orders the test writes itself, with a known treatment effect.</summary>
public sealed class ExperimentAnalysisTests
{
    private static readonly DateOnly Start = new(2025, 3, 1);

    // 1,200 customers; each buys (amount 20 + i % 37) on day (i % 50) of the window when i % 3 != 0, and once in the
    // pre-period; treated customers buy once more, 50.00, on day 10. Returns one line per customer-order.
    private static (DuckDbConnection Connection, string[] Ids, string[] Variants, double[] Revenue) Shop(bool withEffect)
    {
        var connection = DuckDbConnection.OpenInMemory();
        WarehouseSchema.Ensure(connection);
        var ids = new string[1200];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = string.Create(CultureInfo.InvariantCulture, $"K{i:D5}");
        }

        var strata = ids.Select((_, i) => i % 4 == 0 ? "a" : "b").ToArray();
        var arms = HashAssignment.Assign(ids, strata, [1, 1], 99);
        var variants = arms.Select(a => a == 0 ? "control" : "treatment").ToArray();
        var revenue = new double[ids.Length];
        var sql = new StringBuilder();
        var order = 0;
        void Order(string customer, DateOnly day, double amount)
        {
            order++;
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, source, _source_file, _ingested_at) VALUES ('o{order}', '{customer}', TIMESTAMP '{day:yyyy-MM-dd} 12:00:00', 'completed', TRUE, FALSE, 'test', 't.csv', TIMESTAMP '2030-01-01 00:00:00');\n");
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO silver.order_lines (order_id, line_number, product_id, quantity, unit_price, discount, line_amount, is_return, is_outlier, source, _source_file, _ingested_at) VALUES ('o{order}', 1, 'p', 1, {amount:R}, 0, {amount:R}, FALSE, FALSE, 'test', 't.csv', TIMESTAMP '2030-01-01 00:00:00');\n");
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Order(ids[i], Start.AddDays(-30 - i % 20), 10 + i % 13);
            if (i % 3 != 0)
            {
                Order(ids[i], Start.AddDays(i % 50), 20 + i % 37);
                revenue[i] += 20 + i % 37;
            }

            if (withEffect && arms[i] == 1)
            {
                Order(ids[i], Start.AddDays(10), 50);
                revenue[i] += 50;
            }
        }

        connection.Execute(sql.ToString());
        return (connection, ids, variants, revenue);
    }

    [Fact]
    public void Run_KnownEffect_LiftEqualsTheDifferenceOfArmMeansAndIsSignificant()
    {
        var (connection, ids, variants, revenue) = Shop(withEffect: true);
        using var owned = connection;

        var analysis = ExperimentAnalysis.Run(connection, ids, variants, Start, 60, ["revenue", "orders", "conversion"], cuped: true);

        double sumC = 0, sumT = 0;
        int nC = 0, nT = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (variants[i] == "control")
            {
                sumC += revenue[i];
                nC++;
            }
            else
            {
                sumT += revenue[i];
                nT++;
            }
        }

        var r = analysis.Metrics.Single(m => m.Metric == "revenue");
        Assert.Equal("control", analysis.Control);
        Assert.Equal(nC, r.Raw.Control.Count);
        Assert.Equal(nT, r.Raw.Treatment.Count);
        Assert.Equal(sumT / nT - sumC / nC, r.Raw.AbsoluteLift, 9);
        Assert.True(r.Raw.CiLow < 50 && 50 < r.Raw.CiHigh + 10, $"interval {r.Raw.CiLow} to {r.Raw.CiHigh}");
        Assert.True(r.HolmPValue < 1e-6);
        var orders = analysis.Metrics.Single(m => m.Metric == "orders");
        Assert.Equal(1.0, orders.Raw.AbsoluteLift, 1);
        Assert.NotNull(r.Cuped);
        Assert.False(analysis.SampleRatio.Flag);
        Assert.Contains("treatment raised revenue", analysis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoEffect_NothingSignificantAndHolmNotBelowRaw()
    {
        var (connection, ids, variants, _) = Shop(withEffect: false);
        using var owned = connection;

        var analysis = ExperimentAnalysis.Run(connection, ids, variants, Start, 60, ["revenue", "orders", "conversion"], cuped: false);

        foreach (var m in analysis.Metrics)
        {
            Assert.Null(m.Cuped);
            Assert.True(m.HolmPValue >= m.Raw.PValue);
            Assert.True(m.AlwaysValidPValue >= 0.05, $"{m.Metric}: always-valid p {m.AlwaysValidPValue}");
        }

        Assert.Contains("no difference shown", analysis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ArmsFarFromTheirDesignedShares_FlagsSampleRatioMismatch()
    {
        var (connection, ids, _, _) = Shop(withEffect: false);
        using var owned = connection;
        var skewed = ids.Select((_, i) => i % 10 < 6 ? "control" : "treatment").ToArray();

        var analysis = ExperimentAnalysis.Run(connection, ids, skewed, Start, 60, ["revenue"], cuped: false);

        Assert.True(analysis.SampleRatio.Flag);
        Assert.StartsWith("Sample ratio mismatch", analysis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void AssignmentFile_WriteThenRead_RoundTripsQuotedIdsAndRefusesDuplicates()
    {
        using var folder = new TempFolder();
        var path = folder.File("a.csv");
        AssignmentFile.Write(path, ["a,1", "b\"2", "c"], ["control", "treatment", "control"]);

        var (ids, variants) = AssignmentFile.Read(path);

        Assert.Equal(["a,1", "b\"2", "c"], ids);
        Assert.Equal(["control", "treatment", "control"], variants);
        File.AppendAllText(path, "c,treatment\n");
        var error = Assert.Throws<InvalidDataException>(() => AssignmentFile.Read(path));
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_Analysis_HasTheDocumentedFieldsAndNoNonFiniteNumbers()
    {
        var (connection, ids, variants, _) = Shop(withEffect: true);
        using var owned = connection;
        using var folder = new TempFolder();
        var analysis = ExperimentAnalysis.Run(connection, ids, variants, Start, 60, ["revenue", "conversion"], cuped: true);

        ExperimentJson.WriteAnalysis(analysis, folder.File("a.json"));
        ExperimentHtml.Write(analysis, folder.File("a.html"));

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.File("a.json")));
        var metric = json.RootElement.GetProperty("metrics")[0];
        foreach (var name in new[] { "metric", "control", "treatment", "absolute_lift", "relative_lift", "ci_low", "ci_high", "p_value", "p_value_holm", "p_value_always_valid", "cuped" })
        {
            Assert.True(metric.TryGetProperty(name, out _), name);
        }

        Assert.Equal(analysis.Metrics[0].Raw.Control.Count, metric.GetProperty("control").GetProperty("n").GetInt64());
        var srm = json.RootElement.GetProperty("srm");
        Assert.False(srm.GetProperty("flag").GetBoolean());
        Assert.Contains("<svg", File.ReadAllText(folder.File("a.html")), StringComparison.Ordinal);
    }
}
