namespace Patron.Learning.Uplift;

/// <summary>How well one ranking finds the customers the treatment moves, measured on outcomes it did not see.</summary>
/// <param name="Qini">Area under the Qini curve (fraction scale, outcome units per customer).</param>
/// <param name="QiniRandom">The same area for a random ranking (expected): half the experiment's incremental outcome per customer.</param>
/// <param name="Auuc">Area under the uplift curve (fraction scale).</param>
/// <param name="AuucRandom">The same for a random ranking (expected).</param>
/// <param name="UpliftAtK">Treated minus control mean among the top share of customers, by share (0.1, 0.2, 0.3, 0.5).</param>
/// <param name="QiniCurve">The Qini curve itself.</param>
public sealed record UpliftMetrics(double Qini, double QiniRandom, double Auuc, double AuucRandom, IReadOnlyList<(double Share, double Uplift)> UpliftAtK, UpliftCurve QiniCurve)
{
    /// <summary>The shares uplift@k is reported at.</summary>
    public static IReadOnlyList<double> Shares { get; } = [0.1, 0.2, 0.3, 0.5];

    /// <summary>Qini area above random: positive when the ranking puts the movable customers first.</summary>
    public double QiniGain => Qini - QiniRandom;

    /// <summary>Measures <paramref name="score"/> against the outcomes.</summary>
    public static UpliftMetrics Of(ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, ReadOnlySpan<double> score)
    {
        var qini = UpliftCurves.Qini(outcome, treated, score);
        var uplift = UpliftCurves.Uplift(outcome, treated, score);
        var atK = new List<(double, double)>(Shares.Count);
        foreach (var share in Shares)
        {
            atK.Add((share, UpliftCurves.UpliftAtK(outcome, treated, score, share)));
        }

        return new UpliftMetrics(qini.Area(), qini.RandomArea(), uplift.Area(), uplift.RandomArea(), atK, qini);
    }
}
