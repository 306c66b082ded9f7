using Patron.Demo.Randomness;

namespace Patron.Demo.Tests.Randomness;

public sealed class SamplingTests
{
    private const int Draws = 200_000;

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(0.9, 1.0 / 60)]
    [InlineData(4.0, 1.0 / 30)]
    [InlineData(25.0, 3.0)]
    public void Gamma_ManyDraws_MeanAndVarianceMatchShapeAndScale(double shape, double scale)
    {
        var rng = new Xoshiro256StarStar(17);
        var (mean, variance) = Moments(Draws, () => Sampling.Gamma(ref rng, shape, scale));

        // Gamma(k, θ): mean kθ, variance kθ²; tolerances are about five standard errors.
        Assert.Equal(shape * scale, mean, shape * scale * 0.02);
        Assert.Equal(shape * scale * scale, variance, shape * scale * scale * 0.06);
    }

    [Fact]
    public void StandardNormalPair_ManyDraws_AreTwoUncorrelatedStandardNormals()
    {
        var rng = new Xoshiro256StarStar(29);
        double sumX = 0, sumY = 0, sumXx = 0, sumYy = 0, sumXy = 0;
        for (var i = 0; i < Draws; i++)
        {
            var (x, y) = Sampling.StandardNormalPair(ref rng);
            sumX += x;
            sumY += y;
            sumXx += x * x;
            sumYy += y * y;
            sumXy += x * y;
        }

        // Standard errors at 200,000 draws: 0.0022 for the means and the correlation, 0.0032 for the variances.
        Assert.Equal(0.0, sumX / Draws, 0.011);
        Assert.Equal(0.0, sumY / Draws, 0.011);
        Assert.Equal(1.0, sumXx / Draws, 0.016);
        Assert.Equal(1.0, sumYy / Draws, 0.016);
        Assert.Equal(0.0, sumXy / Draws, 0.011);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    public void Poisson_ManyDraws_MeanAndVarianceEqualTheMean(double mean)
    {
        var rng = new Xoshiro256StarStar(23);
        var (observed, variance) = Moments(Draws, () => Sampling.Poisson(ref rng, mean));

        // Poisson(μ): mean and variance μ; 40 spans three chunks, so the chunk sum is tested too.
        Assert.Equal(mean, observed, mean * 0.02);
        Assert.Equal(mean, variance, mean * 0.06);
    }

    [Fact]
    public void Beta_ManyDraws_MeanAndVarianceMatchParameters()
    {
        var rng = new Xoshiro256StarStar(18);
        var (mean, variance) = Moments(Draws, () => Sampling.Beta(ref rng, 1.0, 6.0));

        // Beta(a, b): mean a/(a+b), variance ab / ((a+b)²(a+b+1)).
        Assert.Equal(1.0 / 7.0, mean, 0.002);
        Assert.Equal(6.0 / (49.0 * 8.0), variance, 0.0006);
    }

    [Fact]
    public void LogNormal_ManyDraws_LogHasRequestedMeanAndDeviation()
    {
        var rng = new Xoshiro256StarStar(19);
        var (mean, variance) = Moments(Draws, () => Math.Log(Sampling.LogNormal(ref rng, 3.0, 0.5)));

        Assert.Equal(3.0, mean, 0.005);
        Assert.Equal(0.25, variance, 0.005);
    }

    [Fact]
    public void FromCumulative_ZipfWeights_FrequenciesFollowWeights()
    {
        var weights = new double[50];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = Math.Pow(k + 1, -1.1);
        }

        var cumulative = Sampling.Cumulative(weights);
        var rng = new Xoshiro256StarStar(20);
        var counts = new int[weights.Length];
        for (var i = 0; i < Draws; i++)
        {
            counts[Sampling.FromCumulative(ref rng, cumulative)]++;
        }

        for (var k = 0; k < 5; k++)
        {
            var expected = Draws * weights[k] / cumulative[^1];
            Assert.Equal(expected, counts[k], expected * 0.05);
        }
    }

    [Fact]
    public void FromCumulative_ZeroWeightEntries_AreNeverDrawn()
    {
        double[] cumulative = [0.0, 1.0, 1.0, 3.0];
        var rng = new Xoshiro256StarStar(21);
        for (var i = 0; i < 10_000; i++)
        {
            var index = Sampling.FromCumulative(ref rng, cumulative);
            Assert.True(index is 1 or 3, $"drew index {index} of weight zero");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void FromCumulative_WithGuideTable_DrawsWhatTheBinarySearchDraws(int length)
    {
        var weights = new double[length];
        var source = new Xoshiro256StarStar(22);
        for (var k = 0; k < length; k++)
        {
            // Zipf weights with every fifth weight zero, so zero-weight entries sit everywhere, including the ends.
            weights[k] = k % 5 == 3 ? 0.0 : Math.Pow(k + 1, -1.1) * (0.5 + source.NextDouble());
        }

        var cumulative = Sampling.Cumulative(weights);
        var guide = new int[length];
        Sampling.BuildGuide(cumulative, guide);
        var bySearch = new Xoshiro256StarStar(23);
        var byGuide = new Xoshiro256StarStar(23);
        for (var i = 0; i < 50_000; i++)
        {
            Assert.Equal(Sampling.FromCumulative(ref bySearch, cumulative), Sampling.FromCumulative(ref byGuide, cumulative, guide));
        }
    }

    private static (double Mean, double Variance) Moments(int count, Func<double> draw)
    {
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < count; i++)
        {
            var x = draw();
            sum += x;
            sumSquares += x * x;
        }

        var mean = sum / count;
        return (mean, (sumSquares - count * mean * mean) / (count - 1));
    }
}
