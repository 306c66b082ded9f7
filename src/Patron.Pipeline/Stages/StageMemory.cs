using System.Runtime;

namespace Patron.Pipeline.Stages;

/// <summary>Hands the managed heap's free memory back to the operating system between stages.</summary>
/// <remarks>
/// The models stage holds large matrices and score arrays that die with it; the garbage collector frees them but keeps
/// the memory committed for later allocations, so without this the process's resident size stays at the models stage's
/// peak while the DuckDB stages after it (drift, dashboard) add their buffer pool on top. An aggressive collection
/// compacts the heap, the large object heap included, and decommits the free regions. It is blocking and costs a few
/// milliseconds per hundred megabytes still alive, so it runs only when enough is committed to be worth returning.
/// </remarks>
internal static class StageMemory
{
    /// <summary>Below this much managed memory (live or dead) a stage's end leaves the heap alone.</summary>
    public const long ThresholdBytes = 256L << 20;

    /// <summary>Collects and decommits when the managed heap holds at least <paramref name="thresholdBytes"/>: the larger of
    /// what it held at the last collection (committed) and what it holds now, dead objects included. Returns that size and
    /// the committed bytes after the collection (equal when nothing ran).</summary>
    public static (long Before, long After) Release(long thresholdBytes = ThresholdBytes)
    {
        // The memory info describes the last collection; the bytes in use count what was allocated since.
        var before = Math.Max(GC.GetGCMemoryInfo().TotalCommittedBytes, GC.GetTotalMemory(forceFullCollection: false));
        if (before < thresholdBytes)
        {
            return (before, before);
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return (before, GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes);
    }
}
