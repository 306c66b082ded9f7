using System.Text;

namespace Patron.Features.Frames;

/// <summary>Places the rows of a result read in any order by their key: each key's row is its position among
/// <see cref="Keys"/> (read apart, in the order the frame wants). Rows that come in that very order cost one compare
/// each; the first row out of order builds a key-to-row map once. A key that is not among the keys, or comes twice, is
/// an error, and <see cref="Placed"/> counts the rows so a caller can tell a key that never came.</summary>
internal sealed class RowPlacement
{
    private readonly bool[] _taken;
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _lookup;
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
    public bool InOrder => _lookup is null;

    /// <summary>The row of the key <paramref name="utf8"/>, marked as taken.</summary>
    /// <exception cref="KeyNotFoundException">The key is not among <see cref="Keys"/>.</exception>
    /// <exception cref="InvalidOperationException">The key's row was taken before.</exception>
    public int Take(ReadOnlySpan<byte> utf8)
    {
        var length = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        Span<char> buffer = length <= 256 ? stackalloc char[256] : new char[length];
        var key = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
        int row;
        if (_lookup is null && _next < Keys.Length && key.SequenceEqual(Keys[_next]))
        {
            row = _next;
        }
        else
        {
            var lookup = _lookup ??= Map();
            if (!lookup.TryGetValue(key, out row))
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

    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Map()
    {
        var map = new Dictionary<string, int>(Keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < Keys.Length; i++)
        {
            if (!map.TryAdd(Keys[i], i))
            {
                throw new ArgumentException($"The key '{Keys[i]}' is there twice.", "keys");
            }
        }

        return map.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
