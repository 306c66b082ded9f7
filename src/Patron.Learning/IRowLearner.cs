using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning;

/// <summary>A learner that trains on some rows of a matrix shared with other fits, reading them in place instead of a
/// copy, and that can share the matrix's bins with those fits.</summary>
internal interface IRowLearner
{
    /// <summary>Trains on <paramref name="rows"/> (ascending; null = every row) of <paramref name="x"/>.</summary>
    /// <param name="x">The shared matrix.</param>
    /// <param name="bins">Bins shared between fits, or null.</param>
    /// <param name="rows">The training rows, ascending, or null for every row.</param>
    /// <param name="y">One label per training row.</param>
    /// <param name="sampleWeight">One weight per training row, or empty.</param>
    IPredictor Fit(FeatureMatrix x, SharedBins? bins, int[]? rows, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight);
}
