namespace Patron.Learning.Drift;

/// <summary>Distances and tests between a reference sample and a current sample of one column, computed from the two
/// samples sorted ascending in one merge walk each (no per-value lookups).</summary>
/// <remarks>Inputs are sorted and free of NaN (the caller sorts once and reuses the arrays for every statistic).
/// Formulas in docs/drift.md. Pure functions, thread-safe.</remarks>
public static class TwoSampleStatistics
{
    /// <summary>SciPy's <c>ks_2samp</c> switches from the exact to the large-sample p-value above this many rows in
    /// the larger sample (<c>method='auto'</c>).</summary>
    public const int ExactKsMaxRows = 10_000;

    /// <summary>The two-sample Kolmogorov-Smirnov statistic and its two-sided p-value: exact when both samples hold at
    /// most <see cref="ExactKsMaxRows"/> rows, else from the one-sample Kolmogorov distribution at
    /// n = round(n1·n2 / (n1 + n2)), as SciPy's <c>ks_2samp(method='auto')</c>.</summary>
    public static KolmogorovSmirnovResult KolmogorovSmirnov(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        CheckNonEmpty(reference, current);
        int n1 = reference.Length, n2 = current.Length;
        var g = SmirnovExact.Gcd(n1, n2);
        long step1 = n2 / g, step2 = n1 / g;
        var lcm = step2 * n2;

        // The ECDF difference times lcm(n1, n2) is the integer i·n2/g − j·n1/g, so the statistic is exact.
        long h = 0;
        int i = 0, j = 0;
        while (i < n1 && j < n2)
        {
            var x = Math.Min(reference[i], current[j]);
            while (i < n1 && reference[i] == x)
            {
                i++;
            }

            while (j < n2 && current[j] == x)
            {
                j++;
            }

            h = Math.Max(h, Math.Abs(i * step1 - j * step2));
        }

        var d = (double)h / lcm;
        if (Math.Max(n1, n2) <= ExactKsMaxRows)
        {
            var exact = SmirnovExact.TwoSided(n1, n2, h);
            if (!double.IsNaN(exact))
            {
                return new KolmogorovSmirnovResult(d, exact, Exact: true);
            }
        }

        double large = Math.Max(n1, n2), small = Math.Min(n1, n2);
        var effective = Math.Round(large * small / (large + small), MidpointRounding.ToEven);
        var p = KolmogorovDistribution.Survival((int)Math.Min(effective, int.MaxValue), d);
        return new KolmogorovSmirnovResult(d, p, Exact: false);
    }

    /// <summary>The first Wasserstein (earth mover's) distance between the two empirical distributions:
    /// ∫ |F_reference(x) − F_current(x)| dx, exact (SciPy's <c>wasserstein_distance</c> without weights).</summary>
    public static double Wasserstein(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        CheckNonEmpty(reference, current);
        int n1 = reference.Length, n2 = current.Length;
        int i = 0, j = 0;
        var previous = Math.Min(reference[0], current[0]);
        var area = 0.0;
        while (i < n1 || j < n2)
        {
            var x = Math.Min(i < n1 ? reference[i] : double.PositiveInfinity, j < n2 ? current[j] : double.PositiveInfinity);
            area += Math.Abs((double)i / n1 - (double)j / n2) * (x - previous);
            while (i < n1 && reference[i] == x)
            {
                i++;
            }

            while (j < n2 && current[j] == x)
            {
                j++;
            }

            previous = x;
        }

        return area;
    }

    /// <summary>∫ √(F(x)(1 − F(x))) dx over the empirical distribution of a sorted sample: the scale of the
    /// Wasserstein distance between two samples of one distribution (docs/drift.md, thresholds).</summary>
    public static double WassersteinNoiseScale(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        var integral = 0.0;
        var i = 0;
        while (i < n)
        {
            var x = sorted[i];
            while (i < n && sorted[i] == x)
            {
                i++;
            }

            if (i < n)
            {
                var f = (double)i / n;
                integral += Math.Sqrt(f * (1 - f)) * (sorted[i] - x);
            }
        }

        return integral;
    }

