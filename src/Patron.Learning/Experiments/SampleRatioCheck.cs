using Patron.Learning.Statistics;

namespace Patron.Learning.Experiments;

/// <summary>The sample-ratio-mismatch check: do the arms hold the shares the design asked for?</summary>
/// <param name="Expected">Expected units per arm (total × share).</param>
/// <param name="Observed">Units per arm.</param>
/// <param name="Statistic">Pearson's chi-squared Σ (o − e)² / e.</param>
/// <param name="PValue">P(χ²_{k−1} ≥ statistic).</param>
/// <param name="Flag">True when the p-value is below the threshold (0.001 by default): the split is broken and the lifts are not to be trusted.</param>
public sealed record SampleRatioCheck(double[] Expected, long[] Observed, double Statistic, double PValue, bool Flag)
{
    /// <summary>The usual threshold: a mismatch this unlikely under the design is a bug, not chance.</summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>Pearson's goodness-of-fit test of the observed arm sizes against the design's shares (as SciPy's <c>chisquare</c>).</summary>
    public static SampleRatioCheck Test(ReadOnlySpan<long> observed, ReadOnlySpan<double> shares, double threshold = DefaultThreshold)
    {
        if (observed.Length < 2 || observed.Length != shares.Length)
        {
            throw new ArgumentException("An experiment has at least two arms, each with its share.");
        }

        var total = 0L;
        var shareSum = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(observed[i]);
            if (!(shares[i] > 0))
            {
                throw new ArgumentException("Every arm's share must be positive.");
            }

            total += observed[i];
            shareSum += shares[i];
        }

        var expected = new double[observed.Length];
        var statistic = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            expected[i] = total * shares[i] / shareSum;
            var d = observed[i] - expected[i];
            statistic += expected[i] > 0 ? d * d / expected[i] : 0;
        }

        var p = total == 0 ? 1 : ChiSquared.Survival(statistic, observed.Length - 1);
        return new SampleRatioCheck(expected, observed.ToArray(), statistic, p, p < threshold);
    }
}
