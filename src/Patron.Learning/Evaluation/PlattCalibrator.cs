namespace Patron.Learning.Evaluation;

/// <summary>Platt scaling: P(y = 1 | s) = 1 / (1 + exp(A·s + B)), fitted on scores s (Platt 1999) with the smoothed
/// targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2) and the Newton method with backtracking of Lin, Lin &amp; Weng (2007),
/// "A note on Platt's probabilistic outputs for support vector machines". Same objective as scikit-learn's sigmoid
/// calibration.</summary>
/// <param name="A">Slope (negative when higher scores mean more positives).</param>
/// <param name="B">Offset.</param>
public sealed record PlattCalibrator(double A, double B)
{
    /// <summary>Calibrated probability of one score.</summary>
    public double Apply(double score)
    {
        var f = (A * score) + B;
        return f >= 0 ? Math.Exp(-f) / (1 + Math.Exp(-f)) : 1 / (1 + Math.Exp(f));
    }

    /// <summary>Calibrated probabilities of many scores.</summary>
    public void Apply(ReadOnlySpan<double> scores, Span<double> output)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            output[i] = Apply(scores[i]);
        }
    }

    /// <summary>Fits A and B on scores and 0/1 labels (weights optional, also weighting the prior counts).</summary>
    public static PlattCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<double> label, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckBinary(label, scores, weight);
        // Prior counts are weighted when weights are given, as scikit-learn's _sigmoid_calibration.
        double positives = 0, negatives = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            if (label[i] == 1)
            {
                positives += w;
            }
            else
            {
                negatives += w;
            }
        }

        var hiTarget = (positives + 1) / (positives + 2);
        var loTarget = 1 / (negatives + 2);
        var t = new double[label.Length];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = label[i] == 1 ? hiTarget : loTarget;
        }

        const int MaxIterations = 100;
        const double MinStep = 1e-10;
        const double Sigma = 1e-12;
        double a = 0, b = Math.Log((negatives + 1) / (positives + 1));
        var f = Objective(scores, t, weight, a, b);
        for (var it = 0; it < MaxIterations; it++)
        {
            // Gradient and Hessian of the cross-entropy in (A, B); Sigma keeps the Hessian positive definite.
            double h11 = Sigma, h22 = Sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < t.Length; i++)
            {
                var w = weight.IsEmpty ? 1.0 : weight[i];
                var fApB = (scores[i] * a) + b;
                double p, q;
                if (fApB >= 0)
                {
                    var e = Math.Exp(-fApB);
                    p = e / (1 + e);
                    q = 1 / (1 + e);
                }
                else
                {
                    var e = Math.Exp(fApB);
                    p = 1 / (1 + e);
                    q = e / (1 + e);
                }

                var d2 = w * p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = w * (t[i] - p);
                g1 += scores[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-12 && Math.Abs(g2) < 1e-12)
            {
                break;
            }

            var det = (h11 * h22) - (h21 * h21);
            var dA = -((h22 * g1) - (h21 * g2)) / det;
            var dB = -((-h21 * g1) + (h11 * g2)) / det;
            var gd = (g1 * dA) + (g2 * dB);
            var step = 1.0;
            var moved = false;
            while (step >= MinStep)
            {
                var newA = a + (step * dA);
                var newB = b + (step * dB);
                var newF = Objective(scores, t, weight, newA, newB);
                if (newF < f + (1e-4 * step * gd))
                {
                    a = newA;
                    b = newB;
                    f = newF;
                    moved = true;
                    break;
                }

                step /= 2;
            }

            if (!moved)
            {
                break;
            }
        }

        return new PlattCalibrator(a, b);
    }

    private static double Objective(ReadOnlySpan<double> scores, double[] t, ReadOnlySpan<double> weight, double a, double b)
    {
        var f = 0.0;
        for (var i = 0; i < t.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var fApB = (scores[i] * a) + b;
            f += w * (fApB >= 0
                ? (t[i] * fApB) + Math.Log(1 + Math.Exp(-fApB))
                : ((t[i] - 1) * fApB) + Math.Log(1 + Math.Exp(fApB)));
        }

        return f;
    }
}
