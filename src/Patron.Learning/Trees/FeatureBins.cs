namespace Patron.Learning.Trees;

/// <summary>How one feature's raw values map to byte bin codes: numeric features by ascending upper bounds, categorical
/// features by level code; missing values go to the last code, <see cref="MissingBin"/>.</summary>
/// <remarks>For numeric features a value <c>v</c> falls in the first bin <c>b</c> with <c>v &lt;= UpperBounds[b]</c>; the last
/// bound is +infinity. Hence "bin &lt;= b" is exactly "v &lt;= UpperBounds[b]", which lets a tree trained on bins score raw
/// floats. Immutable.</remarks>
internal sealed class FeatureBins
{
    public FeatureBins(bool isCategorical, float[] upperBounds, int binCount, int levelCount)
    {
        IsCategorical = isCategorical;
        UpperBounds = upperBounds;
        BinCount = binCount;
        LevelCount = levelCount;
    }

    public bool IsCategorical { get; }

    /// <summary>Ascending bin upper bounds (numeric only; empty for categorical).</summary>
    public float[] UpperBounds { get; }

    /// <summary>Number of value bins (missing excluded); at most 255.</summary>
    public int BinCount { get; }

    /// <summary>Number of categorical levels (0 for numeric). Codes at or past <c>BinCount - 1</c> share the last bin
    /// when there are more levels than bins.</summary>
    public int LevelCount { get; }

    /// <summary>The code of missing values: one past the value bins.</summary>
    public int MissingBin => BinCount;

    /// <summary>The bin of a raw value.</summary>
    public byte BinOf(float value)
    {
        if (float.IsNaN(value))
        {
            return (byte)BinCount;
        }

        if (IsCategorical)
        {
            if (value < 0 || value >= LevelCount)
            {
                return (byte)BinCount;
            }

            var code = (int)value;
            return (byte)Math.Min(code, BinCount - 1);
        }

        // First bound >= value; the last bound is +inf so the answer always exists. The halving has no data-dependent
        // branch (the JIT emits a conditional move), which matters when binning millions of cells.
        var bounds = UpperBounds;
        var lo = 0;
        var length = bounds.Length;
        while (length > 1)
        {
            var half = length >> 1;
            lo = bounds[lo + half - 1] < value ? lo + half : lo;
            length -= half;
        }

        return (byte)lo;
    }
}
