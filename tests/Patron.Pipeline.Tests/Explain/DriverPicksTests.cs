using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Pipeline.Explain;

namespace Patron.Pipeline.Tests.Explain;

public sealed class DriverPicksTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(3, 3)]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    public void Pick_RandomContributionsWithTiesZerosAndNaN_TheDriverReportsOrder(int seed, int k)
    {
        const int Features = 12;
        var builder = new FeatureMatrixBuilder(1);
        for (var j = 0; j < Features; j++)
        {
            builder.AddNumeric("f" + j, [j]);
        }

        var x = builder.Build();
        var random = new Random(seed);
        var values = new[] { 0.0, 0.5, -0.5, 1.25, -1.25, double.NaN, 3.0, -3.0, 1e-12 };
        var chosen = new int[k + 1];
        for (var trial = 0; trial < 500; trial++)
        {
            var phi = new double[Features + 1];
            for (var j = 0; j < phi.Length; j++)
            {
                // Few distinct values, so ties are common; the bias slot holds the largest value, which must not count.
                phi[j] = j == Features ? 100 : values[random.Next(values.Length)];
            }

            var report = Drivers.Top(phi, x, 0, k);
            foreach (var (positive, expected) in new[] { (true, report.Up), (false, report.Down) })
            {
                var count = DriverPicks.Pick(phi, k, positive, chosen);
                Assert.Equal(expected.Select(d => d.Feature), chosen.Take(count).Select(j => "f" + j));
            }
        }
    }

    [Fact]
    public void Pick_TooFewSlots_Refused() =>
        Assert.Throws<ArgumentException>(() => DriverPicks.Pick([1, 2, 0], 3, positive: true, new int[3]));
}
