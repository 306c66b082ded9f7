using System.Globalization;
using Patron.Learning.Boosting;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

internal static partial class TaskRunner
{
    /// <summary>Share of the earlier cutoff's customers held back to find the number of boosting rounds (1 in 5).</summary>
    private const int ValidationSlices = 5;

    /// <summary>
    /// Gradient boosting out of time with early stopping: the trees grow on four fifths of the earlier cutoff and stop
    /// once the loss on the remaining fifth has not improved for the learner's patience; that model is the one judged
    /// on the training cutoff. The round count it found is then fixed for the cross-validation folds and the refit, so
    /// each of those fits grows only as many trees as the data supports.
    /// </summary>
    /// <remarks>The rounds are found on the earlier cutoff alone, so neither the out-of-time labels nor the
    /// cross-validation folds of the training cutoff take part in choosing them.</remarks>
    private static (MetricSet Metrics, double[] Predictions, Candidate Fixed) OutOfTimeWithEarlyStopping(
        Candidate candidate, GradientBoostingLearner learner, CutoffData early, double[] allEarlyY, FitRows fit, CutoffData train, double[] trainY, long seed)
    {
        var (x, earlyY) = fit.Select(candidate.MatrixOf(early)!, allEarlyY, fit.Early);
        var slice = FoldAssignment.Assign(earlyY, ValidationSlices, seed);
        var fitRows = new List<int>(x.RowCount);
        var validRows = new List<int>(x.RowCount / ValidationSlices + 1);
        for (var i = 0; i < slice.Length; i++)
        {
            (slice[i] == 0 ? validRows : fitRows).Add(i);
        }

        var fitY = Pick(earlyY, fitRows);
        var validY = Pick(earlyY, validRows);
        var model = learner.Fit(x.SelectRows(fitRows.ToArray()), fitY, [], x.SelectRows(validRows.ToArray()), validY, []);
        var later = candidate.MatrixOf(train)!;
        var predictions = new double[later.RowCount];
        model.Predict(later, predictions);
        var metrics = CrossValidation.Evaluate(model.Task, trainY, predictions, []);
        var rounds = model.BestIteration;
        var fixedLearner = new GradientBoostingLearner(learner.Options with { Rounds = rounds, EarlyStoppingRounds = 0 });
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{candidate.Description}; {rounds} rounds (early stopping on a fifth of the earlier cutoff, at most {learner.Options.Rounds})");
        return (metrics, predictions, candidate with { Learner = fixedLearner, Description = description });
    }

    private static double[] Pick(double[] values, List<int> rows)
    {
        var result = new double[rows.Count];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = values[rows[k]];
        }

        return result;
    }
}
