using System.Globalization;
using Patron.DuckDb;
using Patron.Lifetime;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;
using Patron.Lifetime.Prediction;

namespace Patron.Features.Lifetime;

/// <summary>BG/NBD and Gamma-Gamma fitted on the history before one cutoff, with their per-customer outputs aligned
/// to a <see cref="Frames.CustomerFrame"/> of the same cutoff.</summary>
/// <remarks>The models see no label: they are fitted on the same history the features use, so fitting them at the
/// cutoff they score is not a leak. <see cref="Build(DuckDbConnection, DateOnly, IReadOnlyList{int})"/> fits and stores the outputs in gold
/// (<c>customer_lifetime</c>, one row per customer and horizon; the parameters in <c>lifetime_models</c>) so every
/// reader of features reads them too; <c>Read</c> reads them back. Customers the summary lacks get NaN.</remarks>
public sealed partial class LifetimeScores
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

    /// <summary>The fitted models without the per-customer outputs: for a cutoff whose matrices already hold the
    /// outputs of the rows they keep, so a column of every customer need not stay alive beside them.</summary>
    public LifetimeScores WithoutColumns() => new(Model, Spend, []);

    public static string Suffix(int days) => days.ToString(CultureInfo.InvariantCulture);

    /// <summary>The fit at <paramref name="cutoff"/>, with outputs in the summary's customer order.</summary>
    /// <remarks><paramref name="purchaseDays"/>: the purchase days' table shared by several cutoffs, or null to read
    /// silver.</remarks>
    private static (LifetimeScores Scores, string[] Customers)? FitAt(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<double> horizons, string? purchaseDays, out string? failure)
    {
        failure = null;

        // The summary and the features take the same exclusive cutoff, so both see the purchases before it.
        var summary = LifetimeSummaryQuery.Run(connection, cutoff, null, TimeUnit.Days, purchaseDays);
        BgNbdModel model;
        try
        {
            model = BgNbdFitter.Fit(summary);
        }
        catch (LifetimeFitException e)
        {
            failure = $"BG/NBD at {cutoff:yyyy-MM-dd}: {e.Message}";
            return null;
        }

        var spend = FitSpend(summary, ref failure);
        IReadOnlyList<KeyValuePair<string, double[]>> columns;
        try
        {
            columns = LifetimeFeatures.Compute(summary, model, spend, horizons);
        }
        catch (AggregateException e) when (e.InnerException is ArgumentException inner)
        {
            // Parameters at the edge of their domain can leave a customer's expectation undefined; the run goes on
            // without lifetime outputs at this cutoff rather than failing.
            failure = $"BG/NBD at {cutoff:yyyy-MM-dd}: the fitted model could not score every customer ({inner.Message})";
            return null;
        }

        return (new LifetimeScores(model, spend, columns), summary.CustomerIds);
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
