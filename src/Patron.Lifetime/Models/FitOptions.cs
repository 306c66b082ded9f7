using Patron.Learning.Optimization;

namespace Patron.Lifetime.Models;

/// <summary>How a lifetime model is fitted by maximum likelihood.</summary>
/// <param name="Penalty">L2 penalty λ: the fit maximises LL − λ Σ θ² over the natural parameters θ (0 = plain ML).</param>
/// <param name="MaxStarts">How many of the model's start points are tried, in order, until one converges.</param>
/// <param name="Optimizer">L-BFGS settings; null for the defaults.</param>
/// <param name="ParallelRows">Rows above which the likelihood sum is split across cores.</param>
public sealed record FitOptions(double Penalty = 0.0, int MaxStarts = 4, LbfgsOptions? Optimizer = null, int ParallelRows = 50_000)
{
    public static FitOptions Default { get; } = new();
}
