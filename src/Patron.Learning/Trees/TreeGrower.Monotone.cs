namespace Patron.Learning.Trees;

/// <summary>Monotone constraints, as XGBoost and LightGBM's basic method do them: each node carries bounds on its value;
/// a split on a constrained feature is allowed only when its two (bounded) child values are ordered in the constraint's
/// direction, and its children inherit the node's bounds cut at the mean of the two child values, so no later split
/// anywhere below can undo the order. Leaf values are clamped to their node's bounds.</summary>
/// <remarks>Active only when <see cref="TreeGrowerSettings.Monotone"/> names a constraint; otherwise every gain and
/// value is computed exactly as without this file.</remarks>
internal sealed partial class TreeGrower
{
    private double[] _lower = new double[64];
    private double[] _upper = new double[64];

    // The bounds and the bounded parent term of the node whose splits are being searched.
    private double _nodeLower = double.NegativeInfinity;
    private double _nodeUpper = double.PositiveInfinity;
    private double _nodeParentGain;

    private bool Constrained => _settings.Monotone is not null;

    private int ConstraintOf(int feature) => _settings.Monotone is { } m ? m[feature] : 0;

    private void SetBounds(int node, double lower, double upper)
    {
        if (node >= _lower.Length)
        {
            var size = Math.Max(2 * _lower.Length, node + 1);
            Array.Resize(ref _lower, size);
            Array.Resize(ref _upper, size);
        }

        _lower[node] = lower;
        _upper[node] = upper;
    }

    /// <summary>Prepares the split search of <paramref name="node"/>: its bounds and the gain of keeping it whole.</summary>
    private void EnterNode(int node)
    {
        if (!Constrained)
        {
            return;
        }

        _nodeLower = _lower[node];
        _nodeUpper = _upper[node];
        var g = _nodes.Gradient[node];
        var h = _nodes.Hessian[node];
        _nodeParentGain = GainGivenWeight(g, h, BoundedWeight(g, h, _settings.Lambda), _settings.Lambda);
    }

    /// <summary>Gives the children of a split node their bounds: the parent's, cut at the mean of the two child values
    /// when the split feature is constrained.</summary>
    private void BoundChildren(int node, int left, int right, in SplitInfo split, double rightGradient, double rightHessian)
    {
        if (!Constrained)
        {
            return;
        }

        var lower = _lower[node];
        var upper = _upper[node];
        SetBounds(left, lower, upper);
        SetBounds(right, lower, upper);
        var constraint = split.IsCategorical ? 0 : ConstraintOf(split.Feature);
        if (constraint == 0)
        {
            return;
        }

        _nodeLower = lower;
        _nodeUpper = upper;
        var wl = BoundedWeight(split.LeftGradient, split.LeftHessian, _settings.Lambda);
        var wr = BoundedWeight(rightGradient, rightHessian, _settings.Lambda);
        var mid = (wl + wr) / 2;
        if (constraint > 0)
        {
            _upper[left] = Math.Min(upper, mid);
            _lower[right] = Math.Max(lower, mid);
        }
        else
        {
            _lower[left] = Math.Max(lower, mid);
            _upper[right] = Math.Min(upper, mid);
        }
    }

    /// <summary>The Newton value -G/(H + lambda), capped by the maximum delta step, then clamped to the bounds of the
    /// node being searched.</summary>
    private double BoundedWeight(double g, double h, double lambda)
    {
        var w = -g / (h + lambda);
        if (_settings.MaxDeltaStep > 0)
        {
            w = Math.Clamp(w, -_settings.MaxDeltaStep, _settings.MaxDeltaStep);
        }

        return Math.Clamp(w, _nodeLower, _nodeUpper);
    }

    // The loss reduction of value w against value 0 for gradient sum g and hessian sum h (XGBoost's
    // CalcGainGivenWeight); equals g^2 / (h + lambda) at the unbounded optimum.
    private static double GainGivenWeight(double g, double h, double w, double lambda) => -((2 * g * w) + ((h + lambda) * w * w));

    /// <summary>The gain of a split under the node's bounds; minus infinity when the child values break the order the
    /// feature's constraint asks for.</summary>
    private double ConstrainedGain(int constraint, double gl, double hl, double gr, double hr, double extraL2)
    {
        var lambda = _settings.Lambda + extraL2;
        var wl = BoundedWeight(gl, hl, lambda);
        var wr = BoundedWeight(gr, hr, lambda);
        if ((constraint > 0 && wl > wr) || (constraint < 0 && wl < wr))
        {
            return double.NegativeInfinity;
        }

        return 0.5 * (GainGivenWeight(gl, hl, wl, lambda) + GainGivenWeight(gr, hr, wr, lambda) - _nodeParentGain);
    }

    /// <summary>A node's value before shrinkage: the Newton step, capped, and clamped to the node's bounds.</summary>
    private double NodeWeight(int node)
    {
        var raw = -_nodes.Gradient[node] / (_nodes.Hessian[node] + _settings.Lambda);
        if (_settings.MaxDeltaStep > 0)
        {
            raw = Math.Clamp(raw, -_settings.MaxDeltaStep, _settings.MaxDeltaStep);
        }

        return Constrained ? Math.Clamp(raw, _lower[node], _upper[node]) : raw;
    }
}
