using Patron.Learning.Uplift;

namespace Patron.Pipeline.Experiments;

/// <summary>One learner's out-of-fold uplift on one metric and how well it ranks the customers.</summary>
/// <param name="Learner">T- or X-learner.</param>
/// <param name="Metric">revenue or conversion.</param>
/// <param name="Uplift">Each customer's out-of-fold uplift, in the analysis's customer order.</param>
/// <param name="Metrics">Qini, AUUC and uplift@k of that ranking.</param>
public sealed record UpliftLearnerResult(UpliftLearnerKind Learner, string Metric, double[] Uplift, UpliftMetrics Metrics)
{
    /// <summary>The learner's name in files: t_learner or x_learner.</summary>
    public string Name => Learner == UpliftLearnerKind.TLearner ? "t_learner" : "x_learner";
}
