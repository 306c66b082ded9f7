using Patron.Learning.Boosting;
using Patron.Learning.Data;

namespace Patron.Learning.Uplift;

/// <summary>Fits T- and X-learners (see <see cref="UpliftLearnerKind"/>) with Patron's gradient boosting.</summary>
public static class UpliftLearners
{
    /// <summary>The boosting settings of every outcome and effect model unless given: squared error, 150 shallow trees
    /// at learning rate 0.05, 20 rows per leaf at least, 80 % of rows per tree. Small experiments overfit deep trees.</summary>
    public static GradientBoostingOptions DefaultOptions { get; } = new()
    {
        Loss = BoostingLoss.SquaredError,
        Rounds = 150,
        LearningRate = 0.05,
        MaxDepth = 3,
        MinChildWeight = 20,
        RowSample = 0.8,
        EarlyStoppingRounds = 0,
    };

    /// <summary>Fits an uplift model on an experiment's customers.</summary>
    /// <param name="kind">T- or X-learner.</param>
    /// <param name="x">Features of the customers, fixed before the experiment started.</param>
    /// <param name="outcome">Each customer's outcome over the window.</param>
    /// <param name="treated">Whether each customer was treated.</param>
    /// <param name="options">Boosting settings (the loss is forced to squared error); null for <see cref="DefaultOptions"/>.</param>
    /// <param name="seed">Seed of the row sampling.</param>
    public static UpliftModel Fit(UpliftLearnerKind kind, FeatureMatrix x, ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, GradientBoostingOptions? options, long seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (outcome.Length != x.RowCount || treated.Length != x.RowCount)
        {
            throw new ArgumentException($"The matrix has {x.RowCount} rows; outcomes {outcome.Length}, treatment flags {treated.Length}.");
        }

        var settings = (options ?? DefaultOptions) with { Loss = BoostingLoss.SquaredError, EarlyStoppingRounds = 0 };
        var (treatedRows, controlRows) = Split(treated);
        if (treatedRows.Length < 2 || controlRows.Length < 2)
        {
            throw new ArgumentException($"An uplift model needs at least two treated and two control customers; got {treatedRows.Length} and {controlRows.Length}.");
        }

        var xT = x.SelectRows(treatedRows);
        var xC = x.SelectRows(controlRows);
        var yT = Take(outcome, treatedRows);
        var yC = Take(outcome, controlRows);
        var mu1 = Learner(settings, seed, 1).Fit(xT, yT, default);
        var mu0 = Learner(settings, seed, 2).Fit(xC, yC, default);
        if (kind == UpliftLearnerKind.TLearner)
        {
            return new UpliftModel([mu1, mu0], [1.0, -1.0]);
        }

        // Imputed effects: each model is applied to the other arm's customers, which it never saw.
        var d1 = new double[treatedRows.Length];
        mu0.Predict(xT, d1);
        for (var i = 0; i < d1.Length; i++)
        {
            d1[i] = yT[i] - d1[i];
        }

        var d0 = new double[controlRows.Length];
        mu1.Predict(xC, d0);
        for (var i = 0; i < d0.Length; i++)
        {
            d0[i] -= yC[i];
        }

        var tau1 = Learner(settings, seed, 3).Fit(xT, d1, default);
        var tau0 = Learner(settings, seed, 4).Fit(xC, d0, default);
        var e = treatedRows.Length / (double)x.RowCount;
        return new UpliftModel([tau0, tau1], [e, 1 - e]);
    }

    private static GradientBoostingLearner Learner(GradientBoostingOptions options, long seed, int stream) =>
        new(options with { Seed = unchecked(seed * 31 + stream) });

    private static (int[] Treated, int[] Control) Split(ReadOnlySpan<bool> treated)
    {
        var count = 0;
        foreach (var t in treated)
        {
            count += t ? 1 : 0;
        }

        var t1 = new int[count];
        var c0 = new int[treated.Length - count];
        for (int i = 0, a = 0, b = 0; i < treated.Length; i++)
        {
            if (treated[i])
            {
                t1[a++] = i;
            }
            else
            {
                c0[b++] = i;
            }
        }

        return (t1, c0);
    }

    private static double[] Take(ReadOnlySpan<double> values, int[] rows)
    {
        var result = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }
}
