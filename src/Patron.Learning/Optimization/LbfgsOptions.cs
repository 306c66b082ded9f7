namespace Patron.Learning.Optimization;

/// <summary>Stopping rules and memory of <see cref="Lbfgs"/>.</summary>
/// <param name="Memory">Number of correction pairs kept (5–20 is usual).</param>
/// <param name="MaxIterations">Iteration cap; reaching it means "not converged".</param>
/// <param name="GradientTolerance">Converged when max |∂f/∂xᵢ| falls below this.</param>
/// <param name="RelativeTolerance">Also converged when an iteration improves f by less than this times max(|f|, 1) and the gradient is below <see cref="StallGradientTolerance"/>.</param>
/// <param name="StallGradientTolerance">The gradient bound that a stalled run must still meet to count as converged.</param>
public sealed record LbfgsOptions(
    int Memory = 10,
    int MaxIterations = 500,
    double GradientTolerance = 1e-8,
    double RelativeTolerance = 1e-15,
    double StallGradientTolerance = 1e-5);
