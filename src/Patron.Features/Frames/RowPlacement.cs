using System.Numerics;
using System.Text;

namespace Patron.Features.Frames;

/// <summary>Places the rows of a result read in any order by their key: each key's row is its position among
/// <see cref="Keys"/> (read apart, in the order the frame wants). Rows that come in that very order cost one compare
/// each; the first row out of order builds a key-to-row table once: open addressing over the rows' numbers, each slot
/// one long holding the key's hash beside its row (so a probe reads a key's text only when the hashes agree), at least
/// two slots per key: about 34 MB at two million keys, where a string-to-int dictionary held about 70 MB.
/// A key that is not among the keys, or comes twice, is an error, and <see cref="Placed"/> counts the rows so a caller
/// can tell a key that never came.</summary>
internal sealed class RowPlacement
{
    private readonly bool[] _taken;
    // Each slot holds its key's hash in the high half and its row + 1 in the low half, 0 when empty; a key's first slot
    // is its hash masked, then the next ones.
    private long[]? _slots;

    // Mixed into every key's hash, drawn once per placement: ids chosen to share slots cannot be prepared in advance.
    private readonly uint _seed = (uint)Random.Shared.Next() | 1;
    private int _next;

    /// <param name="keys">The keys in row order, each once (two equal keys side by side are refused at once; others
    /// when the map is built).</param>
    /// <exception cref="ArgumentException">A key is there twice.</exception>
    public RowPlacement(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        for (var i = 1; i < keys.Length; i++)
        {
            if (string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
            {
                throw new ArgumentException($"The key '{keys[i]}' is there twice.", nameof(keys));
            }
        }

        Keys = keys;
        _taken = new bool[keys.Length];
    }

    public string[] Keys { get; }

    /// <summary>How many rows were placed so far.</summary>
    public int Placed { get; private set; }

    /// <summary>Whether the rows so far came in key order, so no map was built.</summary>
    public bool InOrder => _slots is null;

    /// <summary>The row of the key <paramref name="utf8"/>, marked as taken.</summary>
    /// <exception cref="KeyNotFoundException">The key is not among <see cref="Keys"/>.</exception>
    /// <exception cref="InvalidOperationException">The key's row was taken before.</exception>
    public int Take(ReadOnlySpan<byte> utf8)
    {
        var length = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        Span<char> buffer = length <= 256 ? stackalloc char[256] : new char[length];
        var key = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
        int row;
        if (_slots is null && _next < Keys.Length && key.SequenceEqual(Keys[_next]))
        {
            row = _next;
        }
        else
        {
            row = Find(_slots ??= Table(), key);
            if (row < 0)
            {
                throw new KeyNotFoundException($"The key '{new string(key)}' is not among the {Keys.Length:N0} keys read apart.");
            }
        }

        if (_taken[row])
        {
            throw new InvalidOperationException($"The key '{new string(key)}' came twice.");
        }

        _taken[row] = true;
        _next = row + 1;
        Placed++;
        return row;
    }

    /// <summary>The row of <paramref name="key"/> in <paramref name="slots"/>, or -1.</summary>
    private int Find(long[] slots, ReadOnlySpan<char> key)
    {
        var mask = slots.Length - 1;
        var hash = Hash(key);
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            var row = (int)(uint)entry - 1;
            if ((int)(entry >> 32) == hash && key.SequenceEqual(Keys[row]))
            {
                return row;
            }
        }
    }

    private long[] Table()
    {
        // A power of two of at least twice the keys: the table is at most half full, so a missing key meets an empty
        // slot after a few probes.
        var slots = new long[Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)Keys.Length * 2))];
        var mask = slots.Length - 1;
        for (var i = 0; i < Keys.Length; i++)
        {
            var key = Keys[i];
            var hash = Hash(key);
            var slot = hash & mask;
            while (slots[slot] != 0)
            {
                if ((int)(slots[slot] >> 32) == hash && string.Equals(Keys[(int)(uint)slots[slot] - 1], key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The key '{key}' is there twice.", "keys");
                }

                slot = (slot + 1) & mask;
            }

            slots[slot] = ((long)hash << 32) | (uint)(i + 1);
        }

        return slots;
    }

    /// <summary>A seeded FNV-1a hash of the key's characters, folded: a few multiplications for a short id (with the
    /// string's own randomized hash the lookups were slower than the dictionary's).</summary>
    private int Hash(ReadOnlySpan<char> key)
    {
        var hash = 2166136261u ^ _seed;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }
}
