using Patron.Learning.Drift;

namespace Patron.Learning.Tests.Drift;

public sealed class DriftDetectorTests
{
    private static readonly DriftOptions Options = new();

    [Fact]
    public void Numeric_SmallReference_JudgedByKs()
    {
        var reference = GoldenSamples.Make(1, 500, "sum3", 0, 1);
        var current = GoldenSamples.Make(2, 500, "sum3", 0.5, 1);

        var drift = DriftDetector.Numeric("x", reference, current, Options);

        Assert.Equal(DriftMethod.KolmogorovSmirnov, drift.Method);
        Assert.True(drift.Drifted);
        Assert.Equal(drift.KsPValue, drift.Statistic);
        Assert.Equal(0.05, drift.Threshold);
    }

    [Fact]
    public void Numeric_LargeReferenceSameDistribution_NotDriftedByWasserstein()
    {
        var reference = GoldenSamples.Make(3, 50_000, "sum3", 0, 1);
        var current = GoldenSamples.Make(4, 40_000, "sum3", 0, 1);

        var drift = DriftDetector.Numeric("x", reference, current, Options);

        Assert.Equal(DriftMethod.WassersteinNormalized, drift.Method);
        Assert.False(drift.Drifted);
        Assert.Equal(0.1, drift.Threshold);
        Assert.True(drift.KsPValue > 0.01);
    }

    [Fact]
    public void Numeric_LargeReferenceShiftedByASixthOfTheSpread_Drifted()
    {
        var reference = GoldenSamples.Make(5, 50_000, "sum3", 0, 1);
        var current = GoldenSamples.Make(6, 40_000, "sum3", 0.1, 1);

        var drift = DriftDetector.Numeric("x", reference, current, Options);

        // sum of three uniforms: σ = 0.5, so the normalized distance is about 0.1 / 0.5 = 0.2.
        Assert.True(drift.Drifted);
        Assert.Equal(0.2, drift.WassersteinNormalized!.Value, 0.03);
    }

    [Fact]
    public void Numeric_ModerateReference_ThresholdRaisedAboveTenthBySampleSize()
    {
        var reference = GoldenSamples.Make(7, 1_500, "sum3", 0, 1);
        var current = GoldenSamples.Make(8, 1_500, "sum3", 0, 1);

        var drift = DriftDetector.Numeric("x", reference, current, Options);

        Assert.Equal(DriftMethod.WassersteinNormalized, drift.Method);
        Assert.True(drift.Threshold > 0.1);
        Assert.Equal(0.1, drift.PsiThreshold);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Numeric_FewDistinctValues_JudgedAsCategories()
    {
        var reference = new double[2_000];
        var current = new double[2_000];
        for (var i = 0; i < reference.Length; i++)
        {
            reference[i] = i % 2;
            current[i] = i % 4 == 0 ? 1 : 0;
        }

        var drift = DriftDetector.Numeric("flag", reference, current, Options);

        Assert.Equal(DriftMethod.JensenShannon, drift.Method);
        Assert.Equal(["0", "1"], drift.Histogram!.Labels);
        Assert.Equal([0.75, 0.25], drift.Histogram.Current);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Numeric_MissingValues_LeftOut()
    {
        double[] reference = [1, double.NaN, 2, 3, 4, 5, 6, 7];
        double[] current = [double.NaN, double.NaN, 1, 2, 3, 4, 5, 6, 7];

        var drift = DriftDetector.Numeric("x", reference, current, Options);

        Assert.Equal(7, drift.ReferenceRows);
        Assert.Equal(7, drift.CurrentRows);
        Assert.Equal(0.0, drift.Ks);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Numeric_EmptySide_NotJudged()
    {
        var drift = DriftDetector.Numeric("x", [1, 2, 3], [double.NaN], Options);

        Assert.Equal(DriftMethod.None, drift.Method);
        Assert.False(drift.Drifted);
        Assert.Null(drift.Psi);
    }

    [Fact]
    public void Categorical_SmallReference_ChiSquaredWithMissingAsCategory()
    {
        var reference = new string?[300];
        var current = new string?[300];
        for (var i = 0; i < 300; i++)
        {
            reference[i] = (i % 3) switch { 0 => "a", 1 => "b", _ => null };
            current[i] = i % 10 == 0 ? null : "a";
        }

        var drift = DriftDetector.Categorical("c", reference, current, Options);

        Assert.Equal(DriftMethod.ChiSquared, drift.Method);
        Assert.True(drift.Drifted);
        Assert.Equal([DriftDetector.MissingCategory, "a", "b"], drift.Histogram!.Labels);
        Assert.Null(drift.Ks);
    }

    [Fact]
    public void DatasetDrift_HalfTheColumnsDrifted_DatasetDrifted()
    {
        ColumnDrift Column(string name, bool drifted) => new() { Name = name, Kind = "numeric", ReferenceRows = 1, CurrentRows = 1, Method = DriftMethod.KolmogorovSmirnov, Drifted = drifted };
        ColumnDrift NotJudged(string name) => new() { Name = name, Kind = "numeric", ReferenceRows = 0, CurrentRows = 1, Method = DriftMethod.None, Drifted = false };

        var drifted = DatasetDrift.Create([Column("a", true), Column("b", false), NotJudged("c")], [Column("churn", false), Column("clv", true)], Options);
        var stable = DatasetDrift.Create([Column("a", true), Column("b", false), Column("c", false)], [], Options);

        Assert.Equal(0.5, drifted.DriftedShare);
        Assert.True(drifted.Drifted);
        Assert.Equal(1.0 / 3, stable.DriftedShare, 1e-15);
        Assert.False(stable.Drifted);
    }
}
