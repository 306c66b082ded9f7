using System.Numerics;

namespace Patron.Demo.Randomness;

/// <summary>
/// The xoshiro256** generator (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2018).
/// A mutable value type: pass it by <c>ref</c>; a copy continues the same sequence independently.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        // SplitMix64 expansion, as the authors recommend, so that nearby seeds give unrelated states.
        var state = seed;
        _s0 = SplitMix64.Next(ref state);
        _s1 = SplitMix64.Next(ref state);
        _s2 = SplitMix64.Next(ref state);
        _s3 = SplitMix64.Next(ref state);
    }

    /// <summary>A generator in the given raw state (not all zero), for reproducing published reference sequences.</summary>
    internal Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="n"/>) by multiply-shift (Lemire); the bias is below 2^-32.</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)(uint)n) >> 32);

    public bool NextBool(double probability) => NextDouble() < probability;
}
