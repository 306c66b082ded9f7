using Patron.Learning.Evaluation;
using Patron.Learning.Selection;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

/// <summary>The three cutoffs of a customer task and the rows its learners fit on.</summary>
/// <param name="Early">The earlier cutoff E: out-of-time fit.</param>
/// <param name="Train">The training cutoff T: out-of-time test, cross-validation and refit.</param>
/// <param name="Score">The scoring cutoff S: the customers scored.</param>
/// <param name="Fit">The sampled rows of E and T (null = every row).</param>
internal sealed record TaskCutoffs(CutoffData Early, CutoffData Train, CutoffData Score, FitRows Fit)
{
    /// <summary>A per-customer column for the rows of a phase: every customer at T out of time, the sampled customers
    /// at T for the folds, every customer at S for scoring.</summary>
    public double[] Rows(EvaluationPhase phase, Func<CutoffData, double[]> column) => phase switch
    {
        EvaluationPhase.OutOfTime => column(Train),
        EvaluationPhase.CrossValidation => TrainRows(column(Train)),
        _ => column(Score),
    };

    /// <summary>The sampled rows of a column of T (the whole column when nothing is sampled).</summary>
    public double[] TrainRows(double[] values) => Fit.Train is null ? values : RowSample.Pick(values, Fit.Train);
}
