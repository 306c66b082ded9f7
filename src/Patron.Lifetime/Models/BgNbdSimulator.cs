namespace Patron.Lifetime.Models;

/// <summary>Draws calibration histories from the BG/NBD generative process, for benchmarks and parameter-recovery checks.</summary>
/// <remarks>
/// Each customer gets λ ~ Gamma(r, rate α) and p ~ Beta(a, b), buys at Poisson(λ) times from 0 to T and, after each
/// repeat purchase, drops out with probability p (FHL 2005, section 3). T is uniform on [minAge, maxAge]. The same seed
/// gives the same histories.
/// </remarks>
public static class BgNbdSimulator
{
    public static (int[] X, double[] Recency, double[] Age) Simulate(BgNbdModel model, int customers, double minAge, double maxAge, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        var random = new Random(seed);
        var x = new int[customers];
        var recency = new double[customers];
        var age = new double[customers];
        for (var i = 0; i < customers; i++)
        {
            var lambda = Gamma(random, model.R) / model.Alpha;
            var g1 = Gamma(random, model.A);
            var p = g1 / (g1 + Gamma(random, model.B));
            var t = minAge + random.NextDouble() * (maxAge - minAge);
            var time = 0.0;
            var count = 0;
            var last = 0.0;
            while (true)
            {
                time += -Math.Log(1.0 - random.NextDouble()) / lambda;
                if (time > t)
                {
                    break;
                }

                count++;
                last = time;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            x[i] = count;
            recency[i] = last;
            age[i] = t;
        }

        return (x, recency, age);
    }

    // Marsaglia & Tsang (2000) for shape ≥ 1; shape < 1 through Gamma(shape + 1) · U^(1/shape).
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1.0)
        {
            return Gamma(random, shape + 1.0) * Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double z, v;
            do
            {
                // Box-Muller normal.
                z = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
                v = 1.0 + c * z;
            }
            while (v <= 0.0);

            v = v * v * v;
            var u = 1.0 - random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }
}
