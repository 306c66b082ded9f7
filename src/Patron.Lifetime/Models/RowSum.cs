namespace Patron.Lifetime.Models;

/// <summary>Adds a likelihood and its gradient over rows [start, end) into <paramref name="gradient"/> (pre-cleared) and returns the value.</summary>
internal delegate double RowRange(int start, int end, Span<double> gradient);

/// <summary>Sums a row-wise likelihood, in parallel for large inputs, with a reduction order that does not depend on scheduling.</summary>
internal static class RowSum
{
    // A fixed chunk count (not the core count) keeps the floating-point sum identical on every machine.
    private const int Chunks = 64;

    public static double Sum(int rows, int parallelRows, Span<double> gradient, RowRange range)
    {
        gradient.Clear();
        if (rows < parallelRows)
        {
            return range(0, rows, gradient);
        }

        var k = gradient.Length;
        var partial = new double[Chunks * k];
        var values = new double[Chunks];
        Parallel.For(0, Chunks, c =>
        {
            var start = (int)((long)c * rows / Chunks);
            var end = (int)((long)(c + 1) * rows / Chunks);
            values[c] = range(start, end, partial.AsSpan(c * k, k));
        });

        var total = 0.0;
        for (var c = 0; c < Chunks; c++)
        {
            total += values[c];
            for (var i = 0; i < k; i++)
            {
                gradient[i] += partial[c * k + i];
            }
        }

        return total;
    }
}
