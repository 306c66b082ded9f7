using Patron.Learning.Drift;

namespace Patron.Learning.Tests.Drift;

public sealed class SortedSampleTests
{
    public static TheoryData<string, int> Samples => new()
    {
        { "continuous", 0 },
        { "continuous", 1 },
        { "continuous", SortedSample.RadixMinRows - 1 },
        { "continuous", SortedSample.RadixMinRows },
        { "continuous", 100_000 },
        { "signed", 20_000 },
        { "small integers", 50_000 },
        { "large integers", 50_000 },
        { "one value", 5_000 },
        { "extremes", 5_000 },
        { "with NaN", 30_000 },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void SortInPlace_AnySample_SameBitsAsArraySortOfTheValuesThatAreNotNaN(string kind, int n)
    {
        var values = Make(kind, n, seed: n + kind.Length);
        var expected = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(expected);

        var sorted = (double[])values.Clone();
        var count = SortedSample.SortInPlace(sorted, new double[n]);

        Assert.Equal(expected.Length, count);
        Assert.Equal(Bits(expected), Bits(sorted[..count]));
        Assert.Equal(Bits(expected), Bits(SortedSample.SortedCopy(values)));
    }

    [Fact]
    public void SortInPlace_NegativeZero_SortedAsArraySortLeavesIt()
    {
        // -0 and +0 compare equal, so their order is the comparison sort's own: a radix sort would put every -0 first.
        var random = new Random(5);
        var values = new double[4_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (i % 5) switch { 0 => -0.0, 1 => 0.0, 2 => double.NaN, _ => random.NextDouble() - 0.5 };
        }

        var expected = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(expected);

        var sorted = (double[])values.Clone();
        var count = SortedSample.SortInPlace(sorted, new double[values.Length]);

        Assert.Equal(Bits(expected), Bits(sorted[..count]));
        Assert.Contains(sorted[..count], v => double.IsNegative(v) && v == 0);
    }

    [Fact]
    public void SortInPlace_ScratchShorterThanTheSample_ThrowsAndOneAsLongSuffices()
    {
        var values = Make("continuous", 2_000, seed: 3);
        values[0] = double.NaN;

        Assert.Throws<ArgumentException>(() => SortedSample.SortInPlace((double[])values.Clone(), new double[1_998]));
        Assert.Equal(1_999, SortedSample.SortInPlace(values, new double[1_999]));
    }

    [Fact]
    public void NumericSorted_ColumnsSortedInPlace_SameVerdictAsNumeric()
    {
        foreach (var (reference, current) in new[]
                 {
                     (Make("continuous", 30_000, 1), Make("continuous", 25_000, 2)),
                     (Make("small integers", 30_000, 3), Make("small integers", 20_000, 4)),
                     (Make("with NaN", 8_000, 5), Make("signed", 9_000, 6)),
                 })
        {
            var expected = DriftDetector.Numeric("x", reference, current, new DriftOptions());
            var r = (double[])reference.Clone();
            var c = (double[])current.Clone();
            var scratch = new double[Math.Max(r.Length, c.Length)];
            var nr = SortedSample.SortInPlace(r, scratch);
            var nc = SortedSample.SortInPlace(c, scratch);

            var actual = DriftDetector.NumericSorted("x", r.AsSpan(0, nr), c.AsSpan(0, nc), new DriftOptions());

            Assert.Equal(expected with { Histogram = null }, actual with { Histogram = null });
            Assert.Equal(expected.Histogram!.Labels, actual.Histogram!.Labels);
            Assert.Equal(expected.Histogram.Reference, actual.Histogram.Reference);
            Assert.Equal(expected.Histogram.Current, actual.Histogram.Current);
        }
    }

    private static double[] Make(string kind, int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = kind switch
            {
                "continuous" => random.NextDouble() * 1_000,
                "signed" => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
                "small integers" => random.Next(0, 40),
                "large integers" => random.NextInt64(-1L << 52, 1L << 52),
                "one value" => 42.5,
                "extremes" => (i % 7) switch
                {
                    0 => double.PositiveInfinity,
                    1 => double.NegativeInfinity,
                    2 => double.Epsilon,
                    3 => -double.Epsilon,
                    4 => double.MaxValue,
                    5 => double.MinValue,
                    _ => random.NextDouble(),
                },
                "with NaN" => i % 4 == 0 ? double.NaN : random.NextDouble() * 10 - 3,
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }

        return values;
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
