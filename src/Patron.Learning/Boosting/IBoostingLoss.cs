using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>A loss as a strategy: its start value, per-row derivatives in raw-score space, its value and its link.</summary>
internal interface IBoostingLoss
{
    /// <summary>Name used in the model file.</summary>
    string Name { get; }

    TaskKind Task { get; }

    /// <summary>Throws when a label is outside the loss's domain.</summary>
    void ValidateLabels(ReadOnlySpan<double> y);

    /// <summary>The constant raw score that minimizes the loss (from the weighted label mean).</summary>
    double BaseScore(ReadOnlySpan<double> y, ReadOnlySpan<double> weight);

    /// <summary>Writes the first and second derivatives of each row's weighted loss at its raw score, and returns the
    /// weighted loss and weight summed over the rows at those same scores (one pass instead of two).</summary>
    (double Sum, double Weight) Gradients(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw, Span<GradientPair> target);

    /// <summary>The weighted loss summed over the rows, and the weight summed over the rows.</summary>
    (double Sum, double Weight) LossSum(ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw);

    /// <summary>Maps a raw score to a prediction (probability or mean).</summary>
    double Transform(double raw);
}
