namespace Patron.Server.Store;

/// <summary>A text column held as one code per row into a pool of distinct values: segments, actions and reason
/// sentences repeat across customers, so each text is kept once.</summary>
/// <remarks>Immutable after <see cref="Build"/>; thread-safe for reading. Code 0 is the missing value (null).</remarks>
internal sealed class TextColumn
{
    private readonly string?[] _pool;
    private readonly ColumnValues<int> _codes;

    private TextColumn(string?[] pool, ColumnValues<int> codes)
    {
        _pool = pool;
        _codes = codes;
    }

    /// <summary>Distinct values, code order; the first is null.</summary>
    public IReadOnlyList<string?> Values => _pool;

    /// <summary>Memory held by the codes and the pooled strings, in bytes (UTF-16 characters plus object headers).</summary>
    public long Bytes
    {
        get
        {
            long bytes = _codes.HeapBytes;
            foreach (var text in _pool)
            {
                bytes += text is null ? 8 : 24 + (text.Length * 2L);
            }

            return bytes;
        }
    }

    /// <summary>The value of <paramref name="row"/>.</summary>
    public string? this[int row] => _pool[_codes[row]];

    /// <summary>The code of <paramref name="row"/>.</summary>
    public int Code(int row) => _codes[row];

    /// <summary>The code of <paramref name="value"/>, or -1 when no row holds it.</summary>
    public int CodeOf(string? value) => value is null ? 0 : Array.IndexOf(_pool, value, 1);

    /// <summary>Bytes of profiles.bin the codes cover when mapped.</summary>
    public long MappedBytes => _codes.MappedBytes;

    /// <summary>A column from its pool (first entry null) and one code per row, as profiles.bin holds it.</summary>
    /// <exception cref="InvalidDataException">A code is outside the pool, or the pool does not start with null.</exception>
    public static TextColumn FromCodes(string?[] pool, int[] codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return FromCodes(pool, ColumnValues<int>.Of(codes));
    }

    /// <summary>A column from its pool (first entry null) and its codes (on the heap or mapped), every code checked.</summary>
    /// <exception cref="InvalidDataException">A code is outside the pool, or the pool does not start with null.</exception>
    public static TextColumn FromCodes(string?[] pool, ColumnValues<int> codes)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(codes);
        if (pool.Length == 0 || pool[0] is not null)
        {
            throw new InvalidDataException("A pooled text column must start with the missing value.");
        }

        var bad = long.MinValue;
        codes.Scan(ref bad, (ReadOnlySpan<int> values, ref long found) => found = FirstOutside(values, (uint)pool.Length));
        if (bad != long.MinValue)
        {
            throw new InvalidDataException($"A text code {bad} is outside a pool of {pool.Length} values.");
        }

        return new TextColumn(pool, codes);
    }

    /// <summary>The first code at or above <paramref name="size"/> (as unsigned, so negative codes count), or
    /// <see cref="long.MinValue"/>.</summary>
    private static long FirstOutside(ReadOnlySpan<int> codes, uint size)
    {
        // One pass for the largest code as unsigned, then the culprit only when there is one.
        uint largest = 0;
        foreach (var code in codes)
        {
            largest = Math.Max(largest, (uint)code);
        }

        if (largest < size)
        {
            return long.MinValue;
        }

        foreach (var code in codes)
        {
            if ((uint)code >= size)
            {
                return code;
            }
        }

        return long.MinValue;
    }

    /// <summary>Pools <paramref name="values"/>; empty text counts as missing when <paramref name="emptyIsNull"/>.</summary>
    public static TextColumn Build(IReadOnlyList<string?> values, bool emptyIsNull)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pool = new List<string?> { null };
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new int[values.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var value = values[i];
            if (value is null || (emptyIsNull && value.Length == 0))
            {
                continue;
            }

            if (!codes.TryGetValue(value, out var code))
            {
                code = pool.Count;
                codes.Add(value, code);
                pool.Add(value);
            }

            rows[i] = code;
        }

        return new TextColumn([.. pool], ColumnValues<int>.Of(rows));
    }
}
