using Patron.Learning.Data;

namespace Patron.Learning.Explain;

/// <summary>The argument rules of explaining a block of rows (<see cref="IExplainable.Contributions(FeatureMatrix, int, int, Span{double}, int)"/>).</summary>
internal static class ContributionBlock
{
    /// <summary>Throws unless rows [start, start + count) exist and <paramref name="phiLength"/> = count × (features + 1);
    /// returns the width of one row's slots.</summary>
    public static int Check(FeatureMatrix x, int start, int count, int phiLength)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, x.RowCount - count);
        var width = x.ColumnCount + 1;
        if (phiLength != (long)count * width)
        {
            throw new ArgumentException($"phi has {phiLength} slots; expected rows x (features + 1) = {count} x {width}.", "phi");
        }

        return width;
    }
}
