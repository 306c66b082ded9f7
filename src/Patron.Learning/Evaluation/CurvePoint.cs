namespace Patron.Learning.Evaluation;

/// <summary>One point of a ROC (x = false-positive rate, y = true-positive rate) or precision-recall (x = recall,
/// y = precision) curve, reached by predicting positive when the score is ≥ <paramref name="Threshold"/>.</summary>
public readonly record struct CurvePoint(double X, double Y, double Threshold);
