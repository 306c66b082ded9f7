namespace Patron.Learning.Drift;

/// <summary>The distribution of the one-sample two-sided Kolmogorov statistic D_n for finite n (SciPy's <c>kstwo</c>),
/// which the two-sample test uses for large samples with n = round(n1·n2 / (n1 + n2)).</summary>
/// <remarks>Follows the algorithm choice of Simard &amp; L'Ecuyer (2011), "Computing the two-sided Kolmogorov-Smirnov
/// distribution", J. Stat. Softw. 39(11), as SciPy implements it: the Ruben-Gambino closed forms at the ends, twice the
/// exact one-sided Smirnov tail (Birnbaum &amp; Tingey 1951) in the upper tail, the Durbin matrix (Marsaglia, Tsang &amp;
/// Wang 2003) for small n·x², and the Pelz-Good (1976) expansion otherwise. One difference: where SciPy uses the
/// Pomeranz recursion (n ≤ 140, 0.754693 &lt; n·x² ≤ 4) this uses the Durbin matrix, which is also exact.
/// Pure functions, thread-safe.</remarks>
internal static class KolmogorovDistribution
{
    private const int ScaleExponent = 128;
    private static readonly double Scale = Math.ScaleB(1.0, ScaleExponent);
    private static readonly double InverseScale = Math.ScaleB(1.0, -ScaleExponent);

    // Bernoulli-number coefficients B_2j / (2j (2j − 1)) of Stirling's series for j = 8 .. 1.
    private static readonly double[] StirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>P(D_n ≥ x).</summary>
    public static double Survival(int n, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }

