using Patron.Features.Frames;
using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Lifetime;
using Patron.Lifetime;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;
using Patron.Lifetime.Prediction;

namespace Patron.Pipeline.Data;

/// <summary>BG/NBD and Gamma-Gamma fitted on the history before one cutoff, with their per-customer outputs aligned
/// to a <see cref="CustomerFrame"/> of the same cutoff.</summary>
/// <remarks>The models see no label: they are fitted on the same history the features use, so fitting them at the
/// cutoff they score is not a leak. Customers the summary lacks get NaN.</remarks>
internal sealed class LifetimeScores
{
    private LifetimeScores(BgNbdModel model, GammaGammaModel? spend, IReadOnlyList<KeyValuePair<string, double[]>> columns)
    {
        Model = model;
        Spend = spend;
        Columns = columns;
    }

    public BgNbdModel Model { get; }

    public GammaGammaModel? Spend { get; }

    /// <summary>p_alive, expected_spend, expected_purchases_h, p_no_purchase_h, expected_clv_h (h in days).</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Columns { get; }

    public double[] Column(string name)
    {
        foreach (var (key, values) in Columns)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return values;
            }
        }

        throw new KeyNotFoundException($"The lifetime outputs have no column '{name}'.");
    }

    public static string Suffix(int days) => days.ToString(CultureInfo.InvariantCulture);

    /// <summary>Fits at <paramref name="frame"/>'s cutoff and computes outputs over <paramref name="horizons"/> days;
    /// null when the BG/NBD fit fails (too few repeat buyers), with the reason in <paramref name="failure"/>.</summary>
    public static LifetimeScores? Fit(DuckDbConnection connection, CustomerFrame frame, IReadOnlyList<double> horizons, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(frame);
        failure = null;

        // The summary and the features take the same exclusive cutoff, so both see the purchases before it.
        var summary = LifetimeSummaryQuery.Run(connection, frame.Cutoff, null, TimeUnit.Days);
        BgNbdModel model;
        try
        {
            model = BgNbdFitter.Fit(summary);
        }
        catch (LifetimeFitException e)
        {
            failure = $"BG/NBD at {frame.Cutoff:yyyy-MM-dd}: {e.Message}";
            return null;
        }

        var spend = FitSpend(summary, ref failure);
        var columns = LifetimeFeatures.Compute(summary, model, spend, horizons);
        var position = new Dictionary<string, int>(summary.Count, StringComparer.Ordinal);
        for (var i = 0; i < summary.Count; i++)
        {
            position[summary.CustomerIds[i]] = i;
        }

        var aligned = new List<KeyValuePair<string, double[]>>(columns.Count);
        foreach (var (name, values) in columns)
        {
            var target = new double[frame.Count];
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = position.TryGetValue(frame.Ids[i], out var k) ? values[k] : double.NaN;
            }

            aligned.Add(new(name, target));
        }

        return new LifetimeScores(model, spend, aligned);
    }

    private static GammaGammaModel? FitSpend(CustomerSummary summary, ref string? failure)
    {
        var spend = summary.MeanRepeatSpend!;
        var frequency = new int[summary.Count];
        for (var i = 0; i < frequency.Length; i++)
        {
            // Days whose purchases net to zero or less (free items, price defects) carry no spend information.
            frequency[i] = spend[i] > 0 && double.IsFinite(spend[i]) ? summary.Frequency[i] : 0;
        }

        try
        {
            var model = GammaGammaFitter.Fit(frequency, spend, summary.CustomerIds);
            return model.Q > 1 ? model : null;
        }
        catch (LifetimeFitException e)
        {
            failure = $"Gamma-Gamma: {e.Message}";
            return null;
        }
    }
}
