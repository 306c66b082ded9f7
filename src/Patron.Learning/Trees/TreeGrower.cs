namespace Patron.Learning.Trees;

/// <summary>Grows one histogram-based regression tree on binned data from per-row gradient pairs: depth-wise or
/// leaf-wise, with L2 on leaf values, minimum child weight, minimum split gain, learned missing directions and
/// categorical set splits.</summary>
/// <remarks>One grower is reused for every tree of a training run so its row, histogram and node buffers are allocated
/// once. Work inside a node is split over feature groups (and fixed row chunks for gathering and partitioning), and
/// each feature's histogram is summed in row order, so the tree does not depend on the number of threads. Not
/// thread-safe.</remarks>
internal sealed partial class TreeGrower
{
    private const double HessianEpsilon = 1e-10;

    private readonly BinnedMatrix _data;
    private readonly TreeGrowerSettings _settings;
    private readonly ParallelOptions _parallel;
    private readonly int[] _rows;
    private readonly int[] _scratch;
    private readonly GradientPair[] _ordered;
    private readonly List<double[]> _freeHistograms = [];
    private readonly List<OpenNode> _open = [];
    private readonly NodeStore _nodes = new();
    private readonly int _histogramLength;
    private readonly byte[] _lookupScratch = new byte[256];
    private int[] _features = [];
    private int[] _nodeFeatures = [];
    private int[] _chunkLefts = [];
    private GradientPair[] _gradients = [];
    private SeededRandom? _random;

    public TreeGrower(BinnedMatrix data, TreeGrowerSettings settings)
    {
        _data = data;
        _settings = settings;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        _rows = new int[data.RowCount];
        _scratch = new int[data.RowCount];
        _ordered = new GradientPair[data.RowCount];
        _histogramLength = 2 * data.BinOffsets[^1];
    }

    /// <summary>Rows of the last grown tree, grouped by leaf; see <see cref="LeafRange"/>.</summary>
    public ReadOnlySpan<int> Rows => _rows;

    /// <summary>Grows a tree.</summary>
    /// <param name="gradients">One pair per row of the binned matrix; rows outside <paramref name="rows"/> are ignored.</param>
    /// <param name="rows">The rows to train on, ascending; empty means every row.</param>
    /// <param name="features">The features this tree may split on, ascending.</param>
    /// <param name="random">Source for per-split feature sampling (unused when every split sees every feature).</param>
    public DecisionTree Grow(GradientPair[] gradients, ReadOnlySpan<int> rows, int[] features, SeededRandom random)
    {
        _gradients = gradients;
        _features = features;
        _random = random;
        _nodes.Clear();
        _open.Clear();

        int rowCount;
        if (rows.IsEmpty)
        {
            rowCount = _data.RowCount;
            for (var i = 0; i < rowCount; i++)
            {
                _rows[i] = i;
            }
        }
        else
        {
            rowCount = rows.Length;
            rows.CopyTo(_rows);
        }

        double g = 0, h = 0;
        for (var i = 0; i < rowCount; i++)
        {
            var p = gradients[_rows[i]];
            g += p.Gradient;
            h += p.Hessian;
        }

        var root = _nodes.Add(0, rowCount, 0, g, h);
        SetBounds(root, double.NegativeInfinity, double.PositiveInfinity);
        if (CanSplit(root))
        {
            var histogram = RentHistogram();
            BuildHistogram(histogram, 0, rowCount, contiguous: rows.IsEmpty);
            ConsiderForSplit(root, histogram);
        }

        var leaves = 1;
        while (_open.Count > 0)
        {
            var pick = PickNext();
            var open = _open[pick];
            _open.RemoveAt(pick);
            if (_settings.Growth == GrowthPolicy.LeafWise && _settings.MaxLeaves > 0 && leaves >= _settings.MaxLeaves)
            {
                ReturnHistogram(open.Histogram);
                continue;
            }

            Split(open, leaves + 1);
            leaves++;
        }

        _nodes.PrepareWalk();
        return ToTree();
    }

    /// <summary>The slice of <see cref="Rows"/> holding the training rows of leaf <paramref name="node"/>.</summary>
    public (int Begin, int End) LeafRange(int node) => (_nodes.Begin[node], _nodes.End[node]);

    /// <summary>Node count of the last grown tree.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Whether node <paramref name="node"/> of the last grown tree is a leaf.</summary>
    public bool IsLeaf(int node) => _nodes.Left[node] < 0;

    /// <summary>The leaf of the last grown tree that binned row <paramref name="row"/> reaches.</summary>
    public int LeafOf(int row) => _nodes.LeafOf(_data.Codes, row);