            double probability;
            if (n <= 140)
            {
                probability = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    probability *= i * (1.0 / n) * (2 * t - 1);
                }
            }
            else
            {
                probability = Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            }

            return Clip(1.0 - probability);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * Smirnov(n, x));
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            return nxSquared <= 4 ? Clip(1.0 - DurbinCdf(n, x)) : Clip(2 * Smirnov(n, x));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * Smirnov(n, x));
        }

        var cdf = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinCdf(n, x) : PelzGoodCdf(n, x);
        return Clip(1.0 - cdf);
    }

    /// <summary>The one-sided tail P(D_n⁺ ≥ e) by Birnbaum and Tingey's exact sum, in logarithms.</summary>
    internal static double Smirnov(int n, double e)
    {
        if (e <= 0.0)
        {
            return 1.0;
        }

        if (e >= 1.0)
        {
            return 0.0;
        }

        var last = (int)Math.Floor(n * (1.0 - e));
        double sum = 0, logBinomial = 0;
        for (var v = 0; v <= last; v++)
        {
            var evn = e + (double)v / n;
            var rest = 1.0 - evn;
            if (rest > 0.0)
            {
                var log = logBinomial + (v - 1) * Math.Log(evn) + (n - v) * Math.Log(rest);
                if (log > -745.0)
                {
                    sum += Math.Exp(log);
                }
            }

            logBinomial += Math.Log((double)(n - v) / (v + 1));
        }

        return sum * e;
    }

    /// <summary>P(D_n ≤ d) by the k-th diagonal entry of the n-th power of Durbin's (2k − 1)-square matrix, with the
    /// powers rescaled by 2^128 to stay in range.</summary>
    internal static double DurbinCdf(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * factorial;
        }

        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * factorial;

        var matrix = new double[m * m];
        for (var column = 1; column < m; column++)
        {
            for (var row = column - 1; row < m; row++)
            {
                matrix[row * m + column] = w[row - column + 1];
            }
        }

        for (var row = 0; row < m; row++)
        {
            matrix[row * m] = v[row];
        }

        for (var column = 0; column < m; column++)
        {
            matrix[(m - 1) * m + column] = v[m - 1 - column];
        }

        var power = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            power[i * m + i] = 1.0;
        }

        var scratch = new double[m * m];
        var exponent = 0;
        var matrixExponent = 0;
        for (var remaining = n; remaining > 0; remaining /= 2)
        {
            if (remaining % 2 == 1)
            {
                Multiply(power, matrix, scratch, m);
                (power, scratch) = (scratch, power);
                exponent += matrixExponent;
            }

            Multiply(matrix, matrix, scratch, m);
            (matrix, scratch) = (scratch, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[(k - 1) * m + k - 1]) > Scale)
            {
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] /= Scale;
                }

                matrixExponent += ScaleExponent;
            }
        }

        var p = power[(k - 1) * m + k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < InverseScale)
            {
                p *= Scale;
                exponent -= ScaleExponent;
            }
        }

        return Clip(exponent != 0 ? Math.ScaleB(p, exponent) : p);
    }

    /// <summary>The Pelz-Good asymptotic expansion of P(D_n ≤ x) in powers of 1/√n, in the Jacobi-theta form that
    /// converges for small √n·x.</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var logQ = -Math.PI * Math.PI / 8 / z2;
        if (logQ < -708)
        {
            return 0.0;
        }

        var q = Math.Exp(logQ);
        const double Pi2 = Math.PI * Math.PI;
        const double Pi4 = Pi2 * Pi2;
        const double Pi6 = Pi4 * Pi2;
        var k1a = -z2;
        var k1b = Pi2 / 4;
        var k2a = 6 * z6 + 2 * z4;
        var k2b = (2 * z4 - 5 * z2) * Pi2 / 4;
        var k2c = Pi4 * (1 - 2 * z2) / 16;
        var k3d = Pi6 * (5 - 30 * z2) / 64;
        var k3c = Pi4 * (-60 * z2 + 212 * z4) / 16;
        var k3b = Pi2 * (135 * z4 - 96 * z6) / 4;
        var k3a = -30 * z6 - 90 * Math.Pow(z, 8);

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            double odd = 2 * k - 1, odd2 = odd * odd, odd4 = odd2 * odd2, odd6 = odd4 * odd2;
            var qPower = Math.Pow(q, 8 * k);
            s0 = s0 * qPower + 1.0;
            s1 = s1 * qPower + k1a + k1b * odd2;
            s2 = s2 * qPower + k2a + k2b * odd2 + k2c * odd4;
            s3 = s3 * qPower + k3a + k3b * odd2 + k3c * odd4 + k3d * odd6;
        }

        var sqrtTwoPi = Math.Sqrt(2 * Math.PI);
        var factor = q * sqrtTwoPi;
        s0 = s0 * factor / z;
        s1 = s1 * factor / (6 * z4);
        s2 = s2 * factor / (72 * Math.Pow(z, 7));
        s3 = s3 * factor / (6480 * Math.Pow(z, 10));

        var q2 = Math.Exp(-Pi2 / 2 / z2);
        double extra2 = 0, extra3 = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxK; k > 0; k--)
        {
            var k2 = (double)k * k;
            var qk = Math.Pow(q2, k2);
            extra2 += k2 * qk;
            var kPi = Math.PI * k;
            extra3 += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qk;
        }

        s2 += extra2 * Pi2 * sqrtTwoPi / (-36 * z3);
        s3 += extra3 * Pi2 * sqrtTwoPi / (216 * z6);
        var rootN = Math.Sqrt(n);
        return s0 + s1 / rootN + s2 / n + s3 / (n * rootN);
    }

    /// <summary>ln(n! / nⁿ) by Stirling's series with n ln n taken out first.</summary>
    private static double LogFactorialOverPower(int n)
    {
        var rn = 1.0 / n;
        var y = rn / n;
        var poly = 0.0;
        foreach (var c in StirlingCoefficients)
        {
            poly = poly * y + c;
        }

        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    private static void Multiply(double[] a, double[] b, double[] result, int m)
    {
        Array.Clear(result);
        for (var i = 0; i < m; i++)
        {
            var row = i * m;
            for (var k = 0; k < m; k++)
            {
                var aik = a[row + k];
                if (aik == 0.0)
                {
                    continue;
                }

                var bRow = k * m;
                for (var j = 0; j < m; j++)
                {
                    result[row + j] += aik * b[bRow + j];
                }
            }
        }
    }

    private static double Clip(double p) => double.IsNaN(p) ? p : Math.Clamp(p, 0.0, 1.0);
}
