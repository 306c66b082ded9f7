using Patron.Learning.Drift;

namespace Patron.Learning.Tests.Drift;

public sealed class TwoSampleStatisticsTests
{
    [Fact]
    public void Psi_ThreeBins_EqualsHandComputedValue()
    {
        // Shares 0.5/0.3/0.2 against 0.3/0.3/0.4: (0.2)·ln(5/3) + 0 + (−0.2)·ln(1/2).
        var expected = 0.2 * Math.Log(0.5 / 0.3) + -0.2 * Math.Log(0.2 / 0.4);

        var psi = TwoSampleStatistics.Psi([50, 30, 20], [30, 30, 40], 1e-4);

        Assert.Equal(expected, psi, 1e-15);
        Assert.Equal(0.24079456086518716, psi, 1e-12);
    }

    [Fact]
    public void Psi_EmptyBin_UsesEpsilonShare()
    {
        // Reference 0.5/0.5/0, current 0.25/0.25/0.5: the empty reference bin counts as 1e-4.
        var expected = 0.25 * Math.Log(0.5 / 0.25) * 2 + (1e-4 - 0.5) * Math.Log(1e-4 / 0.5);

        Assert.Equal(expected, TwoSampleStatistics.Psi([10, 10, 0], [5, 5, 10], 1e-4), 1e-14);
    }

    [Fact]
    public void Psi_SameShares_IsZero() =>
        Assert.Equal(0.0, TwoSampleStatistics.Psi([10, 20, 30], [100, 200, 300], 1e-4), 1e-15);

    [Fact]
    public void JensenShannon_TwoBins_EqualsHandComputedValue()
    {
        // r = (1/2, 1/2), c = (1/4, 3/4), m = (3/8, 5/8); divergence in bits, distance its square root.
        var divergence = 0.5 * (0.5 * Math.Log2(0.5 / 0.375) + 0.5 * Math.Log2(0.5 / 0.625))
            + 0.5 * (0.25 * Math.Log2(0.25 / 0.375) + 0.75 * Math.Log2(0.75 / 0.625));

        Assert.Equal(Math.Sqrt(divergence), TwoSampleStatistics.JensenShannon([2, 2], [1, 3]), 1e-15);
    }

    [Fact]
    public void JensenShannon_DisjointSupports_IsOne() =>
        Assert.Equal(1.0, TwoSampleStatistics.JensenShannon([5, 0], [0, 7]), 1e-15);

    [Fact]
    public void QuantileEdges_HeavyTiesAtZero_OneEdgeAtZero()
    {
        // 60 % zeros: the deciles 1..6 are all 0 and collapse into one edge; the rest are distinct values.
        var reference = new double[100];
        for (var i = 60; i < 100; i++)
        {
            reference[i] = i;
        }

        var edges = TwoSampleStatistics.QuantileEdges(reference, 10);

        Assert.Equal([0.0, 69.0, 79.0, 89.0], edges);
    }

    [Fact]
    public void QuantileEdges_HeavyTiesAtMaximum_SplitBelowMaximum()
    {
        // 95 % of the values are the maximum 1: the split goes just below it, so neither bin is empty.
        var reference = new double[100];
        Array.Fill(reference, 1.0, 5, 95);

        var edges = TwoSampleStatistics.QuantileEdges(reference, 10);
        var counts = new long[edges.Length + 1];
        TwoSampleStatistics.BinCounts(reference, edges, counts);

        Assert.Equal([0.0], edges);
        Assert.Equal([5L, 95L], counts);
    }

    [Fact]
    public void BinCounts_ValuesOnEdges_GoToLowerBin()
    {
        var counts = new long[3];

        TwoSampleStatistics.BinCounts([1, 2, 2, 3, 4, 5, 9], [2, 4], counts);

        Assert.Equal([3L, 2L, 2L], counts);
    }

    [Fact]
    public void Wasserstein_ShiftedCopy_IsTheShift()
    {
        double[] reference = [1, 2, 3, 4];
        double[] current = [3.5, 4.5, 5.5, 6.5];

        Assert.Equal(2.5, TwoSampleStatistics.Wasserstein(reference, current), 1e-15);
    }

    [Fact]
    public void KolmogorovSmirnov_IdenticalSamples_StatisticZeroPValueOne()
    {
        double[] values = [1, 2, 2, 3, 5];

        var result = TwoSampleStatistics.KolmogorovSmirnov(values, values);

        Assert.Equal(0.0, result.Statistic);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void WassersteinNoiseScale_TwoPoints_IsHalfTheGap() =>
        // F = 1/2 between the two values: √(1/4) · (3 − 1) = 1.
        Assert.Equal(1.0, TwoSampleStatistics.WassersteinNoiseScale([1, 3]), 1e-15);
}
