using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Trees;

/// <summary>The grower's histogram, partition and subtraction kernels against plain loops, bit for bit: the kernels may
/// read and write in any way as long as every bin adds its rows in the plain loop's order.</summary>
public sealed class TreeGrowerKernelTests
{
    /// <summary>Bin counts from 1 to 255 (each feature also has its missing slot), so codes reach the histograms'
    /// last slots; feature counts that leave units of eight, a group of four and single features.</summary>
    [Theory]
    [InlineData(1_000, 13, 1, false)]
    [InlineData(1_000, 13, 1, true)]
    [InlineData(5_003, 21, 1, true)]
    [InlineData(5_003, 21, 1, false)]
    [InlineData(60_001, 27, 2, true)]
    [InlineData(60_001, 27, 2, false)]
    [InlineData(3, 9, 1, true)]
    [InlineData(5_003, 24, 1, true)]
    [InlineData(2_049, 24, 1, false)]
    [InlineData(2_047, 24, 1, false)]
    [InlineData(60_001, 24, 2, false)]
    [InlineData(60_001, 24, 2, true)]
    public void HistogramOf_RandomBinsAndGradients_EqualsThePlainSumBitForBit(int rowCount, int featureCount, int threads, bool sampled)
    {
        var random = new Random(rowCount + featureCount);
        var matrix = RandomMatrix(random, rowCount, featureCount);
        var gradients = RandomGradients(random, rowCount);
        var grower = new TreeGrower(matrix, new TreeGrowerSettings { MaxDegreeOfParallelism = threads });

        // The tree's features: all but a few, ascending, so some histograms stay empty.
        var features = Enumerable.Range(0, featureCount).Where(f => f % 5 != 3).ToArray();
        var rows = sampled ? Enumerable.Range(0, rowCount).Where(i => i == 1 || random.NextDouble() < 0.6).ToArray() : [];
        var actual = grower.HistogramOf(gradients, rows, features);

        var expected = PlainHistogram(matrix, gradients, sampled ? rows : Enumerable.Range(0, rowCount).ToArray(), features);
        Assert.Equal(expected.Length, actual.Length);
        for (var s = 0; s < expected.Length; s++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[s]) == BitConverter.DoubleToInt64Bits(actual[s]),
                $"slot {s}: expected {expected[s]:R}, got {actual[s]:R}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(777)]
    [InlineData(4_096)]
    public void Compact_RandomDirections_LeftRowsInPlaceRightRowsInScratchBothInOrder(int length)
    {
        var random = new Random(length);
        var codes = new byte[10_000];
        random.NextBytes(codes);
        var goesLeft = new byte[256];
        for (var b = 0; b < goesLeft.Length; b++)
        {
            goesLeft[b] = (byte)(random.Next(3) == 0 ? 1 : 0);
        }

        var rows = new int[length + 10];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = random.Next(codes.Length);
        }

        var original = rows.ToArray();
        var scratch = new int[rows.Length + 20];
        var from = Math.Min(5, length);
        var to = from + length - Math.Min(5, length);
        var lefts = TreeGrower.Compact(rows, scratch, from, to, 7, codes, goesLeft);

        var expectedLeft = original[from..to].Where(r => goesLeft[codes[r]] != 0).ToArray();
        var expectedRight = original[from..to].Where(r => goesLeft[codes[r]] == 0).ToArray();
        Assert.Equal(expectedLeft.Length, lefts);
        Assert.Equal(expectedLeft, rows[from..(from + lefts)]);
        Assert.Equal(expectedRight, scratch[7..(7 + expectedRight.Length)]);
        Assert.Equal(original[..from], rows[..from]);
        Assert.Equal(original[to..], rows[to..]);
    }

