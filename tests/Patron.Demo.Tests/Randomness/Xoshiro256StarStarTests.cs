using Patron.Demo.Randomness;

namespace Patron.Demo.Tests.Randomness;

public sealed class Xoshiro256StarStarTests
{
    [Fact]
    public void NextUInt64_StateOneTwoThreeFour_MatchesReferenceSequence()
    {
        // Reference outputs of the C implementation (prng.di.unimi.it/xoshiro256starstar.c) from state {1, 2, 3, 4}.
        var rng = new Xoshiro256StarStar(1, 2, 3, 4);

        Assert.Equal(11520UL, rng.NextUInt64());
        Assert.Equal(0UL, rng.NextUInt64());
        Assert.Equal(1509978240UL, rng.NextUInt64());
        Assert.Equal(1215971899390074240UL, rng.NextUInt64());
    }

    [Fact]
    public void NextSplitMix64_Seed1234567_MatchesReferenceSequence()
    {
        // Published SplitMix64 outputs for seed 1234567 (Rosetta Code, "Pseudo-random numbers/Splitmix64").
        var state = 1234567UL;

        Assert.Equal(6457827717110365317UL, SplitMix64.Next(ref state));
        Assert.Equal(3203168211198807973UL, SplitMix64.Next(ref state));
        Assert.Equal(9817491932198370423UL, SplitMix64.Next(ref state));
        Assert.Equal(4593380528125082431UL, SplitMix64.Next(ref state));
        Assert.Equal(16408922859458223821UL, SplitMix64.Next(ref state));
    }

    [Fact]
    public void NextInt_ManyDraws_StaysInRangeAndCoversIt()
    {
        var rng = new Xoshiro256StarStar(5);
        var seen = new int[7];
        for (var i = 0; i < 7000; i++)
        {
            seen[rng.NextInt(7)]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void Derive_DifferentIndices_GiveDifferentSeeds()
    {
        Assert.NotEqual(SplitMix64.Derive(42, 3, 0), SplitMix64.Derive(42, 3, 1));
        Assert.NotEqual(SplitMix64.Derive(42, 3, 0), SplitMix64.Derive(42, 4, 0));
        Assert.Equal(SplitMix64.Derive(42, 3, 9), SplitMix64.Derive(42, 3, 9));
    }
}
