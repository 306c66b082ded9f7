namespace Patron.Learning.Linear;

/// <summary>How an optimization ended.</summary>
/// <param name="Iterations">Quasi-Newton iterations performed.</param>
/// <param name="Objective">Final objective value (including the L1 term).</param>
/// <param name="Converged">Whether a stopping test was met before the iteration limit.</param>
public readonly record struct OptimizationResult(int Iterations, double Objective, bool Converged);