    /// <summary>A root of more rows than the parallel partition's threshold, split over chunks on two threads: every
    /// leaf's slice of the grower's rows is ascending, holds exactly the rows the tree sends there, and the slices
    /// together are the rows grown on.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Grow_LargeNodes_LeafRangesHoldTheirRowsAscending(int threads)
    {
        var rowCount = TreeGrower.ParallelRowThreshold + 40_123;
        var random = new Random(11);
        var matrix = RandomMatrix(random, rowCount, 6);
        var gradients = RandomGradients(random, rowCount);
        var grower = new TreeGrower(matrix, new TreeGrowerSettings { MaxDepth = 3, MinChildWeight = 1, MaxDegreeOfParallelism = threads });
        var sample = Enumerable.Range(0, rowCount).Where(i => i % 7 != 2).ToArray();
        var tree = grower.Grow(gradients, sample, [0, 1, 2, 3, 4, 5], new SeededRandom(3));
        Assert.True(tree.NodeCount >= 7);

        var seen = new List<int>();
        for (var node = 0; node < grower.NodeCount; node++)
        {
            if (!grower.IsLeaf(node))
            {
                continue;
            }

            var (begin, end) = grower.LeafRange(node);
            var slice = grower.Rows[begin..end].ToArray();
            for (var k = 0; k < slice.Length; k++)
            {
                Assert.Equal(node, grower.LeafOf(slice[k]));
                Assert.True(k == 0 || slice[k] > slice[k - 1]);
            }

            seen.AddRange(slice);
        }

        seen.Sort();
        Assert.Equal(sample, seen);
    }

    [Fact]
    public void SubtractSlots_EveryLength_EqualsScalarSubtraction()
    {
        var random = new Random(5);
        for (var length = 0; length < 40; length++)
        {
            var parent = Enumerable.Range(0, length).Select(_ => Tail(random)).ToArray();
            var child = Enumerable.Range(0, length).Select(_ => Tail(random)).ToArray();
            var expected = parent.Zip(child, (p, c) => p - c).ToArray();
            TreeGrower.SubtractSlots(parent, child);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), parent.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    // A random binned matrix: per feature 1 to 255 value bins plus the missing code, about a tenth of the cells
    // missing, the rest skewed towards low codes as counts are.
    private static BinnedMatrix RandomMatrix(Random random, int rowCount, int featureCount)
    {
        var bins = new FeatureBins[featureCount];
        var codes = new byte[featureCount][];
        for (var f = 0; f < featureCount; f++)
        {
            var binCount = f switch { 0 => 255, 1 => 1, 2 => 2, _ => 1 + random.Next(255) };
            bins[f] = new FeatureBins(false, new float[binCount], binCount, 0);
            codes[f] = new byte[rowCount];
            for (var i = 0; i < rowCount; i++)
            {
                codes[f][i] = random.NextDouble() < 0.1
                    ? (byte)binCount
                    : (byte)Math.Min(binCount - 1, (int)(binCount * Math.Pow(random.NextDouble(), 3)));
            }
        }

        return new BinnedMatrix(bins, codes, rowCount);
    }

    private static GradientPair[] RandomGradients(Random random, int rowCount)
    {
        var gradients = new GradientPair[rowCount];
        for (var i = 0; i < rowCount; i++)
        {
            gradients[i] = new GradientPair((float)Tail(random), (float)Math.Abs(Tail(random)));
        }

        return gradients;
    }

    // Values over many magnitudes, both signs, some zeros: sums that round differently in another order.
    private static double Tail(Random random) => random.Next(10) == 0
        ? 0
        : (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-8, 9));

    /// <summary>The histograms as plain loops: each feature's bins add the rows in row order; the features past the
    /// last group of four sum a node of at least <see cref="TreeGrower.TwoWayRowThreshold"/> rows as two
    /// interleaved halves (even positions, odd positions) added slot by slot, as the grower always has.</summary>
    private static double[] PlainHistogram(BinnedMatrix matrix, GradientPair[] gradients, int[] rows, int[] features)
    {
        var histogram = new double[2 * matrix.BinOffsets[^1]];
        var grouped = features.Length / 4 * 4;
        for (var k = 0; k < features.Length; k++)
        {
            var f = features[k];
            var offset = 2 * matrix.BinOffsets[f];
            var slots = 2 * (matrix.Bins[f].BinCount + 1);
            var twoWay = k >= grouped && rows.Length >= TreeGrower.TwoWayRowThreshold;
            var second = new double[slots];
            for (var i = 0; i < rows.Length; i++)
            {
                var code = matrix.Codes[f][rows[i]];
                var pair = gradients[rows[i]];
                if (twoWay && i % 2 == 1)
                {
                    second[2 * code] += pair.Gradient;
                    second[(2 * code) + 1] += pair.Hessian;
                }
                else
                {
                    histogram[offset + (2 * code)] += pair.Gradient;
                    histogram[offset + (2 * code) + 1] += pair.Hessian;
                }
            }

            for (var s = 0; twoWay && s < slots; s++)
            {
                histogram[offset + s] += second[s];
            }
        }

        return histogram;
    }
}