    /// <summary>Population standard deviation (divisor n) of a sample.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / values.Length);
    }

    /// <summary>Upper bin edges from the reference's quantiles: for k = 1 .. bins − 1 the value at sorted position
    /// ⌈k·n / bins⌉ − 1, an edge equal to the reference's maximum replaced by the largest value below it, repeated
    /// edges kept once. Bin b holds the values in (edge[b − 1], edge[b]]; the last bin is open above.</summary>
    public static double[] QuantileEdges(ReadOnlySpan<double> reference, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (reference.IsEmpty)
        {
            return [];
        }

        var n = reference.Length;
        var max = reference[n - 1];
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var index = (int)Math.Ceiling((double)k * n / bins) - 1;
            var edge = reference[Math.Clamp(index, 0, n - 1)];
            if (edge == max)
            {
                // A split at the maximum would leave the last bin empty in the reference; split just below it.
                var below = reference[..reference.IndexOf(max)];
                if (below.IsEmpty)
                {
                    continue;
                }

                edge = below[^1];
            }

            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>Counts a sorted sample into the bins of <paramref name="edges"/> (edges.Length + 1 bins).</summary>
    public static void BinCounts(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges, Span<long> counts)
    {
        if (counts.Length != edges.Length + 1)
        {
            throw new ArgumentException($"Expected {edges.Length + 1} counts for {edges.Length} edges, got {counts.Length}.", nameof(counts));
        }

        counts.Clear();
        var i = 0;
        for (var b = 0; b < edges.Length; b++)
        {
            var start = i;
            while (i < sorted.Length && sorted[i] <= edges[b])
            {
                i++;
            }

            counts[b] = i - start;
        }

        counts[edges.Length] = sorted.Length - i;
    }

    /// <summary>Population stability index Σ (r − c)·ln(r / c) over the bins' shares, a share of zero on either side
    /// replaced by <paramref name="epsilon"/>.</summary>
    public static double Psi(ReadOnlySpan<long> reference, ReadOnlySpan<long> current, double epsilon)
    {
        CheckCounts(reference, current);
        double n1 = Sum(reference), n2 = Sum(current);
        var psi = 0.0;
        for (var b = 0; b < reference.Length; b++)
        {
            var r = reference[b] == 0 ? epsilon : reference[b] / n1;
            var c = current[b] == 0 ? epsilon : current[b] / n2;
            psi += (r - c) * Math.Log(r / c);
        }

        return psi;
    }

    /// <summary>Jensen-Shannon distance in base 2: √(½ KL(r ‖ m) + ½ KL(c ‖ m)) with m = (r + c) / 2 over the bins'
    /// shares (no smoothing: a zero share contributes nothing). In [0, 1].</summary>
    public static double JensenShannon(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        CheckCounts(reference, current);
        double n1 = Sum(reference), n2 = Sum(current);
        var divergence = 0.0;
        for (var b = 0; b < reference.Length; b++)
        {
            var r = reference[b] / n1;
            var c = current[b] / n2;
            var m = 0.5 * (r + c);
            if (r > 0)
            {
                divergence += 0.5 * r * Math.Log2(r / m);
            }

            if (c > 0)
            {
                divergence += 0.5 * c * Math.Log2(c / m);
            }
        }

        return Math.Sqrt(Math.Max(0.0, divergence));
    }

    /// <summary>Pearson's chi-squared test of homogeneity on the 2 × K table of counts, without continuity correction
    /// (SciPy's <c>chi2_contingency(correction=False)</c>); categories empty on both sides are left out.</summary>
    public static ChiSquaredResult ChiSquared(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        CheckCounts(reference, current);
        double n1 = Sum(reference), n2 = Sum(current), total = n1 + n2;
        var statistic = 0.0;
        var categories = 0;
        for (var b = 0; b < reference.Length; b++)
        {
            double column = reference[b] + current[b];
            if (column == 0)
            {
                continue;
            }

            categories++;
            var e1 = n1 * column / total;
            var e2 = n2 * column / total;
            statistic += (reference[b] - e1) * (reference[b] - e1) / e1 + (current[b] - e2) * (current[b] - e2) / e2;
        }

        var degrees = categories - 1;
        return degrees <= 0
            ? new ChiSquaredResult(0.0, 0, 1.0)
            : new ChiSquaredResult(statistic, degrees, Statistics.ChiSquared.Survival(statistic, degrees));
    }

    private static double Sum(ReadOnlySpan<long> counts)
    {
        long sum = 0;
        foreach (var c in counts)
        {
            sum += c;
        }

        return sum;
    }

    private static void CheckCounts(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length || reference.IsEmpty)
        {
            throw new ArgumentException($"Expected two non-empty count vectors of one length, got {reference.Length} and {current.Length}.");
        }
    }

    private static void CheckNonEmpty(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.IsEmpty || current.IsEmpty)
        {
            throw new ArgumentException($"Both samples need at least one value (reference {reference.Length}, current {current.Length}).");
        }
    }
}
