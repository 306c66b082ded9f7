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
    public const int MaxCandidates = 4000;

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
        var candidates = minority;
        if (minority.Length > MaxCandidates)
        {
            candidates = (int[])minority.Clone();
            random.Shuffle(candidates);
            candidates = candidates[..MaxCandidates];
            Array.Sort(candidates);
        }

        var scale = FeatureScales(x);
        var k = Math.Min(Neighbours, candidates.Length - 1);

        // Choose every base row and random draw first, so the parallel neighbour search cannot change the result.
        var baseRows = new int[toCreate];
        var pick = new int[toCreate];
        var gap = new double[toCreate];
        for (var s = 0; s < toCreate; s++)
        {
            baseRows[s] = minority[s % minority.Length];
            pick[s] = random.Next(k);
            gap[s] = random.NextDouble();
        }

        var neighbourOf = new int[toCreate];
        Parallel.For(0, toCreate, s => neighbourOf[s] = NearestNeighbour(x, scale, candidates, baseRows[s], k, pick[s]));

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

    private static double[] FeatureScales(FeatureMatrix x)
    {
        var scale = new double[x.ColumnCount];
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
            scale[j] = variance > 1e-24 ? 1 / Math.Sqrt(variance) : 0;
        }

        return scale;
    }

    // The pick-th nearest candidate (0 = nearest) other than the row itself; ties by candidate order.
    private static int NearestNeighbour(FeatureMatrix x, double[] scale, int[] candidates, int row, int k, int pick)
    {
        var bestDist = new double[k];
        var bestRow = new int[k];
        bestDist.AsSpan().Fill(double.PositiveInfinity);
        bestRow.AsSpan().Fill(-1);
        foreach (var c in candidates)
        {
            if (c == row)
            {
                continue;
            }

            var d = 0.0;
            for (var j = 0; j < scale.Length && d < bestDist[k - 1]; j++)
            {
                if (scale[j] == 0)
                {
                    continue;
                }

                float a = x[row, j], b = x[c, j];
                if (!float.IsNaN(a) && !float.IsNaN(b))
                {
                    var t = (a - b) * scale[j];
                    d += t * t;
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
                bestRow[pos] = bestRow[pos - 1];
                pos--;
            }

            bestDist[pos] = d;
            bestRow[pos] = c;
        }

        return bestRow[pick] >= 0 ? bestRow[pick] : bestRow[0];
    }
}
