using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;

namespace Patron.Learning.Uplift;

/// <summary>Out-of-fold uplift: the customers are dealt into folds (stratified by arm), and each fold is scored by a
/// model fitted on the other folds, so every estimate, curve and reason comes from a model that never saw the customer.</summary>
/// <param name="Fold">Each customer's fold.</param>
/// <param name="Models">The model of each fold (fitted without it).</param>
/// <param name="Uplift">Each customer's out-of-fold uplift.</param>
public sealed record UpliftCrossFit(int[] Fold, IReadOnlyList<UpliftModel> Models, double[] Uplift)
{
    /// <summary>Deals the folds: treated and control customers are each shuffled with <paramref name="seed"/> and dealt
    /// round the folds, so every fold holds the experiment's split.</summary>
    public static int[] Folds(ReadOnlySpan<bool> treated, int folds, long seed)
    {
        var arm = new double[treated.Length];
        for (var i = 0; i < arm.Length; i++)
        {
            arm[i] = treated[i] ? 1 : 0;
        }

        return FoldAssignment.Assign(arm, folds, seed);
    }

    /// <summary>Fits <paramref name="kind"/> once per fold and scores the fold.</summary>
    public static UpliftCrossFit Run(UpliftLearnerKind kind, FeatureMatrix x, ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, int[] fold, GradientBoostingOptions? options, long seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(fold);
        var folds = 0;
        foreach (var f in fold)
        {
            folds = Math.Max(folds, f + 1);
        }

        var uplift = new double[x.RowCount];
        var models = new UpliftModel[folds];
        for (var f = 0; f < folds; f++)
        {
            var (train, test) = Rows(fold, f);
            var y = new double[train.Length];
            var t = new bool[train.Length];
            for (var i = 0; i < train.Length; i++)
            {
                y[i] = outcome[train[i]];
                t[i] = treated[train[i]];
            }

            models[f] = UpliftLearners.Fit(kind, x.SelectRows(train), y, t, options, unchecked(seed + f));
            var scores = new double[test.Length];
            models[f].Predict(x.SelectRows(test), scores);
            for (var i = 0; i < test.Length; i++)
            {
                uplift[test[i]] = scores[i];
            }
        }

        return new UpliftCrossFit(fold, models, uplift);
    }

    /// <summary>The rows outside and inside fold <paramref name="f"/>.</summary>
    public static (int[] Train, int[] Test) Rows(int[] fold, int f) => CrossValidation.FoldRows(fold, f);
}
