namespace Patron.Learning.Trees;

/// <summary>The nodes of the tree being grown, in growable parallel arrays reused from tree to tree.</summary>
internal sealed partial class TreeGrower
{
    private sealed class NodeStore
    {
        private const int LookupSize = 256;

        public int Count { get; private set; }

        public int[] Begin { get; private set; } = new int[64];

        public int[] End { get; private set; } = new int[64];

        public int[] Depth { get; private set; } = new int[64];

        public double[] Gradient { get; private set; } = new double[64];

        public double[] Hessian { get; private set; } = new double[64];

        public int[] Left { get; private set; } = new int[64];

        public int[] Right { get; private set; } = new int[64];

        public double[] Value { get; private set; } = new double[64];

        public SplitInfo[] Splits { get; private set; } = new SplitInfo[64];

        /// <summary>Per node, 256 flags telling whether each bin code goes left; drives partitioning and scoring on bins.</summary>
        public byte[] Lookup { get; private set; } = new byte[64 * LookupSize];

        // The fixed-depth walk of LeavesOf, made by PrepareWalk.
        private int[] _walkColumn = [];
        private int[] _walkRight = [];
        private int _walkDepth;

        public void Clear() => Count = 0;

        public int Add(int begin, int end, int depth, double gradient, double hessian)
        {
            if (Count == Begin.Length)
            {
                Grow();
            }

            var i = Count++;
            Begin[i] = begin;
            End[i] = end;
            Depth[i] = depth;
            Gradient[i] = gradient;
            Hessian[i] = hessian;
            Left[i] = -1;
            Right[i] = -1;
            Value[i] = 0;
            Splits[i] = SplitInfo.None;
            return i;
        }

        public ReadOnlySpan<byte> SetSplit(int node, in SplitInfo split, FeatureBins bins)
        {
            Splits[node] = split;
            var lookup = Lookup.AsSpan(node * LookupSize, LookupSize);
            lookup.Clear();
            for (var b = 0; b < bins.BinCount; b++)
            {
                var left = split.IsCategorical ? split.HasBit(b) : b <= split.Bin;
                lookup[b] = left ? (byte)1 : (byte)0;
            }

            lookup[bins.MissingBin] = split.DefaultLeft ? (byte)1 : (byte)0;
            return lookup;
        }

        /// <summary>The leaf a row reaches, reading bin codes.</summary>
        /// <remarks>A split adds its two children one after the other (<see cref="TreeGrower.Split"/>), so the right
        /// child is the left one plus one and the step is an add of the lookup's flag, with no branch on the row's
        /// direction.</remarks>
        public int LeafOf(byte[][] codes, int row)
        {
            var node = 0;
            var left = Left;
            var lookup = Lookup;
            var splits = Splits;
            int next;
            while ((next = left[node]) >= 0)
            {
                var code = codes[splits[node].Feature][row];
                node = next + 1 - lookup[(node * LookupSize) + code];
            }

            return node;
        }

        /// <summary>Readies <see cref="LeavesOf"/> for the tree grown: per node the column a step reads and the right
        /// child (a leaf: itself, read column 0, and a lookup row of zeros, so it steps to itself), and the depth.</summary>
        public void PrepareWalk()
        {
            var n = Count;
            if (_walkColumn.Length < n)
            {
                _walkColumn = new int[Begin.Length];
                _walkRight = new int[Begin.Length];
            }

            _walkDepth = 0;
            for (var node = 0; node < n; node++)
            {
                _walkDepth = Math.Max(_walkDepth, Depth[node]);
                if (Left[node] >= 0)
                {
                    _walkColumn[node] = Splits[node].Feature;
                    _walkRight[node] = Left[node] + 1;
                }
                else
                {
                    _walkColumn[node] = 0;
                    _walkRight[node] = node;
                    Lookup.AsSpan(node * LookupSize, LookupSize).Clear();
                }
            }
        }

