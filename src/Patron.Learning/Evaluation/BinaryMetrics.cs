namespace Patron.Learning.Evaluation;

/// <summary>Metrics of a probability or score against 0/1 labels; weights are optional (empty = 1 per row).</summary>
/// <remarks>ROC-AUC and average precision follow scikit-learn exactly, including ties: rows with equal scores form one
/// point of the curve. Formulas are in docs/learning.md.</remarks>
public static class BinaryMetrics
{
    // numpy.finfo(float64).eps, scikit-learn's default clip for log_loss.
    private const double ClipEpsilon = 2.220446049250313e-16;

    /// <summary>Area under the ROC curve by the trapezoidal rule over the tie-grouped points (scikit-learn's roc_auc_score).</summary>
    public static double RocAuc(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default) =>
        RocAuc(ThresholdCounts.Compute(label, score, weight));

    /// <summary>ROC-AUC from the counts of one ordering of the scores (shared with the other ranking metrics).</summary>
    internal static double RocAuc(ThresholdCounts counts)
    {
        RequireBothClasses(counts);
        double area = 0, prevX = 0, prevY = 0;
        for (var k = 0; k < counts.Thresholds.Length; k++)
        {
            var x = counts.FalsePositives[k] / counts.TotalNegatives;
            var y = counts.TruePositives[k] / counts.TotalPositives;
            area += (x - prevX) * (y + prevY) / 2;
            prevX = x;
            prevY = y;
        }

        return area;
    }

    /// <summary>Average precision AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the tie-grouped thresholds (scikit-learn's
    /// average_precision_score; no interpolation).</summary>
    public static double AveragePrecision(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default) =>
        AveragePrecision(ThresholdCounts.Compute(label, score, weight));

    /// <summary>Average precision from the counts of one ordering of the scores (shared with the other ranking metrics).</summary>
    internal static double AveragePrecision(ThresholdCounts counts)
    {
        if (counts.TotalPositives <= 0)
        {
            throw new ArgumentException("Average precision needs at least one positive label.", nameof(counts));
        }

        double ap = 0, previousRecall = 0;
        for (var k = 0; k < counts.Thresholds.Length; k++)
        {
            var tp = counts.TruePositives[k];
            var recall = tp / counts.TotalPositives;
            var precision = tp / (tp + counts.FalsePositives[k]);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }

        return ap;
    }

    /// <summary>The ROC curve, starting at (0, 0) with threshold +∞.</summary>
    public static IReadOnlyList<CurvePoint> RocCurve(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default) =>
        RocCurve(ThresholdCounts.Compute(label, score, weight));

    /// <summary>The precision-recall curve from the highest threshold down (recall increasing).</summary>
    public static IReadOnlyList<CurvePoint> PrecisionRecallCurve(ReadOnlySpan<double> label, ReadOnlySpan<double> score, ReadOnlySpan<double> weight = default) =>
        PrecisionRecallCurve(ThresholdCounts.Compute(label, score, weight));

    /// <summary>The ROC curve, the precision-recall curve and the deciles of one score, from one ranking of its rows:
    /// the values <see cref="RocCurve(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>,
    /// <see cref="PrecisionRecallCurve(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/> and
    /// <see cref="Deciles"/> give one by one, with one sort of the rows instead of three.</summary>
    public static (IReadOnlyList<CurvePoint> Roc, IReadOnlyList<CurvePoint> PrecisionRecall, IReadOnlyList<DecileRow> Deciles) Curves(ReadOnlySpan<double> label, ReadOnlySpan<double> score)
    {
        var counts = ThresholdCounts.Compute(label, score, default);
        return (RocCurve(counts), PrecisionRecallCurve(counts), DecileTable.Build(label, counts.Order, score));
    }

    private static CurvePoint[] RocCurve(ThresholdCounts counts)
    {
        RequireBothClasses(counts);
        var points = new CurvePoint[counts.Thresholds.Length + 1];
        points[0] = new CurvePoint(0, 0, double.PositiveInfinity);
        for (var k = 0; k < counts.Thresholds.Length; k++)
        {
            points[k + 1] = new CurvePoint(counts.FalsePositives[k] / counts.TotalNegatives, counts.TruePositives[k] / counts.TotalPositives, counts.Thresholds[k]);
        }

        return points;
    }

