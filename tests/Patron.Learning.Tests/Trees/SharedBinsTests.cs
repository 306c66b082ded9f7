using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Trees;

public sealed class SharedBinsTests
{
    [Fact]
    public void For_WidenedMatrix_SharedColumnsBinnedOnceAndAsAlone()
    {
        var (x, _) = TreeTestData.Churn(3_000, 5);
        var wide = x.WithNumericColumns([new("extra", Enumerable.Range(0, x.RowCount).Select(i => (double)(i % 17)).ToArray())]);
        var bins = new SharedBins();

        var first = bins.For(x, 255, -1);
        var second = bins.For(wide, 255, -1);
        var alone = BinnedMatrix.Build(x, 255, 1);

        for (var f = 0; f < x.ColumnCount; f++)
        {
            Assert.Same(first.Codes[f], second.Codes[f]);
            Assert.Same(first.Bins[f], second.Bins[f]);
            Assert.Equal(alone.Codes[f], first.Codes[f]);
            Assert.Equal(alone.Bins[f].UpperBounds, first.Bins[f].UpperBounds);
        }

        Assert.Equal(x.ColumnCount + 1, second.FeatureCount);
        Assert.NotSame(first.Codes[0], bins.For(x, 16, -1).Codes[0]);
    }

    [Fact]
    public void For_ManyThreadsAskingAtOnce_OneBinningPerColumn()
    {
        var (x, _) = TreeTestData.Churn(5_000, 6);
        var bins = new SharedBins();
        var results = new BinnedMatrix[8];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = bins.For(x, 255, 2));

        foreach (var result in results)
        {
            for (var f = 0; f < x.ColumnCount; f++)
            {
                Assert.Same(results[0].Codes[f], result.Codes[f]);
            }
        }
    }

    [Fact]
    public void For_ColumnsNoLongerReferenced_TheirBinsGoWithThem()
    {
        var bins = new SharedBins();
        var kept = TreeTestData.Churn(2_000, 4).X;
        var binnedKept = bins.For(kept, 255, 1);
        var dropped = BinDropped(bins);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The bins are held beside their column arrays, not keeping them alive: a task's sample of rows and its codes
        // go together, while the columns still in use keep theirs.
        Assert.False(dropped.IsAlive);
        Assert.Equal(kept.ColumnCount, bins.Count);
        Assert.Same(binnedKept.Codes[0], bins.For(kept, 255, 1).Codes[0]);
        GC.KeepAlive(kept);
    }

    // A matrix binned and let go in a frame of its own, so nothing on this stack still refers to it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference BinDropped(SharedBins bins)
    {
        var x = TreeTestData.Churn(2_000, 5).X;
        bins.For(x, 255, 1);
        return new WeakReference(x.GetColumnArray(0));
    }
}
