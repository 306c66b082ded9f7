namespace Patron.Learning.Evaluation;

/// <summary>One tenth of the rows ranked by score (decile 1 = highest scores) with its response and lift.</summary>
/// <param name="Decile">1 to 10.</param>
/// <param name="Rows">Rows in the decile.</param>
/// <param name="MeanScore">Mean predicted score in the decile.</param>
/// <param name="Positives">Positives (binary) or summed label (regression) in the decile.</param>
/// <param name="Rate">Positives / rows (binary) or mean label (regression).</param>
/// <param name="Lift">Rate / overall rate.</param>
/// <param name="CumulativeGain">Share of all positives (or label total) captured by deciles 1..this one.</param>
public sealed record DecileRow(int Decile, int Rows, double MeanScore, double Positives, double Rate, double Lift, double CumulativeGain);
