namespace Patron.Learning.Trees;

/// <summary>A small, seeded pseudo-random generator (SplitMix64) whose sequence is fixed by the seed on every platform
/// and runtime version, so sampling in the learners is reproducible byte for byte.</summary>
/// <remarks>Not thread-safe: each training step owns its instance.</remarks>
internal sealed class SeededRandom
{
    private ulong _state;

    public SeededRandom(long seed)
    {
        _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
    }

    /// <summary>Derives an independent stream, e.g. one per tree, from a seed and a stream number.</summary>
    public static SeededRandom ForStream(long seed, int stream) =>
        new(unchecked(seed ^ ((long)(stream + 1) * 0x5DEECE66DL) ^ ((long)stream << 32)));

    public ulong NextUInt64()
    {
        // SplitMix64 (Steele, Lea & Flood 2014): the output mix constants are those of the published generator.
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Whether the draw <paramref name="value"/> of <see cref="NextUInt64"/> gives a <see cref="NextDouble"/>
    /// below the share whose <c>BoostingState.SampleThreshold</c> is <paramref name="threshold"/>.</summary>
    public static bool Below(ulong value, ulong threshold) => (value >> 11) < threshold;

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)((NextUInt64() >> 33) * (ulong)maxExclusive >> 31);
    }

    /// <summary>Picks <paramref name="count"/> distinct indices out of [0, <paramref name="total"/>) and writes them in
    /// ascending order to <paramref name="target"/>.</summary>
    public void SampleSorted(int total, int count, Span<int> target) => SampleSorted(total, count, target, new int[total]);

    /// <summary>As <see cref="SampleSorted(int, int, Span{int})"/>, with a caller-owned scratch of at least
    /// <paramref name="total"/> slots so per-node sampling does not allocate.</summary>
    public void SampleSorted(int total, int count, Span<int> target, Span<int> perm)
    {
        // Partial Fisher-Yates over a scratch permutation, then sort so callers visit features in schema order.
        for (var i = 0; i < total; i++)
        {
            perm[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = i + NextInt(total - i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }

        perm[..count].CopyTo(target);
        target[..count].Sort();
    }
}
