using System.Collections.ObjectModel;

namespace Patron.Learning.Evaluation;

/// <summary>Isotonic (non-decreasing) regression fitted by pool-adjacent-violators, predicting by linear interpolation
/// between the fitted points and clipping outside them; the same arithmetic as scikit-learn's
/// <c>IsotonicRegression(out_of_bounds='clip')</c>, so the predictions are identical.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class IsotonicCalibrator
{
    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicCalibrator(double[] x, double[] y)
    {
        _x = x;
        _y = y;
        Thresholds = new ReadOnlyCollection<double>(x);
        Values = new ReadOnlyCollection<double>(y);
    }

    /// <summary>The x of the fitted points (ascending).</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>The fitted value at each threshold (non-decreasing).</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Rebuilds a calibrator from saved points.</summary>
    public static IsotonicCalibrator FromPoints(IReadOnlyList<double> thresholds, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(values);
        if (thresholds.Count != values.Count || thresholds.Count == 0)
        {
            throw new ArgumentException("Isotonic points need equal, non-zero numbers of thresholds and values.");
        }

        return new IsotonicCalibrator([.. thresholds], [.. values]);
    }

    /// <summary>Fits on (x, y) pairs; rows with zero weight are ignored, tied x are merged into their weighted mean.</summary>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckLengths(y, x, weight);
        var kept = new List<int>(x.Length);
        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
            {
                throw new ArgumentException($"Row {i}: isotonic regression needs finite x and y.", nameof(x));
            }

            if (weight.IsEmpty || weight[i] > 0)
            {
                kept.Add(i);
            }
        }

        // Order by x, then y, then row (numpy.lexsort((y, X)) is stable): the merge below sums in this order.
        var order = kept.ToArray();
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(order, (p, q) =>
        {
            var c = xs[p].CompareTo(xs[q]);
            if (c != 0)
            {
                return c;
            }

            c = ys[p].CompareTo(ys[q]);
            return c != 0 ? c : p.CompareTo(q);
        });

        var ux = new List<double>();
        var uy = new List<double>();
        var uw = new List<double>();
        const double Resolution = 1e-15; // numpy.finfo(float64).resolution, scikit-learn's tie tolerance
        double currentX = xs[order[0]], currentWeight = 0, currentWy = 0;
        foreach (var i in order)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            if (xs[i] - currentX >= Resolution)
            {
                ux.Add(currentX);
                uw.Add(currentWeight);
                uy.Add(currentWy / currentWeight);
                currentX = xs[i];
                currentWeight = w;
                currentWy = ys[i] * w;
            }
            else
            {
                currentWeight += w;
                currentWy += ys[i] * w;
            }
        }

        ux.Add(currentX);
        uw.Add(currentWeight);
        uy.Add(currentWy / currentWeight);
        var fitted = uy.ToArray();
        PoolAdjacentViolators(fitted, uw.ToArray());

        // Drop interior points of constant runs: they change nothing but keep the interpolation segments as scikit-learn's.
        var keepX = new List<double>(fitted.Length);
        var keepY = new List<double>(fitted.Length);
        for (var k = 0; k < fitted.Length; k++)
        {
            if (k == 0 || k == fitted.Length - 1 || fitted[k] != fitted[k - 1] || fitted[k] != fitted[k + 1])
            {
                keepX.Add(ux[k]);
                keepY.Add(fitted[k]);
            }
        }

        return new IsotonicCalibrator([.. keepX], [.. keepY]);
    }

    /// <summary>The fitted value at <paramref name="x"/>: linear between fitted points, clipped beyond them.</summary>
    public double Apply(double x)
    {
        if (_x.Length == 1)
        {
            return _y[0];
        }

        x = Math.Clamp(x, _x[0], _x[^1]);

        // Same interval choice as scipy's interp1d: the first index with threshold ≥ x, kept within 1..n−1.
        var hi = LowerBound(_x, x);
        hi = Math.Clamp(hi, 1, _x.Length - 1);
        var lo = hi - 1;
        var slope = (_y[hi] - _y[lo]) / (_x[hi] - _x[lo]);
        return (slope * (x - _x[lo])) + _y[lo];
    }

    /// <summary>Fitted values for many inputs.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> output)
    {
        for (var i = 0; i < x.Length; i++)
        {
            output[i] = Apply(x[i]);
        }
    }

    // Single-pass PAV with backtracking over block ends, as scikit-learn's _inplace_contiguous_isotonic_regression.
    private static void PoolAdjacentViolators(double[] y, double[] w)
    {
        var n = y.Length;
        var target = new int[n];
        for (var k = 0; k < n; k++)
        {
            target[k] = k;
        }

        var i = 0;
        while (i < n)
        {
            var k = target[i] + 1;
            if (k == n)
            {
                break;
            }

            if (y[i] < y[k])
            {
                i = k;
                continue;
            }

            var sumWy = w[i] * y[i];
            var sumW = w[i];
            while (true)
            {
                var previous = y[k];
                sumWy += w[k] * y[k];
                sumW += w[k];
                k = target[k] + 1;
                if (k == n || previous < y[k])
                {
                    y[i] = sumWy / sumW;
                    w[i] = sumW;
                    target[i] = k - 1;
                    target[k - 1] = i;
                    if (i > 0)
                    {
                        i = target[i - 1];
                    }

                    break;
                }
            }
        }

        i = 0;
        while (i < n)
        {
            var k = target[i] + 1;
            for (var j = i + 1; j < k; j++)
            {
                y[j] = y[i];
            }

            i = k;
        }
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
