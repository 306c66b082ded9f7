using Patron.Learning;
using Patron.Learning.Data;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

/// <summary>One contender of a task: a learner trained on a feature matrix, or a scorer that needs no training on
/// labels (a baseline, a lifetime model).</summary>
/// <param name="Name">Name in metrics.json (baseline_recency, logistic, gbdt, bgnbd, gbdt_lifetime, ...).</param>
/// <param name="Kind">baseline, model or lifetime.</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Learner">The learner, or null for a scorer.</param>
/// <param name="UsesLifetime">The learner sees the lifetime outputs as extra features.</param>
/// <param name="Scorer">(data to calibrate on, data to score) → one score per customer of the second; null for a learner.</param>
internal sealed record Candidate(
    string Name,
    string Kind,
    string Description,
    ILearner<IPredictor>? Learner,
    bool UsesLifetime,
    Func<CutoffData, CutoffData, double[]>? Scorer)
{
    public const string BaselineKind = "baseline";
    public const string ModelKind = "model";
    public const string LifetimeKind = "lifetime";

    /// <summary>The matrix this candidate reads from <paramref name="data"/>, or null when the data lacks it.</summary>
    public FeatureMatrix? MatrixOf(CutoffData data) => UsesLifetime ? data.WithLifetime : data.Plain;

    /// <summary>Whether the candidate can run on these cutoffs (lifetime outputs exist where it needs them).</summary>
    public bool Available(params CutoffData[] data)
    {
        foreach (var d in data)
        {
            if ((Learner is not null && MatrixOf(d) is null) || (Scorer is not null && Kind == LifetimeKind && d.Lifetime is null))
            {
                return false;
            }
        }

        return true;
    }
}
