using System.Text;

namespace Patron.Server.Store;

/// <summary>The customer ids of a run as one UTF-8 byte block with offsets, and an open-addressing hash table from id
/// to row: three arrays in all, however many customers, instead of one string and one dictionary entry each.</summary>
/// <remarks>Immutable after <see cref="Build"/>; thread-safe for lookups. Ids are compared ordinally as bytes.</remarks>
internal sealed class IdIndex
{
    /// <summary>Longest id the index accepts, in UTF-8 bytes; longer requests cannot match.</summary>
    public const int MaxIdBytes = 512;

    private readonly byte[]? _bytes;
    private readonly int[]? _offsets;
    private readonly ProfileFileMapping? _mapping;
    private readonly long _offsetsAt;
    private readonly long _bytesAt;
    private readonly int _byteCount;
    private readonly int[] _slots;
    private readonly int _mask;

    private IdIndex(byte[] bytes, int[] offsets, int[] slots)
    {
        _bytes = bytes;
        _offsets = offsets;
        _slots = slots;
        _mask = slots.Length - 1;
        Count = offsets.Length - 1;
    }

    private IdIndex(ProfileFileMapping mapping, long offsetsAt, int count, long bytesAt, int byteCount, int[] slots)
    {
        _mapping = mapping;
        _offsetsAt = offsetsAt;
        _bytesAt = bytesAt;
        _byteCount = byteCount;
        _slots = slots;
        _mask = slots.Length - 1;
        Count = count;
    }

    /// <summary>Ids held.</summary>
    public int Count { get; }

    /// <summary>Memory of the heap held: the hash table, and the ids and their offsets when they are not mapped.</summary>
    public long Bytes => (_bytes?.LongLength ?? 0) + ((_offsets?.LongLength ?? 0) * sizeof(int)) + (_slots.LongLength * sizeof(int));

    /// <summary>Bytes of profiles.bin the ids and their offsets cover when mapped.</summary>
    public long MappedBytes => _mapping is null ? 0 : ((Count + 1L) * sizeof(int)) + _byteCount;

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
        var index = new IdIndex(bytes, offsets, Slots(offsets.Length - 1));
        Fill(index._slots, bytes, offsets);
        return index;
    }

    /// <summary>Indexes ids left in a mapped profiles.bin: rows + 1 int32 offsets at <paramref name="offsetsAt"/> and
    /// <paramref name="byteCount"/> UTF-8 bytes at <paramref name="bytesAt"/>; only the hash table is on the heap.</summary>
    /// <exception cref="InvalidDataException">As <see cref="FromBytes"/>, or the regions run past the end of the file.</exception>
    public static IdIndex FromMapping(ProfileFileMapping mapping, long offsetsAt, int count, long bytesAt, int byteCount)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var index = new IdIndex(mapping, offsetsAt, count, bytesAt, byteCount, Slots(count));
        Fill(index._slots, mapping.Span<byte>(bytesAt, byteCount), mapping.Span<int>(offsetsAt, count + 1));
        GC.KeepAlive(mapping);
        return index;
    }

    private static int[] Slots(int count)
    {
        // Load factor at most one half keeps probe chains short.
        var capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, count) * 2));
        return new int[capacity];
    }

    private static void Fill(int[] slots, ReadOnlySpan<byte> bytes, ReadOnlySpan<int> offsets)
    {
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

        var mask = slots.Length - 1;
        for (var row = 0; row < count; row++)
        {
            var key = bytes.Slice(offsets[row], offsets[row + 1] - offsets[row]);
            var slot = Hash(key) & mask;
            while (slots[slot] != 0)
            {
                var other = slots[slot] - 1;
                if (bytes.Slice(offsets[other], offsets[other + 1] - offsets[other]).SequenceEqual(key))
                {
                    throw new InvalidDataException($"Customer id '{Encoding.UTF8.GetString(key)}' appears twice (rows {slots[slot]} and {row + 1}).");
                }

                slot = (slot + 1) & mask;
            }

            slots[slot] = row + 1;
        }
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
                GC.KeepAlive(_mapping);
                return row;
            }

            slot = (slot + 1) & _mask;
        }

        GC.KeepAlive(_mapping);
        return -1;
    }

    /// <summary>The id of <paramref name="row"/>.</summary>
    public string IdAt(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var id = Encoding.UTF8.GetString(KeyAt(row));
        GC.KeepAlive(_mapping);
        return id;
    }

    /// <summary>Writes <paramref name="row"/>'s id as the string property <paramref name="name"/> straight from its
    /// UTF-8 bytes (no string made).</summary>
    public void WriteId(System.Text.Json.Utf8JsonWriter writer, System.Text.Json.JsonEncodedText name, int row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        writer.WriteString(name, KeyAt(row));
        GC.KeepAlive(_mapping);
    }

    /// <summary>The UTF-8 bytes of <paramref name="row"/>'s id (a mapped index is kept reachable by the caller).</summary>
    private ReadOnlySpan<byte> KeyAt(int row)
    {
        if (_bytes is not null)
        {
            return _bytes.AsSpan(_offsets![row], _offsets[row + 1] - _offsets[row]);
        }

        var offsets = _mapping!.Span<int>(_offsetsAt + (row * (long)sizeof(int)), 2);
        return _mapping.Span<byte>(_bytesAt + offsets[0], offsets[1] - offsets[0]);
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() & int.MaxValue;
    }
}
