namespace Patron.Learning.Evaluation;

/// <summary>Cumulative weighted true and false positives at each distinct score, from the highest score down: the common
/// base of the ROC and precision-recall curves (as scikit-learn's <c>_binary_clf_curve</c>: tied scores form one point).</summary>
internal sealed class ThresholdCounts
{
    private ThresholdCounts(double[] thresholds, double[] truePositives, double[] falsePositives, int[] order)
    {
        Order = order;
        Thresholds = thresholds;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
    }

    /// <summary>Row indices by descending score, ties by ascending index (<see cref="Ordering.Descending"/>): the
    /// order the counts were taken in, which the decile table reads as well.</summary>
    public int[] Order { get; }

    /// <summary>Distinct scores, descending.</summary>
    public double[] Thresholds { get; }

    /// <summary>Weight of positives with score ≥ the threshold.</summary>
    public double[] TruePositives { get; }

    /// <summary>Weight of negatives with score ≥ the threshold.</summary>
    public double[] FalsePositives { get; }

    public double TotalPositives => TruePositives.Length == 0 ? 0 : TruePositives[^1];

    public double TotalNegatives => FalsePositives.Length == 0 ? 0 : FalsePositives[^1];

    public static ThresholdCounts Compute(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight)
    {
        MetricGuards.CheckBinary(label, score, weight);
        var order = Ordering.Descending(score);
        var thresholds = new List<double>();
        var tps = new List<double>();
        var fps = new List<double>();
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            var w = weight.IsEmpty ? 1.0 : weight[i];
            if (label[i] == 1)
            {
                tp += w;
            }
            else
            {
                fp += w;
            }

            if (k == order.Length - 1 || score[order[k + 1]] != score[i])
            {
                thresholds.Add(score[i]);
                tps.Add(tp);
                fps.Add(fp);
            }
        }

        return new ThresholdCounts([.. thresholds], [.. tps], [.. fps], order);
    }
}
