namespace Patron.Lifetime.Numerics;

/// <summary>Composite Gauss-Legendre quadrature for smooth integrands on a finite interval.</summary>
/// <remarks>Nodes and weights of the 16-point rule are computed once by Newton's method on P₁₆ (Golub-Welsch would do as well). Thread-safe.</remarks>
public static class GaussLegendre
{
    private const int Order = 16;
    private static readonly double[] Nodes = new double[Order];
    private static readonly double[] Weights = new double[Order];

#pragma warning disable CA1810 // The two tables are filled together by one Newton iteration per root.
    static GaussLegendre()
#pragma warning restore CA1810
    {
        for (var i = 0; i < Order; i++)
        {
            var x = Math.Cos(Math.PI * (i + 0.75) / (Order + 0.5));
            double derivative;
            while (true)
            {
                double p0 = 1.0, p1 = x;
                for (var k = 2; k <= Order; k++)
                {
                    var p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }

                derivative = Order * (x * p1 - p0) / (x * x - 1.0);
                var step = p1 / derivative;
                x -= step;
                if (Math.Abs(step) < 1e-15)
                {
                    break;
                }
            }

            Nodes[i] = x;
            Weights[i] = 2.0 / ((1.0 - x * x) * derivative * derivative);
        }
    }

    /// <summary>∫ₐᵇ f, with the interval split into <paramref name="panels"/> equal panels of 16 nodes each.</summary>
    public static double Integrate(Func<double, double> f, double a, double b, int panels = 16)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(panels, 1);
        var width = (b - a) / panels;
        var sum = 0.0;
        for (var p = 0; p < panels; p++)
        {
            var mid = a + (p + 0.5) * width;
            var half = 0.5 * width;
            for (var i = 0; i < Order; i++)
            {
                sum += Weights[i] * half * f(mid + half * Nodes[i]);
            }
        }

        return sum;
    }
}