    private static CurvePoint[] PrecisionRecallCurve(ThresholdCounts counts)
    {
        var points = new CurvePoint[counts.Thresholds.Length];
        for (var k = 0; k < points.Length; k++)
        {
            var tp = counts.TruePositives[k];
            var recall = counts.TotalPositives > 0 ? tp / counts.TotalPositives : 0;
            points[k] = new CurvePoint(recall, tp / (tp + counts.FalsePositives[k]), counts.Thresholds[k]);
        }

        return points;
    }

    /// <summary>Mean negative log-likelihood with probabilities clipped to [ε, 1 − ε], ε = 2.22e-16 (as scikit-learn).</summary>
    public static double LogLoss(ReadOnlySpan<double> label, ReadOnlySpan<double> probability, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckBinary(label, probability, weight);
        double sum = 0, total = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var p = Math.Clamp(probability[i], ClipEpsilon, 1 - ClipEpsilon);
            var w = weight.IsEmpty ? 1.0 : weight[i];
            sum -= w * (label[i] == 1 ? Math.Log(p) : Math.Log(1 - p));
            total += w;
        }

        return sum / total;
    }

    /// <summary>Brier score: weighted mean of (p − y)².</summary>
    public static double Brier(ReadOnlySpan<double> label, ReadOnlySpan<double> probability, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckBinary(label, probability, weight);
        double sum = 0, total = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var d = probability[i] - label[i];
            sum += w * d * d;
            total += w;
        }

        return sum / total;
    }

    /// <summary>Confusion matrix of the rule "positive when score ≥ <paramref name="threshold"/>".</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<double> label, ReadOnlySpan<double> score, double threshold, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckBinary(label, score, weight);
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var predicted = score[i] >= threshold;
            if (label[i] == 1)
            {
                if (predicted)
                {
                    tp += w;
                }
                else
                {
                    fn += w;
                }
            }
            else if (predicted)
            {
                fp += w;
            }
            else
            {
                tn += w;
            }
        }

        return new ConfusionMatrix(threshold, tp, fp, tn, fn);
    }

    /// <summary>Lift and cumulative gains per decile of rows ranked by descending score (ties by row order); decile d holds
    /// rows ⌊(d−1)n/10⌋ … ⌊dn/10⌋ − 1.</summary>
    public static IReadOnlyList<DecileRow> Deciles(ReadOnlySpan<double> label, ReadOnlySpan<double> score)
    {
        MetricGuards.CheckLengths(label, score, default);
        return DecileTable.Build(label, Ordering.Descending(score), score);
    }

    /// <summary>Response rate of the top-scored 10 % divided by the overall rate.</summary>
    public static double TopDecileLift(ReadOnlySpan<double> label, ReadOnlySpan<double> score) => Deciles(label, score)[0].Lift;

    /// <summary>Reliability curve over <paramref name="bins"/> equal-width bins of [0, 1] (empty bins omitted), as
    /// scikit-learn's calibration_curve(strategy='uniform').</summary>
    public static IReadOnlyList<CalibrationBin> CalibrationCurve(ReadOnlySpan<double> label, ReadOnlySpan<double> probability, int bins = 10)
    {
        MetricGuards.CheckBinary(label, probability, default);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < label.Length; i++)
        {
            var b = Math.Clamp((int)(probability[i] * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += probability[i];
            sumY[b] += label[i];
        }

        var result = new List<CalibrationBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                result.Add(new CalibrationBin((double)b / bins, (double)(b + 1) / bins, count[b], sumP[b] / count[b], sumY[b] / count[b]));
            }
        }

        return result;
    }

    private static void RequireBothClasses(ThresholdCounts counts)
    {
        if (counts.TotalPositives <= 0 || counts.TotalNegatives <= 0)
        {
            throw new ArgumentException("ROC-AUC is undefined when only one class is present.");
        }
    }
}
