using System.Globalization;

namespace Patron.Learning.Drift;

/// <summary>Judges the drift of one column: sorts each side once, computes every statistic from the sorted arrays,
/// and chooses the verdict's statistic as Evidently's default algorithm does (docs/drift.md).</summary>
/// <remarks>Thread-safe: columns can be judged in parallel.</remarks>
public static class DriftDetector
{
    /// <summary>The label of missing values among a categorical column's categories.</summary>
    public const string MissingCategory = "(missing)";

    /// <summary>Drift of a numeric column; NaN values are left out of both sides.</summary>
    public static ColumnDrift Numeric(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        return NumericSorted(name, SortedSample.SortedCopy(reference), SortedSample.SortedCopy(current), options);
    }

    /// <summary>Drift of a numeric column from its two samples already sorted ascending and free of NaN (as
    /// <see cref="SortedSample.SortInPlace"/> leaves them): the same result as <see cref="Numeric"/> over the unsorted
    /// values, for a caller that sorts in arrays of its own.</summary>
    public static ColumnDrift NumericSorted(string name, ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        var r = sortedReference;
        var c = sortedCurrent;
        if (r.Length == 0 || c.Length == 0)
        {
            return NotJudged(name, "numeric", r.Length, c.Length);
        }

        var ks = TwoSampleStatistics.KolmogorovSmirnov(r, c);
        var wasserstein = TwoSampleStatistics.Wasserstein(r, c);
        var std = Math.Max(TwoSampleStatistics.StandardDeviation(r), 0.001);
        var normalized = wasserstein / std;

        var distinct = DistinctValues(r, c, options.FewValues + 1);
        long[] refCounts, curCounts;
        string[] labels;
        if (distinct.Count <= options.FewValues)
        {
            labels = new string[distinct.Count];
            refCounts = new long[distinct.Count];
            curCounts = new long[distinct.Count];
            for (var b = 0; b < distinct.Count; b++)
            {
                labels[b] = Format(distinct[b]);
            }

            CountValues(r, distinct, refCounts);
            CountValues(c, distinct, curCounts);
        }
        else
        {
            var edges = TwoSampleStatistics.QuantileEdges(r, options.Bins);
            refCounts = new long[edges.Length + 1];
            curCounts = new long[edges.Length + 1];
            TwoSampleStatistics.BinCounts(r, edges, refCounts);
            TwoSampleStatistics.BinCounts(c, edges, curCounts);
            labels = new string[edges.Length + 1];
            for (var b = 0; b < edges.Length; b++)
            {
                labels[b] = "≤ " + Format(edges[b]);
            }

            labels[^1] = edges.Length == 0 ? "all" : "> " + Format(edges[^1]);
        }

        var small = r.Length <= options.SmallSampleRows;
        var binned = Binned(refCounts, curCounts, r.Length, c.Length, options);
        var result = new ColumnDrift
        {
            Name = name,
            Kind = "numeric",
            ReferenceRows = r.Length,
            CurrentRows = c.Length,
            Psi = binned.Psi,
            PsiThreshold = binned.PsiThreshold,
            Ks = ks.Statistic,
            KsPValue = ks.PValue,
            Wasserstein = wasserstein,
            WassersteinNormalized = normalized,
            JensenShannon = binned.JensenShannon,
            ChiSquaredPValue = binned.ChiSquaredPValue,
            Method = DriftMethod.None,
            Drifted = false,
            Histogram = Histogram(labels, refCounts, curCounts),
        };

        if (distinct.Count <= options.FewValues)
        {
            return small
                ? result with { Method = DriftMethod.ChiSquared, Statistic = binned.ChiSquaredPValue, Threshold = options.PValue, Drifted = binned.ChiSquaredPValue < options.PValue }
                : result with { Method = DriftMethod.JensenShannon, Statistic = binned.JensenShannon, Threshold = binned.JensenShannonThreshold, Drifted = binned.JensenShannon >= binned.JensenShannonThreshold };
        }

        if (small)
        {
            return result with { Method = DriftMethod.KolmogorovSmirnov, Statistic = ks.PValue, Threshold = options.PValue, Drifted = ks.PValue < options.PValue };
        }

        var floor = DriftThresholds.WassersteinFloor(TwoSampleStatistics.WassersteinNoiseScale(r) / std, r.Length, c.Length, options.NoiseTail);
        var threshold = Math.Max(options.DistanceThreshold, floor);
        return result with { Method = DriftMethod.WassersteinNormalized, Statistic = normalized, Threshold = threshold, Drifted = normalized >= threshold };
    }