    /// <summary>The leaves of the last grown tree that binned rows <c>map[rows[k]]</c> (or <c>rows[k]</c> without a
    /// map) reach, into <paramref name="leaves"/>[k]: those of <see cref="LeafOf"/>, several rows walked at once.</summary>
    public void LeavesOf(ReadOnlySpan<int> rows, int[]? map, Span<int> leaves) => _nodes.LeavesOf(_data.Codes, rows, map, leaves);

    private int PickNext()
    {
        if (_settings.Growth == GrowthPolicy.DepthWise)
        {
            // Without a leaf budget the order does not change the tree; last-in-first-out keeps few histograms alive.
            return _open.Count - 1;
        }

        var best = 0;
        for (var i = 1; i < _open.Count; i++)
        {
            var a = _open[i];
            var b = _open[best];
            if (a.Split.Gain > b.Split.Gain || (a.Split.Gain == b.Split.Gain && a.Node < b.Node))
            {
                best = i;
            }
        }

        return best;
    }

    private bool CanSplit(int node)
    {
        var depth = _nodes.Depth[node];
        if (_settings.MaxDepth > 0 && depth >= _settings.MaxDepth)
        {
            return false;
        }

        return _nodes.End[node] - _nodes.Begin[node] >= 2
            && _nodes.Hessian[node] >= 2 * Math.Max(_settings.MinChildWeight, HessianEpsilon);
    }

    private void ConsiderForSplit(int node, double[] histogram)
    {
        EnterNode(node);
        var split = FindBestSplit(histogram);
        if (split.IsValid && split.Gain > _settings.MinSplitGain)
        {
            _open.Add(new OpenNode(node, histogram, split));
        }
        else
        {
            ReturnHistogram(histogram);
        }
    }

    private void Split(OpenNode open, int leavesAfter)
    {
        var node = open.Node;
        var split = open.Split;
        var begin = _nodes.Begin[node];
        var end = _nodes.End[node];
        var lookup = _nodes.SetSplit(node, split, _data.Bins[split.Feature]);
        var mid = Partition(begin, end, _data.Codes[split.Feature], lookup);

        var depth = _nodes.Depth[node] + 1;
        var hessian = _nodes.Hessian[node];
        var gradient = _nodes.Gradient[node];
        // The right child is added right after the left one: LeafOf relies on it.
        var left = _nodes.Add(begin, mid, depth, split.LeftGradient, split.LeftHessian);
        var right = _nodes.Add(mid, end, depth, gradient - split.LeftGradient, hessian - split.LeftHessian);
        _nodes.Left[node] = left;
        _nodes.Right[node] = right;
        BoundChildren(node, left, right, split, gradient - split.LeftGradient, hessian - split.LeftHessian);

        var budgetLeft = _settings.Growth != GrowthPolicy.LeafWise || _settings.MaxLeaves == 0 || leavesAfter < _settings.MaxLeaves;
        var splitLeft = budgetLeft && CanSplit(left);
        var splitRight = budgetLeft && CanSplit(right);
        if (!splitLeft && !splitRight)
        {
            ReturnHistogram(open.Histogram);
            return;
        }

        // Histogram subtraction: build the child with fewer rows, derive the other from the parent in place.
        var leftIsSmaller = mid - begin <= end - mid;
        var small = leftIsSmaller ? left : right;
        var large = leftIsSmaller ? right : left;
        var smallHistogram = RentHistogram();
        BuildHistogram(smallHistogram, _nodes.Begin[small], _nodes.End[small], contiguous: false);
        var largeHistogram = open.Histogram;
        Subtract(largeHistogram, smallHistogram);

        var splitSmall = leftIsSmaller ? splitLeft : splitRight;
        var splitLarge = leftIsSmaller ? splitRight : splitLeft;
        if (splitSmall)
        {
            ConsiderForSplit(small, smallHistogram);
        }
        else
        {
            ReturnHistogram(smallHistogram);
        }

        if (splitLarge)
        {
            ConsiderForSplit(large, largeHistogram);
        }
        else
        {
            ReturnHistogram(largeHistogram);
        }
    }

    private double[] RentHistogram()
    {
        if (_freeHistograms.Count == 0)
        {
            return new double[_histogramLength];
        }

        var last = _freeHistograms[^1];
        _freeHistograms.RemoveAt(_freeHistograms.Count - 1);
        return last;
    }

    private void ReturnHistogram(double[] histogram) => _freeHistograms.Add(histogram);

    private DecisionTree ToTree()
    {
        var scale = _settings.LeafScale;
        for (var node = 0; node < _nodes.Count; node++)
        {
            _nodes.Value[node] = NodeWeight(node) * scale;
        }

        return _nodes.ToTree(_data.Bins, _settings.CoverFromHessian);
    }

    private readonly record struct OpenNode(int Node, double[] Histogram, SplitInfo Split);
}
