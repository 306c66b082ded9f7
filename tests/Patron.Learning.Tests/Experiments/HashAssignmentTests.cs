using Patron.Learning.Experiments;

namespace Patron.Learning.Tests.Experiments;

public sealed class HashAssignmentTests
{
    private static (string[] Ids, string[] Strata) Units(int n)
    {
        var ids = new string[n];
        var strata = new string[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = $"C{i:D6}";
            strata[i] = (i % 7) switch { 0 or 1 => "at_risk", 2 => "champions", _ => "loyal" };
        }

        return (ids, strata);
    }

    [Fact]
    public void Assign_SameInputs_SameArmsAndSeedChangesThem()
    {
        var (ids, strata) = Units(5000);

        var first = HashAssignment.Assign(ids, strata, [50, 50], 11);
        var again = HashAssignment.Assign(ids, strata, [50, 50], 11);
        var other = HashAssignment.Assign(ids, strata, [50, 50], 12);

        Assert.Equal(first, again);
        var changed = first.Zip(other).Count(p => p.First != p.Second);
        Assert.InRange(changed, 2000, 3000);
    }

    [Fact]
    public void Assign_UnevenSplit_EachStratumHoldsTheSharesWithinOneUnit()
    {
        var (ids, strata) = Units(7001);

        var arms = HashAssignment.Assign(ids, strata, [20, 30, 50], 3);

        foreach (var stratum in strata.Distinct())
        {
            var members = Enumerable.Range(0, ids.Length).Where(i => strata[i] == stratum).ToArray();
            double[] shares = [0.2, 0.3, 0.5];
            for (var arm = 0; arm < 3; arm++)
            {
                var count = members.Count(i => arms[i] == arm);
                Assert.InRange(count, shares[arm] * members.Length - 1, shares[arm] * members.Length + 1);
            }
        }
    }

    [Fact]
    public void Assign_OrderOfInput_DoesNotChangeAnyUnitsArm()
    {
        var (ids, strata) = Units(999);
        var reversedIds = ids.Reverse().ToArray();
        var reversedStrata = strata.Reverse().ToArray();

        var forward = HashAssignment.Assign(ids, strata, [1, 1], 5);
        var backward = HashAssignment.Assign(reversedIds, reversedStrata, [1, 1], 5);

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(forward[i], backward[ids.Length - 1 - i]);
        }
    }

    [Fact]
    public void Key_IsFixedAcrossRuns()
    {
        // Pinned so that a change of hash (which would reshuffle every running experiment) cannot pass unnoticed.
        Assert.Equal(HashAssignment.Key("C000001", 42), HashAssignment.Key("C000001", 42));
        Assert.NotEqual(HashAssignment.Key("C000001", 42), HashAssignment.Key("C000002", 42));
        // FNV-1a 64 of the UTF-8 bytes, then SplitMix64's finalizer on hash ^ (seed + golden gamma), computed by hand.
        Assert.Equal(0x68EB451A0340ACF4UL, HashAssignment.Key("customer-1", 0));
    }
}
