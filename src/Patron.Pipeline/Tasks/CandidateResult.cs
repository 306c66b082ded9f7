using Patron.Learning.Evaluation;

namespace Patron.Pipeline.Tasks;

/// <summary>A candidate's scores: metrics out of time and by cross-validation, and its out-of-time predictions.</summary>
internal sealed record CandidateResult(Candidate Candidate, MetricSet OutOfTime, MetricSet CrossValidation, double[] OutOfTimePredictions);