        /// <summary>The leaf each row reaches (row <c>map[rows[k]]</c>, or <c>rows[k]</c> without a map), into
        /// <paramref name="leaves"/>[k]: the leaves of <see cref="LeafOf"/>, walked four rows at a time for exactly the
        /// tree's depth in steps (after <see cref="PrepareWalk"/>), so the rows' loads of their codes overlap.</summary>
        public void LeavesOf(byte[][] codes, ReadOnlySpan<int> rows, int[]? map, Span<int> leaves)
        {
            var column = _walkColumn;
            var right = _walkRight;
            var lookup = Lookup;
            var depth = _walkDepth;
            var k = 0;
            for (; k + 4 <= rows.Length; k += 4)
            {
                int r0 = rows[k], r1 = rows[k + 1], r2 = rows[k + 2], r3 = rows[k + 3];
                if (map is not null)
                {
                    (r0, r1, r2, r3) = (map[r0], map[r1], map[r2], map[r3]);
                }

                int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
                for (var d = 0; d < depth; d++)
                {
                    n0 = right[n0] - lookup[(n0 * LookupSize) + codes[column[n0]][r0]];
                    n1 = right[n1] - lookup[(n1 * LookupSize) + codes[column[n1]][r1]];
                    n2 = right[n2] - lookup[(n2 * LookupSize) + codes[column[n2]][r2]];
                    n3 = right[n3] - lookup[(n3 * LookupSize) + codes[column[n3]][r3]];
                }

                (leaves[k], leaves[k + 1], leaves[k + 2], leaves[k + 3]) = (n0, n1, n2, n3);
            }

            for (; k < rows.Length; k++)
            {
                var row = map is null ? rows[k] : map[rows[k]];
                var node = 0;
                for (var d = 0; d < depth; d++)
                {
                    node = right[node] - lookup[(node * LookupSize) + codes[column[node]][row]];
                }

                leaves[k] = node;
            }
        }

        public DecisionTree ToTree(FeatureBins[] bins, bool coverFromHessian)
        {
            var n = Count;
            var feature = new int[n];
            var threshold = new float[n];
            var defaultLeft = new bool[n];
            var left = new int[n];
            var right = new int[n];
            var value = new double[n];
            var cover = new double[n];
            var gain = new double[n];
            var categoryOffset = new int[n];
            var categoryWords = new int[n];
            var bits = new List<uint>();
            for (var i = 0; i < n; i++)
            {
                value[i] = Value[i];
                cover[i] = coverFromHessian ? Hessian[i] : End[i] - Begin[i];
                left[i] = Left[i];
                right[i] = Right[i];
                categoryOffset[i] = -1;
                if (Left[i] < 0)
                {
                    feature[i] = -1;
                    continue;
                }

                var split = Splits[i];
                var b = bins[split.Feature];
                feature[i] = split.Feature;
                defaultLeft[i] = split.DefaultLeft;
                gain[i] = split.Gain;
                if (!split.IsCategorical)
                {
                    threshold[i] = b.UpperBounds[split.Bin];
                    continue;
                }

                // Expand the bin set to a set over level codes: codes past the last bin share its decision.
                var words = (b.LevelCount + 31) >> 5;
                categoryOffset[i] = bits.Count;
                categoryWords[i] = words;
                for (var w = 0; w < words; w++)
                {
                    uint word = 0;
                    for (var k = 0; k < 32; k++)
                    {
                        var code = (w << 5) + k;
                        if (code < b.LevelCount && split.HasBit(Math.Min(code, b.BinCount - 1)))
                        {
                            word |= 1u << k;
                        }
                    }

                    bits.Add(word);
                }
            }

            return new DecisionTree(feature, threshold, defaultLeft, left, right, value, cover, gain, categoryOffset, categoryWords, [.. bits]);
        }

        private void Grow()
        {
            var size = Begin.Length * 2;
            Begin = Resize(Begin, size);
            End = Resize(End, size);
            Depth = Resize(Depth, size);
            Gradient = Resize(Gradient, size);
            Hessian = Resize(Hessian, size);
            Left = Resize(Left, size);
            Right = Resize(Right, size);
            Value = Resize(Value, size);
            Splits = Resize(Splits, size);
            Lookup = Resize(Lookup, size * LookupSize);
        }

        private static T[] Resize<T>(T[] array, int size)
        {
            var result = new T[size];
            array.CopyTo(result, 0);
            return result;
        }
    }
}
