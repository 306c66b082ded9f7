using System.Runtime.InteropServices;
using Patron.Features.Registry;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// Up to <see cref="Capacity"/> rows of <c>gold.customer_features</c> held column by column in registry order, the shape
/// of one DuckDB chunk: every value is 8 bytes (a <c>long</c>, a <c>double</c>'s bits, or a text's code in its column's
/// <see cref="TextCodes"/>), with a validity bitmap per column in DuckDB's layout (1 = set). A value never set is NULL, so a
/// group with nothing to say about a customer leaves its columns alone.
/// </summary>
internal sealed class FeatureBlock
{
    /// <summary>Rows per block: DuckDB's vector size, so a block fills one chunk.</summary>
    public const int Capacity = 2048;

    private const int Words = Capacity / 64;

    private readonly int _features = FeatureRegistry.All.Count;
    private readonly long[] _values;
    private readonly ulong[] _valid;
    private readonly int[] _idStart = new int[Capacity + 1];
    private byte[] _ids = new byte[Capacity * 16];

    public FeatureBlock()
    {
        _values = new long[_features * Capacity];
        _valid = new ulong[_features * Words];
    }

    public int Rows { get; private set; }

    public bool Full => Rows == Capacity;

    /// <summary>Starts a row for the customer and returns its index; all its values are NULL until set.</summary>
    public int StartRow(ReadOnlySpan<byte> customerId)
    {
        var row = Rows++;
        var end = _idStart[row] + customerId.Length;
        if (end > _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(_ids.Length * 2, end));
        }

        customerId.CopyTo(_ids.AsSpan(_idStart[row]));
        _idStart[row + 1] = end;
        return row;
    }

    public void Set(int feature, int row, long value)
    {
        _values[(feature * Capacity) + row] = value;
        _valid[(feature * Words) + (row >> 6)] |= 1UL << (row & 63);
    }

    public void Set(int feature, int row, double value) => Set(feature, row, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Sets a value that may be absent: a null leaves it NULL.</summary>
    public void Set(int feature, int row, double? value)
    {
        if (value is { } v)
        {
            Set(feature, row, v);
        }
    }

    /// <summary>Sets a value that may be absent: a null leaves it NULL.</summary>
    public void Set(int feature, int row, long? value)
    {
        if (value is { } v)
        {
            Set(feature, row, v);
        }
    }

    /// <summary>Sets a text column to the value with code <paramref name="code"/>; -1 leaves it NULL.</summary>
    public void SetCode(int feature, int row, int code)
    {
        if (code >= 0)
        {
            Set(feature, row, (long)code);
        }
    }

    /// <summary>Bytes <see cref="WriteTo"/> writes for the current rows.</summary>
    public int SerializedLength => 8 + (4 * (Rows + 1)) + _idStart[Rows] + (_features * ((8 * Rows) + (8 * Words)));

    /// <summary>Writes the rows: count, id offsets and bytes, each column's values, each column's validity.</summary>
    public void WriteTo(Span<byte> target)
    {
        var at = 0;
        MemoryMarshal.Write(target, Rows);
        MemoryMarshal.Write(target[4..], _idStart[Rows]);
        at += 8;
        Copy(MemoryMarshal.AsBytes(_idStart.AsSpan(0, Rows + 1)), target, ref at);
        Copy(_ids.AsSpan(0, _idStart[Rows]), target, ref at);
        for (var f = 0; f < _features; f++)
        {
            Copy(MemoryMarshal.AsBytes(_values.AsSpan(f * Capacity, Rows)), target, ref at);
        }

        Copy(MemoryMarshal.AsBytes(_valid.AsSpan()), target, ref at);
    }

    /// <summary>Empties the block, keeping its buffers.</summary>
    public void Clear()
    {
        Rows = 0;
        Array.Clear(_valid);
    }

    private static void Copy(ReadOnlySpan<byte> source, Span<byte> target, ref int at)
    {
        source.CopyTo(target[at..]);
        at += source.Length;
    }
}

/// <summary>A block read back from its bytes (<see cref="FeatureBlock.WriteTo"/>), without copying them.</summary>
internal readonly ref struct StoredBlock
{
    private const int Words = FeatureBlock.Capacity / 64;

    private readonly ReadOnlySpan<int> _idStart;
    private readonly ReadOnlySpan<byte> _ids;
    private readonly ReadOnlySpan<long> _values;
    private readonly ReadOnlySpan<ulong> _valid;

    public StoredBlock(ReadOnlySpan<byte> bytes)
    {
        Rows = MemoryMarshal.Read<int>(bytes);
        var idBytes = MemoryMarshal.Read<int>(bytes[4..]);
        var at = 8;
        _idStart = MemoryMarshal.Cast<byte, int>(bytes.Slice(at, 4 * (Rows + 1)));
        at += 4 * (Rows + 1);
        _ids = bytes.Slice(at, idBytes);
        at += idBytes;
        var features = FeatureRegistry.All.Count;
        _values = MemoryMarshal.Cast<byte, long>(bytes.Slice(at, 8 * features * Rows));
        at += 8 * features * Rows;
        _valid = MemoryMarshal.Cast<byte, ulong>(bytes.Slice(at, 8 * features * Words));
    }

    public int Rows { get; }

    public ReadOnlySpan<byte> Id(int row) => _ids[_idStart[row].._idStart[row + 1]];

    /// <summary>The column's values for the block's rows.</summary>
    public ReadOnlySpan<long> Values(int feature) => _values.Slice(feature * Rows, Rows);

    /// <summary>The column's validity words (bit set = value present).</summary>
    public ReadOnlySpan<ulong> Validity(int feature) => _valid.Slice(feature * Words, Words);
}
