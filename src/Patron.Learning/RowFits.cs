using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning;

/// <summary>Fits on some rows of a shared matrix: in place for an <see cref="IRowLearner"/>, on a copy of the rows for
/// any other learner.</summary>
internal static class RowFits
{
    /// <summary>Trains <paramref name="learner"/> on <paramref name="rows"/> (ascending; null = every row) of
    /// <paramref name="x"/>; <paramref name="y"/> and <paramref name="sampleWeight"/> hold one value per training row.</summary>
    public static IPredictor Fit(ILearner<IPredictor> learner, FeatureMatrix x, SharedBins? bins, int[]? rows, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(x);
        if (learner is IRowLearner inPlace)
        {
            return inPlace.Fit(x, bins, rows, y, sampleWeight);
        }

        return learner.Fit(rows is null ? x : x.SelectRows(rows), y, sampleWeight);
    }
}
