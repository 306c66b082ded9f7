namespace Patron.Learning.Trees;

/// <summary>Split search over a node's histograms: ordered thresholds for numeric features, one-vs-rest or
/// gradient-ordered category sets for categorical features, each with both missing-value directions tried.</summary>
internal sealed partial class TreeGrower
{
    private SplitInfo FindBestSplit(double[] histogram)
    {
        var candidates = NodeFeatures();
        var best = SplitInfo.None;
        foreach (var f in candidates)
        {
            var bins = _data.Bins[f];
            var slice = histogram.AsSpan(2 * _data.BinOffsets[f], 2 * (bins.BinCount + 1));
            var split = bins.IsCategorical ? BestCategorical(f, bins, slice) : BestNumeric(f, bins, slice);
            if (split.BetterThan(best))
            {
                best = split;
            }
        }

        return best;
    }

    private ReadOnlySpan<int> NodeFeatures()
    {
        if (_settings.FeatureFractionPerNode >= 1.0 || _features.Length <= 1)
        {
            return _features;
        }

        var k = Math.Max(1, (int)Math.Round(_settings.FeatureFractionPerNode * _features.Length));
        if (_nodeFeatures.Length < 2 * _features.Length)
        {
            _nodeFeatures = new int[2 * _features.Length];
        }

        var picked = _nodeFeatures.AsSpan(0, k);
        _random!.SampleSorted(_features.Length, k, picked, _nodeFeatures.AsSpan(_features.Length, _features.Length));
        for (var i = 0; i < k; i++)
        {
            picked[i] = _features[picked[i]];
        }

        return picked;
    }

    private double MinChild => Math.Max(_settings.MinChildWeight, HessianEpsilon);

    private double Gain(double gl, double hl, double gr, double hr, double parentScore, double extraL2 = 0)
    {
        var lambda = _settings.Lambda + extraL2;
        return 0.5 * ((gl * gl / (hl + lambda)) + (gr * gr / (hr + lambda)) - parentScore);
    }

    private SplitInfo BestNumeric(int feature, FeatureBins bins, ReadOnlySpan<double> h)
    {
        var best = SplitInfo.None;
        var nb = bins.BinCount;
        var gm = h[2 * nb];
        var hm = h[(2 * nb) + 1];
        double gt = gm, ht = hm;
        for (var b = 0; b < nb; b++)
        {
            gt += h[2 * b];
            ht += h[(2 * b) + 1];
        }

        var parent = gt * gt / (ht + _settings.Lambda);
        var minChild = MinChild;
        var hasMissing = hm > HessianEpsilon;
        double gl = 0, hl = 0;
        for (var b = 0; b < nb; b++)
        {
            var hb = h[(2 * b) + 1];
            gl += h[2 * b];
            hl += hb;
            if (hb <= 0 && b > 0)
            {
                // An empty bin gives the same partition as the previous threshold.
                continue;
            }

            // Missing values to the right.
            var gr = gt - gl;
            var hr = ht - hl;
            if (hl >= minChild && hr >= minChild)
            {
                var gain = Constrained ? ConstrainedGain(ConstraintOf(feature), gl, hl, gr, hr, 0) : Gain(gl, hl, gr, hr, parent);
                if (gain > best.Gain)
                {
                    best = new SplitInfo
                    {
                        Gain = gain,
                        Feature = feature,
                        Bin = b,
                        DefaultLeft = !hasMissing && hl >= hr,
                        LeftGradient = gl,
                        LeftHessian = hl,
                    };
                }
            }

            if (!hasMissing)
            {
                continue;
            }

            // Missing values to the left.
            var gl2 = gl + gm;
            var hl2 = hl + hm;
            var gr2 = gt - gl2;
            var hr2 = ht - hl2;
            if (hl2 >= minChild && hr2 >= minChild)
            {
                var gain = Constrained ? ConstrainedGain(ConstraintOf(feature), gl2, hl2, gr2, hr2, 0) : Gain(gl2, hl2, gr2, hr2, parent);
                if (gain > best.Gain)
                {
                    best = new SplitInfo
                    {
                        Gain = gain,
                        Feature = feature,
                        Bin = b,
                        DefaultLeft = true,
                        LeftGradient = gl2,
                        LeftHessian = hl2,
                    };
                }
            }
        }

        return best;
    }

