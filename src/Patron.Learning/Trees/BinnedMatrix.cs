using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>A feature matrix turned into byte bin codes, column-major, with the bins of every feature.</summary>
/// <remarks>Built once per training; the growers read it concurrently. Immutable after construction.</remarks>
internal sealed class BinnedMatrix
{
    internal BinnedMatrix(FeatureBins[] bins, byte[][] codes, int rowCount)
    {
        Bins = bins;
        Codes = codes;
        RowCount = rowCount;
        BinOffsets = new int[bins.Length + 1];
        for (var f = 0; f < bins.Length; f++)
        {
            BinOffsets[f + 1] = BinOffsets[f] + bins[f].BinCount + 1;
        }
    }

    public FeatureBins[] Bins { get; }

    /// <summary>One array of bin codes per feature.</summary>
    public byte[][] Codes { get; }

    public int RowCount { get; }

    public int FeatureCount => Bins.Length;

    /// <summary>Start of each feature's slots (value bins then the missing bin) in a flat histogram; the last entry is
    /// the total slot count.</summary>
    public int[] BinOffsets { get; }

    public static BinnedMatrix Build(FeatureMatrix x, int maxBins, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(x);
        var features = x.ColumnCount;
        var bins = new FeatureBins[features];
        var codes = new byte[features][];
        Parallel.For(0, features, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, f =>
            (bins[f], codes[f]) = BinColumn(x.Schema[f], x.GetColumnArray(f), maxBins));
        return new BinnedMatrix(bins, codes, x.RowCount);
    }

    /// <summary>The bins of one column, fitted on its values, and the code of every cell.</summary>
    internal static (FeatureBins Bins, byte[] Codes) BinColumn(FeatureSpec spec, float[] column, int maxBins)
    {
        var b = BinMapper.Fit(spec, column, maxBins);
        var target = new byte[column.Length];
        for (var i = 0; i < column.Length; i++)
        {
            target[i] = b.BinOf(column[i]);
        }

        return (b, target);
    }
}
