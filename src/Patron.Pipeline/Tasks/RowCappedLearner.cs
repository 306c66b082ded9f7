using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;

namespace Patron.Pipeline.Tasks;

/// <summary>A learner that fits on at most <see cref="MaxRows"/> rows of what it is given: a seeded sample stratified by
/// the label (<see cref="RowSample.Stratified"/>), so a few dozen coefficients are not estimated from half a million
/// rows when a fifth of them pins them down as well. Fewer rows than the cap are fitted as they are.</summary>
/// <remarks>Used for the logistic regression of large tasks (docs/pipeline.md): its L-BFGS passes over every fit row
/// each iteration, so its cost grows with the rows, while the trees, which gain from more rows, keep them all.</remarks>
internal sealed class RowCappedLearner : ILearner<IPredictor>
{
    /// <summary>Rows the logistic regression of a large task fits on.</summary>
    public const int LogisticRows = 100_000;

    /// <param name="inner">The learner that fits the sample.</param>
    /// <param name="maxRows">Most rows it fits on.</param>
    /// <param name="seed">Seed of the sample.</param>
    public RowCappedLearner(ILearner<IPredictor> inner, int maxRows, long seed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        Inner = inner;
        MaxRows = maxRows;
        Seed = seed;
    }

    public ILearner<IPredictor> Inner { get; }

    public int MaxRows { get; }

    public long Seed { get; }

    /// <summary>Wraps <paramref name="learner"/> when a task fits on more than <see cref="LogisticRows"/> rows, else
    /// returns it unchanged.</summary>
    public static ILearner<IPredictor> ForLogistic(ILearner<IPredictor> learner, int rows, long seed) =>
        rows > LogisticRows ? new RowCappedLearner(learner, LogisticRows, seed) : learner;

    /// <summary>Words for a candidate's description: empty when <paramref name="rows"/> fit as they are.</summary>
    public static string Describe(int rows) =>
        rows > LogisticRows ? FormattableString.Invariant($"; fitted on a stratified sample of {LogisticRows:N0} of the fit rows") : "";

    /// <inheritdoc/>
    public IPredictor Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (RowSample.Stratified(y, MaxRows, Seed) is not { } rows)
        {
            return Inner.Fit(x, y, sampleWeight);
        }

        var weights = sampleWeight.IsEmpty ? [] : RowSample.Pick(sampleWeight, rows);
        return Inner.Fit(x.SelectRows(rows), RowSample.Pick(y, rows), weights);
    }
}