    private SplitInfo BestCategorical(int feature, FeatureBins bins, ReadOnlySpan<double> h)
    {
        var nb = bins.BinCount;
        var gm = h[2 * nb];
        var hm = h[(2 * nb) + 1];
        Span<int> active = stackalloc int[nb];
        var k = 0;
        double gt = gm, ht = hm;
        for (var c = 0; c < nb; c++)
        {
            gt += h[2 * c];
            ht += h[(2 * c) + 1];
            if (h[(2 * c) + 1] > HessianEpsilon)
            {
                active[k++] = c;
            }
        }

        var best = SplitInfo.None;
        if (k == 0)
        {
            return best;
        }

        var parent = gt * gt / (ht + _settings.Lambda);
        var hasMissing = hm > HessianEpsilon;
        var bestLength = 0;
        var bestFromTop = false;
        Span<int> order = stackalloc int[k];
        if (k <= _settings.MaxCategoriesOneHot)
        {
            for (var i = 0; i < k; i++)
            {
                var c = active[i];
                if (TryCategorySet(h[2 * c], h[(2 * c) + 1], gt, ht, gm, hm, hasMissing, parent, 0, ref best))
                {
                    best.Feature = feature;
                    best.IsCategorical = true;
                    best.Bin = c;
                }
            }

            if (best.IsValid)
            {
                best.SetBit(best.Bin);
            }

            return best;
        }

        // Order categories by smoothed gradient/hessian ratio; the best binary partition is a prefix of this order
        // (Fisher 1958 for squared error; LightGBM uses the same ordering for the Newton gain).
        Span<double> key = stackalloc double[k];
        for (var i = 0; i < k; i++)
        {
            var c = active[i];
            order[i] = c;
            key[i] = h[2 * c] / (h[(2 * c) + 1] + _settings.CategorySmoothing);
        }

        for (var i = 1; i < k; i++)
        {
            var kc = key[i];
            var oc = order[i];
            var j = i - 1;
            while (j >= 0 && (key[j] > kc || (key[j] == kc && order[j] > oc)))
            {
                key[j + 1] = key[j];
                order[j + 1] = order[j];
                j--;
            }

            key[j + 1] = kc;
            order[j + 1] = oc;
        }

        var limit = Math.Min(k - 1, _settings.MaxCategoryThreshold);
        for (var pass = 0; pass < 2; pass++)
        {
            var fromTop = pass == 1;
            double gl = 0, hl = 0;
            for (var i = 0; i < limit; i++)
            {
                var c = fromTop ? order[k - 1 - i] : order[i];
                gl += h[2 * c];
                hl += h[(2 * c) + 1];
                if (TryCategorySet(gl, hl, gt, ht, gm, hm, hasMissing, parent, _settings.CategoryL2, ref best))
                {
                    best.Feature = feature;
                    best.IsCategorical = true;
                    bestLength = i + 1;
                    bestFromTop = fromTop;
                }
            }
        }

        if (best.IsValid)
        {
            for (var i = 0; i < bestLength; i++)
            {
                best.SetBit(bestFromTop ? order[k - 1 - i] : order[i]);
            }
        }

        return best;
    }

    // Scores "this category set left" with missing values right, then left; updates best when either wins.
    private bool TryCategorySet(double gl, double hl, double gt, double ht, double gm, double hm, bool hasMissing, double parent, double extraL2, ref SplitInfo best)
    {
        var minChild = MinChild;
        var improved = false;
        if (hl >= minChild && ht - hl >= minChild)
        {
            var gain = Constrained ? ConstrainedGain(0, gl, hl, gt - gl, ht - hl, extraL2) : Gain(gl, hl, gt - gl, ht - hl, parent, extraL2);
            if (gain > best.Gain)
            {
                best = new SplitInfo { Gain = gain, DefaultLeft = !hasMissing && hl >= ht - hl, LeftGradient = gl, LeftHessian = hl };
                improved = true;
            }
        }

        if (hasMissing)
        {
            var gl2 = gl + gm;
            var hl2 = hl + hm;
            if (hl2 >= minChild && ht - hl2 >= minChild)
            {
                var gain = Constrained ? ConstrainedGain(0, gl2, hl2, gt - gl2, ht - hl2, extraL2) : Gain(gl2, hl2, gt - gl2, ht - hl2, parent, extraL2);
                if (gain > best.Gain)
                {
                    best = new SplitInfo { Gain = gain, DefaultLeft = true, LeftGradient = gl2, LeftHessian = hl2 };
                    improved = true;
                }
            }
        }

        return improved;
    }
}
