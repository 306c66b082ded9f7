using System.Text;

namespace Patron.Learning.Experiments;

/// <summary>Deterministic, stratified assignment of units to arms from a hash of the seed and the unit's id.</summary>
/// <remarks>
/// Each id gets a 64-bit key: FNV-1a over its UTF-8 bytes, mixed with the seed by the SplitMix64 finalizer. Within
/// each stratum (a segment, a risk band) the units are ordered by key (ties by id, ordinal) and dealt to the arms by
/// cumulative share at the middle of each unit's slot, so every stratum holds its arms in the asked proportions to
/// within one unit. The same ids, strata, arms, split and seed give the same assignment on any machine; a unit's arm
/// depends on the other units of its stratum, as in any blocked design.
/// </remarks>
public static class HashAssignment
{
    /// <summary>The arm index of each unit.</summary>
    public static int[] Assign(IReadOnlyList<string> ids, IReadOnlyList<string> strata, ReadOnlySpan<double> split, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(strata);
        if (ids.Count != strata.Count)
        {
            throw new ArgumentException("Every unit needs its stratum.");
        }

        if (split.Length < 2)
        {
            throw new ArgumentException("An experiment has at least two arms.");
        }

        var cumulative = new double[split.Length];
        var total = 0.0;
        for (var a = 0; a < split.Length; a++)
        {
            if (!(split[a] > 0) || !double.IsFinite(split[a]))
            {
                throw new ArgumentException("Every arm's share must be a positive number.");
            }

            total += split[a];
            cumulative[a] = total;
        }

        var keys = new ulong[ids.Count];
        var byStratum = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            keys[i] = Key(ids[i], seed);
            if (!byStratum.TryGetValue(strata[i], out var members))
            {
                members = [];
                byStratum[strata[i]] = members;
            }

            members.Add(i);
        }

        var arms = new int[ids.Count];
        foreach (var members in byStratum.Values)
        {
            members.Sort((x, y) => keys[x] != keys[y] ? keys[x].CompareTo(keys[y]) : string.CompareOrdinal(ids[x], ids[y]));
            var m = members.Count;
            var arm = 0;
            for (var k = 0; k < m; k++)
            {
                var position = (k + 0.5) / m * total;
                while (arm < cumulative.Length - 1 && position >= cumulative[arm])
                {
                    arm++;
                }

                arms[members[k]] = arm;
            }
        }

        return arms;
    }

    /// <summary>The unit's 64-bit key under <paramref name="seed"/>.</summary>
    public static ulong Key(string id, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(id) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(id, buffer)] : Encoding.UTF8.GetBytes(id);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        var z = hash ^ (seed + 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
