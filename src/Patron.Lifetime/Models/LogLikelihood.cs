namespace Patron.Lifetime.Models;

/// <summary>A model's total weighted log-likelihood at natural parameters θ, with ∂LL/∂θ written to <paramref name="gradient"/>.</summary>
internal delegate double LogLikelihood(ReadOnlySpan<double> theta, Span<double> gradient);
