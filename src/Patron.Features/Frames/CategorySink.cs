using System.Runtime.InteropServices;
using System.Text;
using Patron.DuckDb;
using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>One categorical result column filled chunk by chunk: each row holds the index of its text among the
/// column's distinct texts (as a float, NaN for NULL) until <see cref="Codes"/> maps the texts to a schema's level
/// codes. Distinct texts are few (countries, channels, segments), so a row costs a lookup and no string.</summary>
internal sealed class CategorySink(string name, bool keep) : FrameSink(name)
{
    private readonly List<string> _texts = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private float[] _rows = [];

    public bool Keep { get; } = keep;

    public override void Allocate(int count) => _rows = new float[count];

    public override void Resize(int count) => Array.Resize(ref _rows, count);

    public override void Read(DuckDbReader reader, int ordinal, int offset, double[] scratch)
    {
        var n = reader.Vector(ordinal).Count;
        Indexes(reader, ordinal, _rows.AsSpan(offset, n));
    }

    public override void Place(DuckDbReader reader, int ordinal, ReadOnlySpan<int> rows, ReadOnlySpan<int> cellRows, double[] scratch)
    {
        var n = reader.Vector(ordinal).Count;
        if (rows.Length != n)
        {
            throw new ArgumentException($"The chunk holds {n} rows, the placement {rows.Length}.", nameof(rows));
        }

        // The chunk's text indexes go through the scratch buffer (a chunk of doubles holds twice as many floats).
        var codes = MemoryMarshal.Cast<double, float>(scratch.AsSpan())[..n];
        Indexes(reader, ordinal, codes);
        var target = _rows;
        for (var i = 0; i < n; i++)
        {
            target[rows[i]] = codes[i];
        }
    }

    /// <summary>The current chunk's column <paramref name="ordinal"/> as indexes into the distinct texts, NaN for NULL.</summary>
    private void Indexes(DuckDbReader reader, int ordinal, Span<float> target)
    {
        var vector = reader.Vector(ordinal);
        var n = vector.Count;
        if (vector.Type == DuckDbType.Varchar)
        {
            Span<char> buffer = stackalloc char[256];
            for (var i = 0; i < n; i++)
            {
                target[i] = vector.IsNull(i) ? float.NaN : IndexOf(vector.Utf8(i), buffer);
            }
        }
        else
        {
            var column = reader.Column(ordinal);
            for (var i = 0; i < n; i++)
            {
                target[i] = column.IsNull(i) ? float.NaN : IndexOf(column.GetString(i));
            }
        }
    }

    /// <summary>The column's levels as an inferred schema gives them: texts other than the missing tokens, trimmed,
    /// distinct, in ordinal order.</summary>
    public string[] SortedLevels()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in _texts)
        {
            if (!FeatureMatrixBuilder.IsMissingToken(text))
            {
                set.Add(text.Trim());
            }
        }

        var levels = new string[set.Count];
        set.CopyTo(levels);
        Array.Sort(levels, StringComparer.Ordinal);
        return levels;
    }

    /// <summary>The matrix cells for <paramref name="levels"/>: a row's level code, NaN for NULL, a missing token or a
    /// text that is not a level; at <paramref name="matrixRows"/> (ascending) only when given. Takes over the row
    /// buffer, so call it once.</summary>
    public float[] Codes(IReadOnlyList<string> levels, int[]? matrixRows = null)
    {
        var map = LevelMap(levels);
        var cells = matrixRows is null ? _rows : new float[matrixRows.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var v = matrixRows is null ? cells[i] : _rows[matrixRows[i]];
            cells[i] = float.IsNaN(v) ? float.NaN : map[(int)v];
        }

        _rows = [];
        return cells;
    }

    /// <summary>The rows read so far as indexes into the distinct texts (NaN for NULL), for a reader that reuses the
    /// buffer chunk after chunk (<see cref="LevelMap"/> turns an index into a schema's level code).</summary>
    public ReadOnlySpan<float> Rows => _rows;

    /// <summary>The level code of every distinct text read so far, by its index: NaN for a missing token or a text that
    /// is not among <paramref name="levels"/> (the cells <see cref="Codes"/> gives).</summary>
    public float[] LevelMap(IReadOnlyList<string> levels)
    {
        var codes = new Dictionary<string, int>(levels.Count, StringComparer.Ordinal);
        for (var k = 0; k < levels.Count; k++)
        {
            codes[levels[k]] = k;
        }

        var map = new float[_texts.Count];
        for (var k = 0; k < map.Length; k++)
        {
            var text = _texts[k];
            map[k] = !FeatureMatrixBuilder.IsMissingToken(text) && codes.TryGetValue(text.Trim(), out var code) ? code : float.NaN;
        }

        return map;
    }

    /// <summary>The rows as text (null for NULL), each distinct text one shared string. Call before <see cref="Codes"/>.</summary>
    public string?[] Texts()
    {
        var texts = new string?[_rows.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            var v = _rows[i];
            texts[i] = float.IsNaN(v) ? null : _texts[(int)v];
        }

        return texts;
    }

    private float IndexOf(ReadOnlySpan<byte> utf8, Span<char> buffer)
    {
        var chars = Encoding.UTF8.GetMaxCharCount(utf8.Length) <= buffer.Length ? buffer : new char[Encoding.UTF8.GetMaxCharCount(utf8.Length)];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(chars[..length], out var index) ? index : Add(new string(chars[..length]));
    }

    private float IndexOf(string text) => _index.TryGetValue(text, out var index) ? index : Add(text);

    private float Add(string text)
    {
        HasValue = true;
        _index[text] = _texts.Count;
        _texts.Add(text);
        return _texts.Count - 1;
    }
}
