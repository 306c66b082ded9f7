namespace Patron.Learning.Evaluation;

/// <summary>Chooses a decision threshold over the distinct scores.</summary>
public static class Thresholds
{
    /// <summary>The threshold with the largest F1 (ties: the higher threshold).</summary>
    public static ThresholdChoice MaxF1(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default)
    {
        var counts = ThresholdCounts.Compute(label, score, weight);
        var best = -1;
        var bestF1 = -1.0;
        for (var k = 0; k < counts.Thresholds.Length; k++)
        {
            var tp = counts.TruePositives[k];
            var f1 = tp > 0 ? 2 * tp / ((2 * tp) + counts.FalsePositives[k] + (counts.TotalPositives - tp)) : 0;
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = k;
            }
        }

        return Choice(counts, best, bestF1);
    }

    /// <summary>The threshold with the largest expected profit when every row scored ≥ it is contacted:
    /// profit = valuePerSuccess·TP − costPerContact·(TP + FP). Contacting nobody (profit 0) is allowed.</summary>
    public static ThresholdChoice MaxProfit(ReadOnlySpan<double> label, ReadOnlySpan<double> score, double costPerContact, double valuePerSuccess, ReadOnlySpan<double> weight = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costPerContact);
        ArgumentOutOfRangeException.ThrowIfNegative(valuePerSuccess);
        var counts = ThresholdCounts.Compute(label, score, weight);
        var best = -1;
        var bestProfit = 0.0;
        for (var k = 0; k < counts.Thresholds.Length; k++)
        {
            var tp = counts.TruePositives[k];
            var profit = (valuePerSuccess * tp) - (costPerContact * (tp + counts.FalsePositives[k]));
            if (profit > bestProfit)
            {
                bestProfit = profit;
                best = k;
            }
        }

        return Choice(counts, best, bestProfit);
    }

    private static ThresholdChoice Choice(ThresholdCounts counts, int k, double objective)
    {
        double tp = 0, fp = 0;
        var threshold = double.PositiveInfinity;
        if (k >= 0)
        {
            tp = counts.TruePositives[k];
            fp = counts.FalsePositives[k];
            threshold = counts.Thresholds[k];
        }

        var confusion = new ConfusionMatrix(threshold, tp, fp, counts.TotalNegatives - fp, counts.TotalPositives - tp);
        return new ThresholdChoice(threshold, objective, confusion);
    }
}
