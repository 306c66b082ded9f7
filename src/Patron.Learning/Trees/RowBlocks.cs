namespace Patron.Learning.Trees;

/// <summary>Runs work over fixed-size row blocks in parallel. Block boundaries depend only on the row count, so a sum
/// reduced block by block in block order gives the same bits whatever the thread count.</summary>
internal static class RowBlocks
{
    public const int BlockSize = 16_384;

    public static int Count(int rows) => (rows + BlockSize - 1) / BlockSize;

    /// <summary>Calls <paramref name="body"/>(block, start, end) for every block.</summary>
    public static void For(int rows, int maxDegreeOfParallelism, Action<int, int, int> body)
    {
        var blocks = Count(rows);
        if (blocks <= 1 || maxDegreeOfParallelism == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                body(b, b * BlockSize, Math.Min(rows, (b + 1) * BlockSize));
            }

            return;
        }

        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b =>
            body(b, b * BlockSize, Math.Min(rows, (b + 1) * BlockSize)));
    }
}
