namespace Patron.Demo.Randomness;

/// <summary>Samplers for the distributions of the demo shop, each drawing from a caller-owned generator.</summary>
internal static class Sampling
{
    /// <summary>Exponential with the given rate (mean 1 / rate).</summary>
    public static double Exponential(ref Xoshiro256StarStar rng, double rate) => -Math.Log(rng.NextOpenDouble()) / rate;

    /// <summary>Standard normal by the Box–Muller transform (one value per call; simplicity over the spare value).</summary>
    public static double StandardNormal(ref Xoshiro256StarStar rng)
    {
        var u1 = rng.NextOpenDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Two independent standard normals from one Box–Muller transform.</summary>
    public static (double First, double Second) StandardNormalPair(ref Xoshiro256StarStar rng)
    {
        var radius = Math.Sqrt(-2.0 * Math.Log(rng.NextOpenDouble()));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
        return (radius * cos, radius * sin);
    }

    /// <summary>
    /// Gamma with shape <paramref name="shape"/> and scale <paramref name="scale"/> (mean shape × scale), by
    /// Marsaglia and Tsang, "A simple method for generating gamma variables" (ACM TOMS 26(3), 2000); shapes below
    /// one use their boost Gamma(shape + 1) · U^(1/shape).
    /// </summary>
    public static double Gamma(ref Xoshiro256StarStar rng, double shape, double scale)
    {
        if (shape < 1.0)
        {
            var boosted = Gamma(ref rng, shape + 1.0, 1.0);
            return boosted * Math.Pow(rng.NextOpenDouble(), 1.0 / shape) * scale;
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = StandardNormal(ref rng);
                v = 1.0 + c * x;
            }
            while (v <= 0.0);

            v = v * v * v;
            var u = rng.NextOpenDouble();
            var x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v)))
            {
                return d * v * scale;
            }
        }
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public static double Beta(ref Xoshiro256StarStar rng, double a, double b)
    {
        var x = Gamma(ref rng, a, 1.0);
        var y = Gamma(ref rng, b, 1.0);
        return x / (x + y);
    }

    /// <summary>
    /// Poisson with the given mean by Knuth's product of uniforms, in chunks of mean at most 16 (a sum of independent
    /// Poisson counts is Poisson with the summed mean), so large means neither underflow nor need another method.
    /// </summary>
    public static int Poisson(ref Xoshiro256StarStar rng, double mean)
    {
        const double Chunk = 16.0;
        var count = 0;
        while (mean > 0.0)
        {
            var part = Math.Min(mean, Chunk);
            mean -= part;
            var limit = Math.Exp(-part);
            var product = rng.NextDouble();
            while (product > limit)
            {
                count++;
                product *= rng.NextDouble();
            }
        }

        return count;
    }

    /// <summary>Lognormal: exp(mu + sigma · Z).</summary>
    public static double LogNormal(ref Xoshiro256StarStar rng, double mu, double sigma) =>
        Math.Exp(mu + sigma * StandardNormal(ref rng));

    /// <summary>
    /// Index drawn in proportion to weights given as a cumulative array (non-decreasing, last element the total):
    /// the first cumulative weight above u · total, by a branch-free lower bound (the comparisons are unpredictable,
    /// so a conditional move beats a branch).
    /// </summary>
    public static int FromCumulative(ref Xoshiro256StarStar rng, ReadOnlySpan<double> cumulative)
    {
        var total = cumulative[^1];

        // u · total can round up to total itself; keep the target strictly below it so a zero-weight tail is never drawn.
        var target = Math.Min(rng.NextDouble() * total, Math.BitDecrement(total));
        var first = 0;
        var length = cumulative.Length;
        while (length > 1)
        {
            var half = length >>> 1;
            first = cumulative[first + half - 1] <= target ? first + half : first;
            length -= half;
        }

        return first;
    }

    /// <summary>
    /// The same draw as <see cref="FromCumulative(ref Xoshiro256StarStar, ReadOnlySpan{double})"/> in expected constant
    /// time, with a guide table from <see cref="BuildGuide"/> (the cutpoint method of Chen and Asau, 1974): the table
    /// gives a start index at or near the answer for the draw's bucket, and a short scan finishes.
    /// </summary>
    public static int FromCumulative(ref Xoshiro256StarStar rng, ReadOnlySpan<double> cumulative, ReadOnlySpan<int> guide)
    {
        var total = cumulative[^1];
        var u = rng.NextDouble();
        var target = Math.Min(u * total, Math.BitDecrement(total));
        var i = guide[Math.Min((int)(u * guide.Length), guide.Length - 1)];

        // Rounding can put a draw just below its bucket's lower edge: step back so the scan never starts past the answer.
        while (i > 0 && cumulative[i - 1] > target)
        {
            i--;
        }

        while (cumulative[i] <= target)
        {
            i++;
        }

        return i;
    }

    /// <summary>For each of guide.Length equal buckets of [0, total), the first index whose cumulative weight exceeds the bucket's lower edge.</summary>
    public static void BuildGuide(ReadOnlySpan<double> cumulative, Span<int> guide)
    {
        var total = cumulative[^1];
        var i = 0;
        for (var k = 0; k < guide.Length; k++)
        {
            var edge = total * k / guide.Length;
            while (i < cumulative.Length - 1 && cumulative[i] <= edge)
            {
                i++;
            }

            guide[k] = i;
        }
    }

    /// <summary>Cumulative sums of <paramref name="weights"/>, for the cumulative draws above.</summary>
    public static double[] Cumulative(ReadOnlySpan<double> weights)
    {
        var result = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            result[i] = sum;
        }

        return result;
    }
}
