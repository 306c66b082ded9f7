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
