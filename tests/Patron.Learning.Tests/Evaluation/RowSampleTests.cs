using Patron.Learning.Evaluation;

namespace Patron.Learning.Tests.Evaluation;

public sealed class RowSampleTests
{
    [Theory]
    [InlineData(100, 100)]
    [InlineData(100, 500)]
    [InlineData(100, 0)]
    public void Stratified_EveryRowFits_ReturnsNull(int rows, int max)
    {
        Assert.Null(RowSample.Stratified(new double[rows], max, seed: 1));
    }

    [Fact]
    public void Stratified_BinaryLabels_ExactSizeSortedDistinctAndClassShareKept()
    {
        // 10,000 rows, 7 % positive, sampled to 1,000: the sample holds round(1000 × 0.07) = 70 positives.
        var y = new double[10_000];
        for (var i = 0; i < y.Length; i += 100)
        {
            for (var k = 0; k < 7; k++)
            {
                y[i + (k * 13)] = 1;
            }
        }

        var rows = RowSample.Stratified(y, 1_000, seed: 42)!;

        Assert.Equal(1_000, rows.Length);
        for (var k = 1; k < rows.Length; k++)
        {
            Assert.True(rows[k] > rows[k - 1], "rows must be ascending and distinct");
        }

        Assert.Equal(70, rows.Count(r => y[r] == 1));
        Assert.InRange(rows[0], 0, y.Length - 1);
        Assert.InRange(rows[^1], 0, y.Length - 1);
    }

    [Fact]
    public void Stratified_SpendLabels_ZeroShareKept()
    {
        // Future spend: 80 % zero, the rest positive amounts.
        var y = new double[5_000];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = i % 5 == 0 ? 10 + i : 0;
        }

        var rows = RowSample.Stratified(y, 500, seed: 9)!;

        Assert.Equal(500, rows.Length);
        Assert.Equal(100, rows.Count(r => y[r] > 0));
    }

    [Fact]
    public void Stratified_SameSeedSameRows_OtherSeedOtherRows()
    {
        var y = new double[3_000];
        for (var i = 0; i < y.Length; i += 3)
        {
            y[i] = 1;
        }

        var a = RowSample.Stratified(y, 400, seed: 5)!;
        var b = RowSample.Stratified(y, 400, seed: 5)!;
        var c = RowSample.Stratified(y, 400, seed: 6)!;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Stratified_RowsSpreadOverTheWholeRange()
    {
        // A uniform sample of 1,000 from 100,000 puts about 100 rows in each tenth; a biased draw (e.g. the first rows) would not.
        var rows = RowSample.Stratified(new double[100_000], 1_000, seed: 3)!;

        var perTenth = new int[10];
        foreach (var r in rows)
        {
            perTenth[r / 10_000]++;
        }

        Assert.All(perTenth, n => Assert.InRange(n, 60, 140));
    }

    [Fact]
    public void Pick_ReturnsValuesAtRows()
    {
        Assert.Equal([3.0, 5.0], RowSample.Pick([1.0, 2.0, 3.0, 4.0, 5.0], [2, 4]));
    }
}
