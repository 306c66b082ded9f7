namespace Patron.Learning.Evaluation;

/// <summary>Argument checks shared by the metrics.</summary>
internal static class MetricGuards
{
    public static void CheckBinary(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight)
    {
        CheckLengths(label, score, weight);
        for (var i = 0; i < label.Length; i++)
        {
            if (label[i] != 0 && label[i] != 1)
            {
                throw new ArgumentException($"Row {i}: a binary label must be 0 or 1 (got {label[i]}).", nameof(label));
            }
        }
    }

    public static void CheckLengths(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight)
    {
        if (label.Length != score.Length)
        {
            throw new ArgumentException($"{label.Length} labels but {score.Length} predictions.", nameof(score));
        }

        if (!weight.IsEmpty && weight.Length != label.Length)
        {
            throw new ArgumentException($"{label.Length} labels but {weight.Length} weights.", nameof(weight));
        }

        if (label.IsEmpty)
        {
            throw new ArgumentException("Metrics need at least one row.", nameof(label));
        }
    }
}
