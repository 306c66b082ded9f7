using Patron.Learning.Evaluation;

namespace Patron.Learning.Tuning;

/// <summary>One evaluation of one candidate.</summary>
/// <param name="Candidate">Index of the candidate in draw order.</param>
/// <param name="Parameters">Its parameter values.</param>
/// <param name="Rows">Rows it was cross-validated on.</param>
/// <param name="Score">The tuned metric (mean over folds).</param>
/// <param name="Metrics">All mean metrics.</param>
public sealed record Trial(int Candidate, ParameterSet Parameters, int Rows, double Score, MetricSet Metrics);
