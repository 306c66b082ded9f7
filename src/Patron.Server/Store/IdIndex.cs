using System.Text;

namespace Patron.Server.Store;

/// <summary>The customer ids of a run as one UTF-8 byte block with offsets, and an open-addressing hash table from id
/// to row: three arrays in all, however many customers, instead of one string and one dictionary entry each.</summary>
/// <remarks>Immutable after <see cref="Build"/>; thread-safe for lookups. Ids are compared ordinally as bytes.</remarks>
internal sealed class IdIndex
{
    /// <summary>Longest id the index accepts, in UTF-8 bytes; longer requests cannot match.</summary>
    public const int MaxIdBytes = 512;

    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly int[] _slots;
    private readonly int _mask;

    private IdIndex(byte[] bytes, int[] offsets, int[] slots)
    {
        _bytes = bytes;
        _offsets = offsets;
        _slots = slots;
        _mask = slots.Length - 1;
    }

    /// <summary>Ids held.</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Memory held by the three arrays, in bytes.</summary>
    public long Bytes => _bytes.LongLength + (_offsets.LongLength * sizeof(int)) + (_slots.LongLength * sizeof(int));

    /// <summary>Indexes <paramref name="ids"/> in row order.</summary>
    /// <exception cref="InvalidDataException">An id is empty, too long or appears twice.</exception>
    public static IdIndex Build(IReadOnlyList<string?> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var offsets = new int[ids.Count + 1];
        long total = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var length = Encoding.UTF8.GetByteCount(ids[i] ?? "");
            if (length is 0 or > MaxIdBytes)
            {
                throw new InvalidDataException($"Customer id at row {i + 1} is empty or longer than {MaxIdBytes} bytes.");
            }

            total += length;
            offsets[i + 1] = checked((int)total);
        }

        var bytes = new byte[total];
        for (var i = 0; i < ids.Count; i++)
        {
            Encoding.UTF8.GetBytes(ids[i]!, bytes.AsSpan(offsets[i]));
        }

        return FromBytes(bytes, offsets);
    }

    /// <summary>Indexes ids given as one UTF-8 block and the offsets of each id in it (rows + 1 offsets), as profiles.bin
    /// holds them; the arrays are kept, not copied.</summary>
    /// <exception cref="InvalidDataException">An id is empty, too long or appears twice, or the offsets are not ascending.</exception>
    public static IdIndex FromBytes(byte[] bytes, int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(offsets);
        var count = offsets.Length - 1;
        if (count < 0 || offsets[0] != 0 || offsets[count] != bytes.Length)
        {
            throw new InvalidDataException("The id offsets do not span the id bytes.");
        }

        for (var i = 0; i < count; i++)
        {
            var length = offsets[i + 1] - offsets[i];
            if (length is <= 0 or > MaxIdBytes)
            {
                throw new InvalidDataException($"Customer id at row {i + 1} is empty or longer than {MaxIdBytes} bytes.");
            }
        }

        // Load factor at most one half keeps probe chains short.
        var capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, count) * 2));
        var slots = new int[capacity];
        var index = new IdIndex(bytes, offsets, slots);
        for (var row = 0; row < count; row++)
        {
            var key = bytes.AsSpan(offsets[row], offsets[row + 1] - offsets[row]);
            var slot = Hash(key) & index._mask;
            while (slots[slot] != 0)
            {
                if (index.KeyAt(slots[slot] - 1).SequenceEqual(key))
                {
                    throw new InvalidDataException($"Customer id '{Encoding.UTF8.GetString(key)}' appears twice (rows {slots[slot]} and {row + 1}).");
                }

                slot = (slot + 1) & index._mask;
            }

            slots[slot] = row + 1;
        }

        return index;
    }

    /// <summary>The row of <paramref name="id"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || Encoding.UTF8.GetMaxByteCount(id.Length) > MaxIdBytes * 3)
        {
            return -1;
        }

        Span<byte> key = stackalloc byte[Encoding.UTF8.GetMaxByteCount(id.Length)];
        var length = Encoding.UTF8.GetBytes(id, key);
        key = key[..length];
        var slot = Hash(key) & _mask;
        while (_slots[slot] != 0)
        {
            var row = _slots[slot] - 1;
            if (KeyAt(row).SequenceEqual(key))
            {
                return row;
            }

            slot = (slot + 1) & _mask;
        }

        return -1;
    }

    /// <summary>The id of <paramref name="row"/>.</summary>
    public string IdAt(int row) => Encoding.UTF8.GetString(KeyAt(row));

    private ReadOnlySpan<byte> KeyAt(int row) => _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() & int.MaxValue;
    }
}
