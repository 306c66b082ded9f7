namespace Patron.Learning.Optimization;

/// <summary>The outcome of an <see cref="Lbfgs"/> run.</summary>
/// <param name="X">The last accepted point.</param>
/// <param name="Value">f at <paramref name="X"/>.</param>
/// <param name="GradientNorm">max |∂f/∂xᵢ| at <paramref name="X"/>.</param>
/// <param name="Iterations">Accepted iterations.</param>
/// <param name="Evaluations">Calls of the objective.</param>
/// <param name="Converged">A stopping rule was met (rather than the iteration cap or a failed line search).</param>
/// <param name="Message">Why the run stopped.</param>
public sealed record LbfgsResult(double[] X, double Value, double GradientNorm, int Iterations, int Evaluations, bool Converged, string Message);
