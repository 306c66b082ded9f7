namespace Patron.Demo.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): expands one seed into well-mixed 64-bit words. Used to seed
/// <see cref="Xoshiro256StarStar"/> and to derive independent streams (per block, per purpose) from the main seed.
/// </summary>
internal static class SplitMix64
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    public static ulong Next(ref ulong state)
    {
        state += GoldenGamma;
        return Mix(state);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A seed for stream <paramref name="index"/> of purpose <paramref name="purpose"/>, independent of any other pair.</summary>
    public static ulong Derive(ulong seed, ulong purpose, ulong index) =>
        Mix(Mix(seed ^ Mix(purpose * GoldenGamma + 1)) + (index + 1) * GoldenGamma);
}
