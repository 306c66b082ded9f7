using Patron.Learning.Linear;

namespace Patron.Learning.Tests.Linear;

/// <summary>The kernels that pass over four columns at once against four passes of one column each.</summary>
public sealed class LinearKernelsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(37)]
    [InlineData(8_192)]
    public void AddScaled4_SameBitsAsFourAddScaledInOrder(int n)
    {
        var (x, start) = Data(n, seed: n + 1);
        double[] a = [0.37, -1.9e-3, 12.5, -0.81];

        var one = (double[])start.Clone();
        for (var c = 0; c < 4; c++)
        {
            LinearKernels.AddScaled(one, x[c], a[c]);
        }

        var four = (double[])start.Clone();
        LinearKernels.AddScaled4(four, x[0], a[0], x[1], a[1], x[2], a[2], x[3], a[3]);

        Assert.Equal(Bits(one), Bits(four));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(8_195)]
    public void Dot4_SameBitsAsFourDots(int n)
    {
        var (x, r) = Data(n, seed: n + 2);
        var sums = new double[4];

        LinearKernels.Dot4(r, x[0], x[1], x[2], x[3], sums);

        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(LinearKernels.Dot(r, x[c])), BitConverter.DoubleToInt64Bits(sums[c]));
        }
    }

    // Four float columns of mixed magnitudes (so the order of the adds shows in the last bits) and a double vector.
    private static (float[][] X, double[] V) Data(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[4][];
        for (var c = 0; c < 4; c++)
        {
            x[c] = new float[n];
            for (var i = 0; i < n; i++)
            {
                x[c][i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 5)));
            }
        }

        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-2, 3));
        }

        return (x, v);
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
