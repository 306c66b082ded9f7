using System.Buffers;
using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Explain;

/// <summary>Path-dependent TreeSHAP contributions of a tree ensemble in raw-score space: slot j is
/// <c>scale × Σ over trees of feature j's Shapley value</c>, the last slot <c>bias + scale × Σ expected tree
/// values</c>, so the slots add up to the raw score.</summary>
/// <remarks>Each tree's contributions are computed part by part (see <see cref="TreeShapLayout"/>), every part's vector
/// from zero, and added into the row in tree and part order, by the one-row and the batch path alike, so both give the
/// same bits. The batch path looks the vectors of tabulated trees up by the row's pattern of directions (tables built
/// on the first batch call, a few milliseconds for hundreds of shallow trees) and computes the other trees directly.
/// Thread-safe; the results do not depend on the number of threads.</remarks>
internal sealed partial class TreeShapExplainer
{
    private readonly FeatureSchema _schema;
    private readonly TreeShapLayout[] _layouts;
    private readonly double _scale;
    private readonly double _expected;
    private readonly int _maxNodes;
    private readonly int _maxPath;
    private readonly int _maxSlots;
    private readonly Lock _gate = new();

    // Per tree, per part, the table of every pattern's vector (null for trees explained directly); built once.
    private double[][]?[]? _tables;

    // The last schema object found compatible: checking again is a reference comparison (a benign race: any value
    // written here was checked).
    private FeatureSchema? _checked;

    public TreeShapExplainer(FeatureSchema schema, DecisionTree[] trees, double scale, double bias)
    {
        _schema = schema;
        _scale = scale;
        _layouts = TreeShapLayout.Of(trees);
        var expected = 0.0;
        foreach (var tree in trees)
        {
            expected += tree.ExpectedValue;
        }

        _expected = bias + (scale * expected);
        foreach (var layout in _layouts)
        {
            _maxNodes = Math.Max(_maxNodes, layout.Tree.NodeCount);
            _maxPath = Math.Max(_maxPath, layout.PathLength);
            _maxSlots = Math.Max(_maxSlots, layout.MaxSlots);
        }
    }

    /// <summary>Number of trees whose parts are tabulated for the batch path.</summary>
    internal int TabulatedTreeCount
    {
        get
        {
            var count = 0;
            foreach (var layout in _layouts)
            {
                count += layout.Tabulated ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>Contributions of one row; see <see cref="IExplainable.Contributions(FeatureMatrix, int, Span{double})"/>.</summary>
    public void Contributions(FeatureMatrix x, int row, Span<double> phi)
    {
        Check(x);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, x.RowCount);
        if (phi.Length != x.ColumnCount + 1)
        {
            throw new ArgumentException($"phi has {phi.Length} slots; expected features + 1 = {x.ColumnCount + 1}.", nameof(phi));
        }

        var columns = x.ColumnArrays;
        var goesLeft = ArrayPool<bool>.Shared.Rent(_maxNodes);
        var path = ArrayPool<TreeShap.PathElement>.Shared.Rent(_maxPath);
        var slots = ArrayPool<double>.Shared.Rent(_maxSlots);
        phi.Clear();
        foreach (var layout in _layouts)
        {
            layout.Route(columns, row, goesLeft);
            foreach (var part in layout.Parts)
            {
                AddPart(part, goesLeft, slots, path, phi);
            }
        }

        phi[^1] = _expected;
        ArrayPool<double>.Shared.Return(slots);
        ArrayPool<TreeShap.PathElement>.Shared.Return(path);
        ArrayPool<bool>.Shared.Return(goesLeft);
    }

    // Computes one part's vector from zero and adds it: the same steps, and so the same bits, as its table entry.
    private void AddPart(TreeShapPart part, bool[] goesLeft, double[] slots, TreeShap.PathElement[] path, Span<double> phi)
    {
        var vector = slots.AsSpan(0, part.Features.Length);
        vector.Clear();
        TreeShap.Accumulate(part, goesLeft, _scale, vector, path);
        part.AddTo(vector, phi);
    }

    private void Check(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var schema = x.Schema;
        if (!ReferenceEquals(schema, Volatile.Read(ref _checked)))
        {
            _schema.EnsureCompatible(schema);
            Volatile.Write(ref _checked, schema);
        }
    }
}
