using Patron.Learning.Data;

namespace Patron.Learning.Evaluation;

/// <summary>SMOTE oversampling (Chawla, Bowyer, Hall &amp; Kegelmeyer 2002): new minority rows on the segment between a
/// minority row and one of its k nearest minority neighbours, x + u·(neighbour − x), u ~ U(0, 1).</summary>
/// <remarks>Distances use numeric and boolean features scaled by their standard deviation, skipping missing cells.
/// Categorical cells are copied from the base row or the neighbour (whichever u is closer to, as SMOTE-NC keeps a
/// category of the pair); a cell missing in either row keeps the base row's value. When the minority class has more than
/// <see cref="MaxCandidates"/> rows, neighbours are searched among a seeded sample of that many minority rows.
/// Deterministic for a given seed.</remarks>
public sealed class Smote : IResampler
{
    /// <summary>Creates a resampler.</summary>
    /// <param name="neighbours">k, the number of nearest minority neighbours to draw from.</param>
    /// <param name="targetRatio">Minority rows after resampling as a share of majority rows (1 = balanced).</param>
    public Smote(int neighbours = 5, double targetRatio = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        if (!(targetRatio > 0 && targetRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetRatio), targetRatio, "The target ratio must be in (0, 1].");
        }

        Neighbours = neighbours;
        TargetRatio = targetRatio;
    }

    /// <summary>Candidate neighbours kept when the minority class is large (keeps the search O(n·candidates)).</summary>
    public const int MaxCandidates = 1000;

    public int Neighbours { get; }

    public double TargetRatio { get; }

    /// <inheritdoc/>
    public ResampledData Resample(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, long seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.RowCount;
        var positives = 0;
        for (var i = 0; i < n; i++)
        {
            positives += y[i] == 1 ? 1 : 0;
        }

        var minorityLabel = positives * 2 <= n ? 1.0 : 0.0;
        var minorityCount = minorityLabel == 1 ? positives : n - positives;
        var majorityCount = n - minorityCount;
        var toCreate = (int)Math.Floor((TargetRatio * majorityCount) - minorityCount);
        if (toCreate <= 0 || minorityCount < 2)
        {
            return new ResampledData(x, y.ToArray(), sampleWeight.ToArray());
        }

        var minority = new int[minorityCount];
        for (int i = 0, m = 0; i < n; i++)
        {
            if (y[i] == minorityLabel)
            {
                minority[m++] = i;
            }
        }

        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));

        // Candidate neighbours are positions in the minority list; a seeded sample keeps the search linear in size.
        var candidates = new int[minority.Length];
        for (var c = 0; c < candidates.Length; c++)
        {
            candidates[c] = c;
        }

        if (candidates.Length > MaxCandidates)
        {
            random.Shuffle(candidates);
            candidates = candidates[..MaxCandidates];
            Array.Sort(candidates);
        }

        var k = Math.Min(Neighbours, candidates.Length - 1);
        var baseRows = new int[toCreate];
        var pick = new int[toCreate];
        var gap = new double[toCreate];
        for (var s = 0; s < toCreate; s++)
        {
            baseRows[s] = s % minority.Length;
            pick[s] = random.Next(k);
            gap[s] = random.NextDouble();
        }

        // k nearest candidates of every minority row used as a base (all of them once toCreate ≥ minority count).
        var used = Math.Min(toCreate, minority.Length);
        var points = ScaledRows(x, minority);
        var width = points.Length / minority.Length;
        var neighbours = new int[used * k];
        Parallel.For(0, used, m => Nearest(points, width, candidates, m, k, neighbours.AsSpan(m * k, k)));
        var neighbourOf = new int[toCreate];
        for (var s = 0; s < toCreate; s++)
        {
            neighbourOf[s] = minority[neighbours[(baseRows[s] * k) + pick[s]]];
            baseRows[s] = minority[baseRows[s]];
        }

        var extra = new float[x.ColumnCount][];
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var column = x.Column(j);
            var target = new float[toCreate];
            var categorical = x.Schema[j].Kind == FeatureKind.Categorical;
            for (var s = 0; s < toCreate; s++)
            {
                var a = column[baseRows[s]];
                var b = column[neighbourOf[s]];
                target[s] = float.IsNaN(a) || float.IsNaN(b) ? a
                    : categorical ? (gap[s] < 0.5 ? a : b)
                    : x.Schema[j].Kind == FeatureKind.Boolean ? (gap[s] < 0.5 ? a : b)
                    : (float)(a + (gap[s] * (b - a)));
            }

            extra[j] = target;
        }

        var labels = new double[n + toCreate];
        y.CopyTo(labels);
        labels.AsSpan(n).Fill(minorityLabel);
        var weights = Array.Empty<double>();
        if (!sampleWeight.IsEmpty)
        {
            weights = new double[n + toCreate];
            sampleWeight.CopyTo(weights);
            for (var s = 0; s < toCreate; s++)
            {
                weights[n + s] = sampleWeight[baseRows[s]];
            }
        }

        return new ResampledData(x.AppendRows(extra), labels, weights);
    }

    // Minority rows as a row-major block of the numeric and boolean features divided by their standard deviation
    // (NaN kept), so the distance loop reads contiguous memory.
    private static float[] ScaledRows(FeatureMatrix x, int[] rows)
    {
        var used = new List<(int Column, float Scale)>();
        for (var j = 0; j < x.ColumnCount; j++)
        {
            if (x.Schema[j].Kind == FeatureKind.Categorical)
            {
                continue;
            }

            double sum = 0, sumSq = 0;
            var count = 0;
            foreach (var v in x.Column(j))
            {
                if (!float.IsNaN(v))
                {
                    sum += v;
                    sumSq += (double)v * v;
                    count++;
                }
            }

            var variance = count > 0 ? (sumSq / count) - ((sum / count) * (sum / count)) : 0;
            if (variance > 1e-24)
            {
                used.Add((j, (float)(1 / Math.Sqrt(variance))));
            }
        }

        var width = Math.Max(1, used.Count);
        var points = new float[rows.Length * width];
        for (var u = 0; u < used.Count; u++)
        {
            var column = x.Column(used[u].Column);
            var scale = used[u].Scale;
            for (var r = 0; r < rows.Length; r++)
            {
                points[(r * width) + u] = column[rows[r]] * scale;
            }
        }

        return points;
    }

    // The k nearest candidates of minority position m (itself excluded), nearest first; ties by candidate order.
    private static void Nearest(float[] points, int width, int[] candidates, int m, int k, Span<int> result)
    {
        Span<double> bestDist = stackalloc double[k];
        bestDist.Fill(double.PositiveInfinity);
        result.Fill(-1);
        var self = points.AsSpan(m * width, width);
        foreach (var c in candidates)
        {
            if (c == m)
            {
                continue;
            }

            var other = points.AsSpan(c * width, width);
            var d = 0.0;
            for (var j = 0; j < width && d < bestDist[k - 1]; j++)
            {
                var t = self[j] - other[j];
                if (!float.IsNaN(t))
                {
                    d += (double)t * t;
                }
            }

            if (d >= bestDist[k - 1])
            {
                continue;
            }

            var pos = k - 1;
            while (pos > 0 && bestDist[pos - 1] > d)
            {
                bestDist[pos] = bestDist[pos - 1];
                result[pos] = result[pos - 1];
                pos--;
            }

            bestDist[pos] = d;
            result[pos] = c;
        }

        // Fewer distinct candidates than k (tiny classes): reuse the nearest.
        for (var i = 1; i < k; i++)
        {
            if (result[i] < 0)
            {
                result[i] = result[0];
            }
        }
    }
}
