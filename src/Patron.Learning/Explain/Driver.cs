namespace Patron.Learning.Explain;

/// <summary>One feature's push on one customer's score.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Contribution">Contribution in raw-score space (log-odds for binary models); positive raises the score.</param>
/// <param name="Value">The customer's value of the feature (NaN = missing; categorical = level code).</param>
/// <param name="Text">Readable description from the <see cref="IFeatureDescriber"/>.</param>
public sealed record Driver(string Feature, double Contribution, float Value, string Text);
