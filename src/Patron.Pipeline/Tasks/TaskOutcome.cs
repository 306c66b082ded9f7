using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Selection;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

/// <summary>Everything one task produced: the candidates' results, the chosen one, its refitted model and its scores
/// of every customer at the scoring cutoff.</summary>
internal sealed record TaskOutcome
{
    public required TaskSpec Spec { get; init; }

    public required IReadOnlyList<CandidateResult> Results { get; init; }

    /// <summary>The engine's choice: the chosen result, the baseline, whether the baseline was kept and why.</summary>
    public required ModelChoice Choice { get; init; }

    /// <summary>The result the run uses (the best model, or the baseline when no model beats it out of time).</summary>
    public CandidateResult Chosen => Choice.Chosen;

    /// <summary>The task's baseline.</summary>
    public CandidateResult Baseline => Choice.Baseline!;

    /// <summary>Labels of the out-of-time test set (the training cutoff).</summary>
    public required double[] OutOfTimeLabels { get; init; }

    public required int TrainRows { get; init; }

    public required int TestRows { get; init; }

    /// <summary>Rows the out-of-time learners were fitted on (<see cref="TrainRows"/> unless the training-row cap sampled them).</summary>
    public int? FitRows { get; init; }

    /// <summary>Rows of the cross-validation folds and the refit (<see cref="TestRows"/> for customer tasks unless sampled).</summary>
    public int? CrossValidationRows { get; init; }

    /// <summary>How the rows were split out of time, in words, when the task's rows are not customers at two cutoffs.</summary>
    public string? Split { get; init; }

    /// <summary>Positive share of the out-of-time labels (binary tasks), NaN otherwise.</summary>
    public required double PositiveRate { get; init; }

    /// <summary>The chosen candidate refitted at the training cutoff, or null for a baseline or scorer.</summary>
    public IPredictor? Model { get; init; }

    /// <summary>JSON of the chosen model (models/&lt;task&gt;.json).</summary>
    public required byte[] ModelJson { get; init; }

    /// <summary>One score per customer of the scoring cutoff (probability or value).</summary>
    public required double[] Scores { get; init; }

    /// <summary>The model the reasons and global drivers come from (the chosen one when it can explain itself).</summary>
    public IExplainable? Explainer { get; init; }

    /// <summary>The scoring-cutoff matrix <see cref="Explainer"/> reads.</summary>
    public FeatureMatrix? ExplainerMatrix { get; init; }

    /// <summary>Mean |TreeSHAP| (or |contribution|) per feature of the explainer on the training cutoff, by feature.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> GlobalDrivers { get; init; } = [];

    /// <summary>Regression only: an 80 % interval per customer from the out-of-time errors of the chosen model.</summary>
    public (double[] Lower, double[] Upper)? Interval { get; init; }

    /// <summary>The label horizon in days, when metrics.json should state it (the early task, whose horizon differs).</summary>
    public int? HorizonDays { get; init; }

    /// <summary>A second label the chosen model and the baseline are also judged on out of time (the early task's top
    /// 25 %): its name, positive share and both ROC-AUCs.</summary>
    public (string Label, double PositiveRate, double Chosen, double Baseline)? SecondLabel { get; init; }

    /// <summary>The scoring cutoff the customer tasks score; null for the session task, whose rows are sessions.</summary>
    public CutoffData? ScoringData { get; init; }
}
