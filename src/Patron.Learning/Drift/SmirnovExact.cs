namespace Patron.Learning.Drift;

/// <summary>The exact null distribution of the two-sample Kolmogorov-Smirnov statistic: P(D ≥ h / lcm(n1, n2)) by
/// counting lattice paths (Hodges 1958, "The significance probability of the Smirnov two-sample test"), as SciPy's
/// <c>ks_2samp</c> does for samples of at most 10,000 rows.</summary>
/// <remarks>Equal sizes use the alternating-sum closed form; unequal sizes Viehmann's (2021) recursion for the
/// complement ("Numerically more stable computation of the p-values for the two-sample Kolmogorov-Smirnov test",
/// arXiv:2102.08037), which carries probabilities rather than path counts and so cannot overflow. Pure functions,
/// thread-safe.</remarks>
internal static class SmirnovExact
{
    /// <summary>P(D ≥ h / lcm) for samples of <paramref name="n1"/> and <paramref name="n2"/> rows, where
    /// <paramref name="h"/> is the statistic times lcm(n1, n2); NaN when the computation left [0, 1].</summary>
    public static double TwoSided(int n1, int n2, long h)
    {
        if (h <= 0)
        {
            return 1.0;
        }

        var p = n1 == n2 ? OutsideSquare(n1, h) : OutsideBand(n1, n2, h);
        return p is >= 0.0 and <= 1.0 ? p : double.NaN;
    }

    /// <summary>Equal sizes: 2 Σ_k (−1)^(k+1) C(2n, n − k·h) / C(2n, n), summed in Horner form from the smallest term.</summary>
    private static double OutsideSquare(int n, long h)
    {
        var p = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var term = 1.0;
            for (long j = 0; j < h; j++)
            {
                term = (n - k * h - j) * term / (n + k * h + j + 1);
            }

            p = term * (1.0 - p);
        }

        return 2 * p;
    }

    /// <summary>Unequal sizes: the share of monotone lattice paths from (0, 0) to (m, n) that leave the band
    /// |x·n/g − y·m/g| &lt; h, carried column by column as probabilities over a sliding window.</summary>
    private static double OutsideBand(int first, int second, long h)
    {
        long m = Math.Max(first, second), n = Math.Min(first, second);
        var g = Gcd(m, n);
        long mg = m / g, ng = n / g;

        long minJ = 0;
        var maxJ = Math.Min(CeilDiv(h, mg), n + 1);
        var length = maxJ - minJ;
        var a = new double[Math.Min(2 * maxJ + 2, n + 1)];
        Array.Fill(a, 1.0);
        Array.Clear(a, 0, (int)maxJ);
        for (long i = 1; i <= m; i++)
        {
            var lastMinJ = minJ;
            var lastLength = length;
            minJ = Math.Min(Math.Max(FloorDiv(ng * i - h, mg) + 1, 0), n);
            maxJ = Math.Min(CeilDiv(ng * i + h, mg), n + 1);
            if (maxJ <= minJ)
            {
                return 1.0;
            }

            var value = minJ == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxJ - minJ; jj++)
            {
                var j = jj + minJ;
                value = (a[jj + minJ - lastMinJ] * i + value * j) / (i + j);
                a[jj] = value;
            }

            length = maxJ - minJ;
            if (lastLength > length)
            {
                var from = (int)(maxJ - minJ);
                var to = (int)Math.Min(from + (lastLength - length), a.Length);
                Array.Fill(a, 1.0, from, to - from);
            }
        }

        return a[maxJ - minJ - 1];
    }

    internal static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
