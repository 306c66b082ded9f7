using Patron.DuckDb;
using Patron.Features.Registry;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// One partition's rows of <c>gold.customer_features</c> held column by column, in registry order: a value array per
/// feature (<c>long</c>, <c>double</c> or <c>string</c> by its type) and a bitmap of the values that are set. A value never
/// set is NULL, so a group that has nothing to say about a customer simply leaves its columns alone.
/// </summary>
internal sealed class FeatureColumns
{
    private readonly long[]?[] _integers;
    private readonly double[]?[] _reals;
    private readonly string?[]?[] _texts;
    private readonly ulong[][] _set;

    public FeatureColumns(int rows)
    {
        Rows = rows;
        CustomerIds = new string[rows];
        var features = FeatureRegistry.All;
        _integers = new long[]?[features.Count];
        _reals = new double[]?[features.Count];
        _texts = new string?[]?[features.Count];
        _set = new ulong[features.Count][];
        for (var i = 0; i < features.Count; i++)
        {
            switch (features[i].Type)
            {
                case FeatureType.Integer:
                    _integers[i] = new long[rows];
                    break;
                case FeatureType.Real:
                    _reals[i] = new double[rows];
                    break;
                default:
                    _texts[i] = new string?[rows];
                    break;
            }

            _set[i] = new ulong[(rows + 63) >> 6];
        }
    }

    public int Rows { get; }

    /// <summary>The customer of each row.</summary>
    public string[] CustomerIds { get; }

    /// <summary>The registry position of the feature named <paramref name="name"/>, checked against the type the caller
    /// writes, so a renamed or retyped feature fails at once instead of writing into the wrong column.</summary>
    public static int Index(string name, FeatureType type)
    {
        var features = FeatureRegistry.All;
        for (var i = 0; i < features.Count; i++)
        {
            if (string.Equals(features[i].Name, name, StringComparison.Ordinal))
            {
                return features[i].Type == type
                    ? i
                    : throw new InvalidOperationException($"The feature '{name}' is registered as {features[i].Type}, not {type}.");
            }
        }

        throw new InvalidOperationException($"The feature '{name}' is not in the registry.");
    }

    public void Set(int feature, int row, long value)
    {
        _integers[feature]![row] = value;
        MarkSet(feature, row);
    }

    public void Set(int feature, int row, double value)
    {
        _reals[feature]![row] = value;
        MarkSet(feature, row);
    }

    /// <summary>Sets a text value; a null string leaves the value NULL.</summary>
    public void Set(int feature, int row, string? value)
    {
        if (value is not null)
        {
            _texts[feature]![row] = value;
            MarkSet(feature, row);
        }
    }

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

    public bool IsSet(int feature, int row) => ((_set[feature][row >> 6] >> (row & 63)) & 1) != 0;

    /// <summary>Appends every row, customer_id and cutoff first, to a table shaped like <c>gold.customer_features</c>.</summary>
    public void AppendTo(DuckDbChunkAppender appender, DateOnly cutoff)
    {
        if (appender.ColumnCount != _set.Length + 2)
        {
            throw new InvalidOperationException($"The table has {appender.ColumnCount} columns; the registry needs {_set.Length + 2}.");
        }

        var cutoffDays = cutoff.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        var capacity = appender.ChunkCapacity;
        for (var start = 0; start < Rows; start += capacity)
        {
            var count = Math.Min(capacity, Rows - start);
            for (var r = 0; r < count; r++)
            {
                appender.SetString(0, r, CustomerIds[start + r]);
            }

            appender.Dates(1)[..count].Fill(cutoffDays);
            for (var f = 0; f < _set.Length; f++)
            {
                var column = f + 2;
                if (_integers[f] is { } integers)
                {
                    integers.AsSpan(start, count).CopyTo(appender.Int64s(column));
                }
                else if (_reals[f] is { } reals)
                {
                    reals.AsSpan(start, count).CopyTo(appender.Doubles(column));
                }
                else
                {
                    var texts = _texts[f]!;
                    for (var r = 0; r < count; r++)
                    {
                        if (texts[start + r] is { } text)
                        {
                            appender.SetString(column, r, text);
                        }
                    }
                }

                for (var r = 0; r < count; r++)
                {
                    if (!IsSet(f, start + r))
                    {
                        appender.SetNull(column, r);
                    }
                }
            }

            appender.AppendChunk(count);
        }
    }

    private void MarkSet(int feature, int row) => _set[feature][row >> 6] |= 1UL << (row & 63);
}
