using Patron.DuckDb;
using Patron.Features.Lifetime;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;
using Patron.Lifetime.Prediction;
using Patron.Warehouse;

namespace Patron.Features.Tests.Lifetime;

public sealed class LifetimeScoresTests
{
    private static readonly DateOnly Cutoff = new(1997, 10, 1);

    [Fact]
    public void Read_AfterBuildOnCdnow_GivesTheOutputsOfTheFitInTheAskedOrder()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        LifetimeSummaryQueryTests.LoadCdnowIntoSilver(connection, Path.Combine(TestData.CdnowFolder, "CDNOW_sample.txt"));
        var summary = LifetimeSummaryQuery.Run(connection, Cutoff, null, TimeUnit.Days);
        var model = BgNbdFitter.Fit(summary);
        var expected = LifetimeFeatures.Compute(summary, model, null, [90.0, 365.0]);

        var failure = LifetimeScores.Build(connection, Cutoff, [90, 365]);
        string[] ids = [summary.CustomerIds[5], "nobody", summary.CustomerIds[0]];
        var read = LifetimeScores.Read(connection, Cutoff, ids, [365.0, 90.0], out var readFailure);

        Assert.NotNull(read);
        Assert.Equal(failure, readFailure);
        Assert.Equal(model.Parameters, read.Model.Parameters);
        // Columns follow the asked horizons, in the order LifetimeFeatures.Compute gives them.
        var names = read.Columns.Select(c => c.Key).ToArray();
        var spend = read.Spend is null ? Array.Empty<string>() : ["expected_spend"];
        var clv365 = read.Spend is null ? Array.Empty<string>() : ["expected_clv_365"];
        var clv90 = read.Spend is null ? Array.Empty<string>() : ["expected_clv_90"];
        Assert.Equal([
            "p_alive", .. spend, "expected_purchases_365", "p_no_purchase_365", .. clv365,
            "expected_purchases_90", "p_no_purchase_90", .. clv90,
        ], names);
        foreach (var (name, values) in expected)
        {
            Assert.Equal(values[5], read.Column(name)[0], 12);
            Assert.True(double.IsNaN(read.Column(name)[1]));
            Assert.Equal(values[0], read.Column(name)[2], 12);
        }
    }

    [Fact]
    public void Build_Twice_ReplacesTheRowsOfTheCutoff()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        LifetimeSummaryQueryTests.LoadCdnowIntoSilver(connection, Path.Combine(TestData.CdnowFolder, "CDNOW_sample.txt"));

        LifetimeScores.Build(connection, Cutoff, [90]);
        var once = connection.Scalar<long>("SELECT count(*) FROM gold.customer_lifetime");
        LifetimeScores.Build(connection, Cutoff, [90]);

        Assert.Equal(once, connection.Scalar<long>("SELECT count(*) FROM gold.customer_lifetime"));
        Assert.Equal(once, connection.Scalar<long>($"SELECT count(DISTINCT customer_id) FROM gold.customer_lifetime WHERE cutoff = DATE '1997-10-01' AND horizon_days = 90"));
        Assert.True(LifetimeScores.IsBuilt(connection, [Cutoff]));
        Assert.False(LifetimeScores.IsBuilt(connection, [Cutoff.AddDays(1)]));
    }

    [Fact]
    public void Build_SeveralCutoffsAtOnce_StoresWhatBuildingThemOneByOneStores()
    {
        DateOnly[] cutoffs = [Cutoff, new(1997, 4, 1), new(1998, 1, 1), new(1997, 1, 1)];
        using var single = DuckDbConnection.OpenInMemory();
        using var shared = DuckDbConnection.OpenInMemory();
        LifetimeSummaryQueryTests.LoadCdnowIntoSilver(single, Path.Combine(TestData.CdnowFolder, "CDNOW_sample.txt"));
        LifetimeSummaryQueryTests.LoadCdnowIntoSilver(shared, Path.Combine(TestData.CdnowFolder, "CDNOW_sample.txt"));

        var one = cutoffs.Select(c => LifetimeScores.Build(single, c, [90, 365])).ToArray();
        var heard = new List<DateOnly>();
        var all = LifetimeScores.Build(shared, cutoffs, [90, 365], heard.Add);

        Assert.Equal(one, all);
        Assert.Equal(cutoffs, heard);
        // 1997-01-01 is before the first purchase: its failure is stored like the others' fits.
        Assert.NotNull(all[3]);
        Assert.Equal(GoldRows(single), GoldRows(shared));
        Assert.True(GoldRows(shared).Count > 1000);
        Assert.Equal(0, shared.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary"));
    }

    /// <summary>Every row of the two lifetime tables as text, doubles by their bits, in a fixed order.</summary>
    private static List<string> GoldRows(DuckDbConnection connection)
    {
        var rows = new List<string>();
        foreach (var sql in (string[])[
            "SELECT concat_ws('|', customer_id, cutoff, horizon_days, hash(p_alive), hash(expected_spend), hash(expected_purchases), hash(p_no_purchase), hash(expected_clv)) FROM gold.customer_lifetime ORDER BY ALL",
            "SELECT concat_ws('|', cutoff, model, parameter, hash(value), failure) FROM gold.lifetime_models ORDER BY ALL"])
        {
            using var result = connection.Query(sql);
            for (var i = 0; i < (int)result.RowCount; i++)
            {
                rows.Add(result[0].GetString(i));
            }
        }

        return rows;
    }

    [Fact]
    public void Build_NoPurchaseBeforeTheCutoff_StoresTheFailureAndReadReturnsIt()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(SqlScripts.Load("Silver/schema.sql"));

        var failure = LifetimeScores.Build(connection, Cutoff, [90]);
        var read = LifetimeScores.Read(connection, Cutoff, ["a"], [90.0], out var readFailure);

        Assert.NotNull(failure);
        Assert.StartsWith("BG/NBD at 1997-10-01", failure, StringComparison.Ordinal);
        Assert.Null(read);
        Assert.Equal(failure, readFailure);
        Assert.True(LifetimeScores.IsBuilt(connection, [Cutoff]));
    }

    [Fact]
    public void Read_NothingBuilt_ReturnsNullAndSaysSo()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var read = LifetimeScores.Read(connection, Cutoff, ["a"], [90.0], out var failure);

        Assert.Null(read);
        Assert.Contains("rebuild the features", failure, StringComparison.Ordinal);
        Assert.False(LifetimeScores.IsBuilt(connection, [Cutoff]));
    }
}
