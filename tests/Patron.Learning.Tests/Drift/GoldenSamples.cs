namespace Patron.Learning.Tests.Drift;

/// <summary>The samples of make_drift_golden.py: the same 64-bit linear congruential generator (Knuth's MMIX
/// constants) and the same transforms, using only operations IEEE arithmetic rounds identically in both languages.</summary>
internal static class GoldenSamples
{
    public static double[] Make(ulong seed, int n, string kind, double shift, double scale)
    {
        var state = seed;
        double Next()
        {
            state = unchecked(state * 6364136223846793005UL + 1442695040888963407UL);
            return (state >> 11) / 9007199254740992.0;
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var v = kind switch
            {
                "uniform" => Next() * 10.0,
                "sum3" => Next() + Next() + Next(),
                "ints" => Math.Floor(Next() * 20.0),
                _ => throw new ArgumentException(kind, nameof(kind)),
            };
            values[i] = v * scale + shift;
        }

        return values;
    }
}
