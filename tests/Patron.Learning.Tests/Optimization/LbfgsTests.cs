using Patron.Learning.Optimization;

namespace Patron.Learning.Tests.Optimization;

public sealed class LbfgsTests
{
    [Fact]
    public void Minimize_Rosenbrock_ReachesTheMinimumAtOnes()
    {
        // The classic start (-1.2, 1) of Moré, Garbow & Hillstrom (1981); the minimum is f(1, 1) = 0.
        static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
        {
            var a = x[1] - (x[0] * x[0]);
            var b = 1 - x[0];
            g[0] = (-400 * x[0] * a) - (2 * b);
            g[1] = 200 * a;
            return (100 * a * a) + (b * b);
        }

        var result = Lbfgs.Minimize(Rosenbrock, [-1.2, 1.0]);

        Assert.True(result.Converged, result.Message);
        Assert.Equal(1.0, result.X[0], 1e-7);
        Assert.Equal(1.0, result.X[1], 1e-7);
        Assert.True(result.Value < 1e-12);
        Assert.True(result.Iterations < 100);
    }

    [Fact]
    public void Minimize_UndefinedBeyondZero_BacksOffAndConverges()
    {
        // f(x) = x - ln x is undefined for x <= 0; the first steps overshoot there and the line search must retreat.
        static double F(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 1 - (1 / x[0]);
            return x[0] > 0 ? x[0] - Math.Log(x[0]) : double.NaN;
        }

        var result = Lbfgs.Minimize(F, [0.01]);

        Assert.True(result.Converged, result.Message);
        Assert.Equal(1.0, result.X[0], 1e-8);
    }

    [Fact]
    public void Minimize_WithL1_SoftThresholdsEachCoordinate()
    {
        // ½(x - 3)² + ½(y + 0.2)² + |x| + |y|: the minimiser is the soft-thresholded target (2, 0).
        static double F(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = x[0] - 3;
            g[1] = x[1] + 0.2;
            return (0.5 * (x[0] - 3) * (x[0] - 3)) + (0.5 * (x[1] + 0.2) * (x[1] + 0.2));
        }

        var result = Lbfgs.Minimize(F, [0.0, 0.0], new LbfgsOptions(GradientTolerance: 1e-10), [1.0, 1.0]);

        Assert.True(result.Converged, result.Message);
        Assert.Equal(2.0, result.X[0], 1e-9);
        Assert.Equal(0.0, result.X[1]);
        Assert.Equal(0.5 + 0.02 + 2.0, result.Value, 1e-12);
    }

    [Fact]
    public void Minimize_NotFiniteAtStart_ReportsInsteadOfIterating()
    {
        var result = Lbfgs.Minimize((x, g) => double.NaN, [1.0]);

        Assert.False(result.Converged);
        Assert.Equal(1, result.Evaluations);
    }

    [Fact]
    public void Minimize_WrongNumberOfL1Weights_Refused()
    {
        Assert.Throws<ArgumentException>(() => Lbfgs.Minimize((x, g) => 0.0, [1.0, 2.0], l1: [1.0]));
    }
}
