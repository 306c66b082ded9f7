using Patron.Learning.Boosting;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Boosting;

/// <summary>The branch-free forms of the log loss and of the row sample's draw against the branching forms they
/// replaced, bit for bit.</summary>
public sealed class BoostingKernelTests
{
    private static readonly double[] EdgeScores =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 1e-17, -1e-17, 0.5, -0.5, 1, -1, 36.7, -36.7, 40, -40,
        709, -709, 745.2, -745.2, 800, -800, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity,
    ];

    [Fact]
    public void LogLossGradients_EdgeAndRandomScores_SameBitsAsTheBranchingFormula()
    {
        var raw = Scores();
        var y = raw.Select((_, i) => i % 3 == 0 ? 1.0 : 0.0).ToArray();
        var weight = raw.Select((_, i) => 0.25 + (i % 7)).ToArray();
        var loss = new LogLoss();
        foreach (var w in new[] { Array.Empty<double>(), weight })
        {
            var target = new GradientPair[raw.Length];
            var (sum, total) = loss.Gradients(y, w, raw, target);
            double expectedSum = 0, expectedTotal = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var r = raw[i];
                var e = Math.Exp(-Math.Abs(r));
                var p = r >= 0 ? 1 / (1 + e) : e / (1 + e);
                var wi = w.Length == 0 ? 1.0 : w[i];
                Assert.Equal(Bits((float)((p - y[i]) * wi)), Bits(target[i].Gradient));
                Assert.Equal(Bits((float)(Math.Max(p * (1 - p), 1e-16) * wi)), Bits(target[i].Hessian));
                expectedSum += wi * (Math.Max(r, 0) + Math.Log(1 + e) - (y[i] * r));
                expectedTotal += wi;
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(expectedSum), BitConverter.DoubleToInt64Bits(sum));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expectedTotal), BitConverter.DoubleToInt64Bits(total));
        }
    }

    [Fact]
    public void LogLossRowLoss_EdgeAndRandomScores_SameBitsAsTheBranchingFormula()
    {
        var loss = default(LogLoss.RowLoss);
        foreach (var raw in Scores())
        {
            foreach (var y in new[] { 0.0, 1.0 })
            {
                var softplus = raw > 0 ? raw + Math.Log(1 + Math.Exp(-raw)) : Math.Log(1 + Math.Exp(raw));
                var expected = 0.75 * (softplus - (y * raw));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(loss.WeightedLoss(0.75, y, raw)));
            }
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(1.0 / 3)]
    [InlineData(0.1)]
    [InlineData(1e-9)]
    [InlineData(0.9999999999999999)]
    public void SampleThreshold_RandomDrawsAndTheDrawsAroundIt_SameDecisionAsNextDouble(double share)
    {
        var threshold = BoostingState.SampleThreshold(share);
        var random = new SeededRandom(9);
        var draws = new List<ulong>();
        for (var i = 0; i < 100_000; i++)
        {
            draws.Add(random.NextUInt64());
        }

        // The top 53 bits just below, at and above the threshold, with any low bits.
        foreach (var k in new[] { threshold - 2, threshold - 1, threshold, threshold + 1 })
        {
            draws.Add(k << 11);
            draws.Add((k << 11) | 0x7FF);
        }

        foreach (var draw in draws)
        {
            var asDouble = (draw >> 11) * (1.0 / (1UL << 53));
            Assert.Equal(asDouble < share, SeededRandom.Below(draw, threshold));
        }
    }

    private static double[] Scores()
    {
        var random = new Random(3);
        var scores = new List<double>(EdgeScores);
        for (var i = 0; i < 20_000; i++)
        {
            scores.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 4)));
        }

        return [.. scores];
    }

    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
}
