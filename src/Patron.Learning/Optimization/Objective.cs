namespace Patron.Learning.Optimization;

/// <summary>A smooth function to minimise: returns f(x) and writes ∇f(x) into <paramref name="gradient"/>.</summary>
/// <remarks>May return a non-finite value where f is undefined; the line search then backs off.</remarks>
public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);
