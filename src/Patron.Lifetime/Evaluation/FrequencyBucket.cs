namespace Patron.Lifetime.Evaluation;

/// <summary>Expected against actual holdout purchases for the customers with one calibration frequency.</summary>
/// <param name="Label">"0" … "6", or "7+" for the last, open bucket.</param>
/// <param name="Customers">Customers in the bucket.</param>
/// <param name="ActualMean">Mean holdout purchases x*.</param>
/// <param name="ExpectedMean">Mean conditional expectation over the holdout length.</param>
public sealed record FrequencyBucket(string Label, int Customers, double ActualMean, double ExpectedMean);