    /// <summary>Drift of a categorical column; a missing value (null) is a category of its own.</summary>
    public static ColumnDrift Categorical(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        if (reference.Count == 0 || current.Count == 0)
        {
            return NotJudged(name, "categorical", reference.Count, current.Count);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var refCodes = Codes(reference, index);
        var curCodes = Codes(current, index);
        var names = new string[index.Count];
        foreach (var (category, code) in index)
        {
            names[code] = category;
        }

        var order = new int[names.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(names, order, StringComparer.Ordinal);
        var position = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }

        var refCounts = new long[names.Length];
        var curCounts = new long[names.Length];
        foreach (var code in refCodes)
        {
            refCounts[position[code]]++;
        }

        foreach (var code in curCodes)
        {
            curCounts[position[code]]++;
        }

        var binned = Binned(refCounts, curCounts, reference.Count, current.Count, options);
        var small = reference.Count <= options.SmallSampleRows;
        var result = new ColumnDrift
        {
            Name = name,
            Kind = "categorical",
            ReferenceRows = reference.Count,
            CurrentRows = current.Count,
            Psi = binned.Psi,
            PsiThreshold = binned.PsiThreshold,
            JensenShannon = binned.JensenShannon,
            ChiSquaredPValue = binned.ChiSquaredPValue,
            Method = DriftMethod.None,
            Drifted = false,
            Histogram = Histogram(names, refCounts, curCounts),
        };
        return small
            ? result with { Method = DriftMethod.ChiSquared, Statistic = binned.ChiSquaredPValue, Threshold = options.PValue, Drifted = binned.ChiSquaredPValue < options.PValue }
            : result with { Method = DriftMethod.JensenShannon, Statistic = binned.JensenShannon, Threshold = binned.JensenShannonThreshold, Drifted = binned.JensenShannon >= binned.JensenShannonThreshold };
    }

    private static (double Psi, double PsiThreshold, double JensenShannon, double JensenShannonThreshold, double ChiSquaredPValue) Binned(
        long[] reference, long[] current, int n1, int n2, DriftOptions options)
    {
        var bins = 0;
        for (var b = 0; b < reference.Length; b++)
        {
            if (reference[b] + current[b] > 0)
            {
                bins++;
            }
        }

        var psi = TwoSampleStatistics.Psi(reference, current, options.Epsilon);
        var js = TwoSampleStatistics.JensenShannon(reference, current);
        var chi = TwoSampleStatistics.ChiSquared(reference, current);
        var psiThreshold = Math.Max(options.DistanceThreshold, DriftThresholds.PsiFloor(bins, n1, n2, options.NoiseTail));
        var jsThreshold = Math.Max(options.DistanceThreshold, DriftThresholds.JensenShannonFloor(bins, n1, n2, options.NoiseTail));
        return (psi, psiThreshold, js, jsThreshold, chi.PValue);
    }

    private static ColumnDrift NotJudged(string name, string kind, int n1, int n2) => new()
    {
        Name = name,
        Kind = kind,
        ReferenceRows = n1,
        CurrentRows = n2,
        Method = DriftMethod.None,
        Drifted = false,
    };

    private static DriftHistogram Histogram(string[] labels, long[] reference, long[] current)
    {
        double n1 = 0, n2 = 0;
        for (var b = 0; b < labels.Length; b++)
        {
            n1 += reference[b];
            n2 += current[b];
        }

        var r = new double[labels.Length];
        var c = new double[labels.Length];
        for (var b = 0; b < labels.Length; b++)
        {
            r[b] = n1 > 0 ? reference[b] / n1 : 0;
            c[b] = n2 > 0 ? current[b] / n2 : 0;
        }

        return new DriftHistogram(labels, r, c);
    }

    /// <summary>The distinct values of both sorted samples in order, stopping once <paramref name="limit"/> are found.</summary>
    private static List<double> DistinctValues(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int limit)
    {
        var result = new List<double>(limit);
        int i = 0, j = 0;
        while ((i < a.Length || j < b.Length) && result.Count < limit)
        {
            var x = Math.Min(i < a.Length ? a[i] : double.PositiveInfinity, j < b.Length ? b[j] : double.PositiveInfinity);
            result.Add(x);
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }
        }

        return result;
    }

    private static void CountValues(ReadOnlySpan<double> sorted, List<double> values, long[] counts)
    {
        var i = 0;
        for (var b = 0; b < values.Count; b++)
        {
            var start = i;
            while (i < sorted.Length && sorted[i] == values[b])
            {
                i++;
            }

            counts[b] = i - start;
        }
    }

    private static int[] Codes(IReadOnlyList<string?> values, Dictionary<string, int> index)
    {
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var key = values[i] ?? MissingCategory;
            if (!index.TryGetValue(key, out var code))
            {
                code = index.Count;
                index[key] = code;
            }

            codes[i] = code;
        }

        return codes;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
