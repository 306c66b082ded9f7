using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class EmpiricalIntervalTests
{
    [Fact]
    public void Build_PredictionInADecile_GetsThatDecilesTenthToNinetiethPercentile()
    {
        // 100 past customers: prediction i, actual spend 10·i, so decile g holds actuals 100g .. 100g + 90.
        var past = new double[100];
        var actual = new double[100];
        for (var i = 0; i < 100; i++)
        {
            past[i] = i;
            actual[i] = 10 * i;
        }

        var (lower, upper) = EmpiricalInterval.Build(past, actual, [5, 55, 1000, -3]);

        // Decile 0: actuals 0..90, linear quantiles 0.1 → 9, 0.9 → 81.
        Assert.Equal(9, lower[0], 9);
        Assert.Equal(81, upper[0], 9);
        Assert.Equal(509, lower[1], 9);
        Assert.Equal(581, upper[1], 9);

        // Beyond the past range the end deciles apply.
        Assert.Equal(909, lower[2], 9);
        Assert.Equal(981, upper[2], 9);
        Assert.Equal(9, lower[3], 9);
    }

    [Fact]
    public void Build_FewerRowsThanDeciles_GivesNoInterval()
    {
        var (lower, upper) = EmpiricalInterval.Build([1, 2, 3], [1, 2, 3], [2, 5]);

        Assert.All(lower, v => Assert.True(double.IsNaN(v)));
        Assert.All(upper, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Build_UnsortedInput_SameAsSorted()
    {
        var past = new double[50];
        var actual = new double[50];
        for (var i = 0; i < 50; i++)
        {
            var k = (i * 17) % 50;
            past[i] = k;
            actual[i] = k * k;
        }

        var sortedPast = new double[50];
        var sortedActual = new double[50];
        for (var k = 0; k < 50; k++)
        {
            sortedPast[k] = k;
            sortedActual[k] = k * k;
        }

        double[] predictions = [0, 12.5, 33, 49];
        var shuffled = EmpiricalInterval.Build(past, actual, predictions);
        var sorted = EmpiricalInterval.Build(sortedPast, sortedActual, predictions);

        Assert.Equal(sorted.Lower, shuffled.Lower);
        Assert.Equal(sorted.Upper, shuffled.Upper);
        Assert.All(shuffled.Lower.Zip(shuffled.Upper), p => Assert.True(p.First <= p.Second));
    }
}
