using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>Chooses the bins of a feature from its training values: every distinct value when there are few, otherwise
/// cuts at weighted quantiles so each bin holds about the same number of rows.</summary>
internal static class BinMapper
{
    /// <summary>Upper limit of value bins per feature; one more byte code is kept for missing values.</summary>
    public const int MaxBinLimit = 255;

    /// <summary>Rows looked at to place the cuts; larger columns are read at an even stride (deterministic).</summary>
    public const int SampleLimit = 200_000;

    public static FeatureBins Fit(FeatureSpec spec, ReadOnlySpan<float> column, int maxBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBins, MaxBinLimit);
        if (spec.Kind == FeatureKind.Categorical)
        {
            var levels = spec.LevelCount;
            return new FeatureBins(true, [], Math.Max(1, Math.Min(levels, maxBins)), levels);
        }

        var bounds = NumericBounds(column, maxBins);
        return new FeatureBins(false, bounds, bounds.Length, 0);
    }

    private static float[] NumericBounds(ReadOnlySpan<float> column, int maxBins)
    {
        var stride = Math.Max(1, column.Length / SampleLimit);
        var sample = new List<float>(Math.Min(column.Length, SampleLimit + 1));
        for (var i = 0; i < column.Length; i += stride)
        {
            var v = column[i];
            if (!float.IsNaN(v))
            {
                sample.Add(v);
            }
        }

        if (sample.Count == 0)
        {
            return [float.PositiveInfinity];
        }

        var values = sample.ToArray();
        Array.Sort(values);

        // Distinct values with their counts.
        var distinct = new float[values.Length];
        var counts = new int[values.Length];
        var k = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (k > 0 && values[i] == distinct[k - 1])
            {
                counts[k - 1]++;
            }
            else
            {
                distinct[k] = values[i];
                counts[k] = 1;
                k++;
            }
        }

        var bounds = new List<float>(Math.Min(k, maxBins));
        if (k <= maxBins)
        {
            for (var i = 0; i + 1 < k; i++)
            {
                bounds.Add(Between(distinct[i], distinct[i + 1]));
            }
        }
        else
        {
            // Greedy equal-frequency cuts: the target per bin is recomputed from what remains so a few heavy values
            // (e.g. many zeros) take their own bin without starving the rest.
            var remaining = values.Length;
            var binsLeft = maxBins;
            var inBin = 0;
            for (var i = 0; i + 1 < k && binsLeft > 1; i++)
            {
                inBin += counts[i];
                var target = (double)remaining / binsLeft;
                var next = counts[i + 1];
                if (inBin >= target || inBin + (next / 2.0) >= target)
                {
                    bounds.Add(Between(distinct[i], distinct[i + 1]));
                    remaining -= inBin;
                    binsLeft--;
                    inBin = 0;
                }
            }
        }

        bounds.Add(float.PositiveInfinity);
        return [.. bounds];
    }

    // A float strictly below b and at or above a, so values equal to a go left and values equal to b go right.
    private static float Between(float a, float b)
    {
        var mid = (float)((a + (double)b) / 2);
        return mid >= b ? a : mid;
    }
}
