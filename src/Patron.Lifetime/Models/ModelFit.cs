namespace Patron.Lifetime.Models;

/// <summary>What a maximum-likelihood fit produced, shared by every lifetime model.</summary>
/// <param name="Model">The model's short name (bgnbd, mbgnbd, pareto-nbd, bgbb, gamma-gamma).</param>
/// <param name="ParameterNames">Parameters by their usual names, e.g. r, alpha, a, b.</param>
/// <param name="Parameters">Estimates in the order of <paramref name="ParameterNames"/>.</param>
/// <param name="StandardErrors">From the inverse of the observed information (Hessian of −LL); NaN when it is singular.</param>
/// <param name="LogLikelihood">The (unpenalised) log-likelihood at the estimates, summed over customers.</param>
/// <param name="Iterations">L-BFGS iterations of the accepted run.</param>
/// <param name="Evaluations">Likelihood evaluations over all starts.</param>
/// <param name="Converged">Always true for a returned fit; failures throw <see cref="LifetimeFitException"/>.</param>
/// <param name="Customers">Customers (sum of weights) in the fit.</param>
/// <param name="DistinctRows">Rows after collapsing identical inputs into weights.</param>
public sealed record ModelFit(
    string Model,
    IReadOnlyList<string> ParameterNames,
    IReadOnlyList<double> Parameters,
    IReadOnlyList<double> StandardErrors,
    double LogLikelihood,
    int Iterations,
    int Evaluations,
    bool Converged,
    double Customers,
    int DistinctRows);
