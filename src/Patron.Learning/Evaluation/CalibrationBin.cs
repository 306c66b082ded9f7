namespace Patron.Learning.Evaluation;

/// <summary>One bin of a reliability curve: predicted probabilities in [Lower, Upper) (the last bin includes 1).</summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double FractionPositive);
