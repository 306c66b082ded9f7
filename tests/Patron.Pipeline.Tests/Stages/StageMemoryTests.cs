using System.Runtime.CompilerServices;
using Patron.Pipeline.Stages;

namespace Patron.Pipeline.Tests.Stages;

/// <summary>Measures the process's managed heap, so it runs with no other test beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StageMemoryCollection
{
    public const string Name = "Stage memory";
}

[Collection(StageMemoryCollection.Name)]
public sealed class StageMemoryTests
{
    private const int Blocks = 48;
    private const int BlockBytes = 8 << 20;

    [Fact]
    public void Release_AfterLargeGarbage_DecommitsMostOfIt()
    {
        var touched = AllocateAndDrop();

        var (before, after) = StageMemory.Release(thresholdBytes: 0);

        Assert.Equal(Blocks * (long)BlockBytes, touched);
        Assert.True(before >= touched, $"the heap held {before >> 20} MB with {touched >> 20} MB of dead arrays in it");
        // 384 MB of dead arrays: at least three quarters of them must leave the committed heap.
        Assert.True(before - after >= touched * 3 / 4, $"committed {before >> 20} MB before, {after >> 20} MB after");
        Assert.Equal(after, GC.GetGCMemoryInfo().TotalCommittedBytes);
    }

    [Fact]
    public void Release_BelowThreshold_LeavesTheHeapAlone()
    {
        var collections = GC.CollectionCount(GC.MaxGeneration);

        var (before, after) = StageMemory.Release(thresholdBytes: long.MaxValue);

        Assert.Equal(before, after);
        Assert.Equal(collections, GC.CollectionCount(GC.MaxGeneration));
    }

    /// <summary>Fills large arrays (so their pages are committed and resident) and lets them die; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long AllocateAndDrop()
    {
        var blocks = new byte[Blocks][];
        long written = 0;
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = new byte[BlockBytes];
            blocks[i].AsSpan().Fill((byte)(i + 1));
            written += blocks[i].Length;
        }

        GC.KeepAlive(blocks);
        return written;
    }
}
