namespace Patron.Learning.Evaluation;

/// <summary>Weighted counts of a binary decision rule (predict positive when score ≥ threshold).</summary>
public sealed record ConfusionMatrix(double Threshold, double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive (as scikit-learn's zero_division=0).</summary>
    public double Precision => TruePositives + FalsePositives > 0 ? TruePositives / (TruePositives + FalsePositives) : 0;

    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall => TruePositives + FalseNegatives > 0 ? TruePositives / (TruePositives + FalseNegatives) : 0;

    /// <summary>Harmonic mean of precision and recall: 2TP / (2TP + FP + FN).</summary>
    public double F1 => TruePositives > 0 ? 2 * TruePositives / ((2 * TruePositives) + FalsePositives + FalseNegatives) : 0;

    /// <summary>(TP + TN) / total.</summary>
    public double Accuracy => (TruePositives + TrueNegatives) / (TruePositives + FalsePositives + TrueNegatives + FalseNegatives);
}
