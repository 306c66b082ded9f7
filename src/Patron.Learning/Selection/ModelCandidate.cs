namespace Patron.Learning.Selection;

/// <summary>One contender of a selection: a learner fitted on the matrices of one view, or a scorer that returns
/// scores for the rows of each phase.</summary>
/// <param name="Name">Name in reports (baseline_recency, logistic, gbdt, ...).</param>
/// <param name="Role">Baseline, learner or scorer.</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Learner">The learner (role <see cref="CandidateRole.Learner"/>), else null.</param>
/// <param name="View">Index of the <see cref="SelectionProblem.Views"/> entry whose matrices the learner reads.</param>
/// <param name="Scorer">Scores of the rows of a phase (baselines and scorers), else null.</param>
public sealed record ModelCandidate(
    string Name,
    CandidateRole Role,
    string Description,
    ILearner<IPredictor>? Learner,
    int View,
    Func<EvaluationPhase, double[]>? Scorer)
{
    /// <summary>A learner reading view <paramref name="view"/>.</summary>
    public static ModelCandidate ForLearner(string name, string description, ILearner<IPredictor> learner, int view = 0) =>
        new(name, CandidateRole.Learner, description, learner ?? throw new ArgumentNullException(nameof(learner)), view, null);

    /// <summary>The baseline, scored by <paramref name="scorer"/>.</summary>
    public static ModelCandidate ForBaseline(string name, string description, Func<EvaluationPhase, double[]> scorer) =>
        new(name, CandidateRole.Baseline, description, null, 0, scorer ?? throw new ArgumentNullException(nameof(scorer)));

    /// <summary>A scorer that competes with the learners without being fitted on labels.</summary>
    public static ModelCandidate ForScorer(string name, string description, Func<EvaluationPhase, double[]> scorer) =>
        new(name, CandidateRole.Scorer, description, null, 0, scorer ?? throw new ArgumentNullException(nameof(scorer)));

    /// <summary>For a blend: the learner and the baseline it averages.</summary>
    public (ModelCandidate Learner, ModelCandidate Baseline)? BlendOf { get; init; }

    /// <summary>Scores of the rows of <paramref name="phase"/>; only for baselines and scorers.</summary>
    internal double[] Score(EvaluationPhase phase) =>
        Scorer?.Invoke(phase) ?? throw new InvalidOperationException($"Candidate '{Name}' is a learner; it has no scores without a fit.");
}
