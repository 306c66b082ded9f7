using System.Globalization;

namespace Patron.Learning.Data;

/// <summary>Builds a <see cref="FeatureMatrix"/> from columns of numbers or text, either inferring each column's kind
/// (numbers → numeric, true/false words → boolean, anything else → categorical) or applying an existing schema for scoring.</summary>
/// <remarks>Text is parsed with the invariant culture. Empty cells and the tokens NA, N/A, NaN, null and ? are missing.
/// Inferred categorical levels are sorted ordinally so the same data always gives the same codes. Not thread-safe.</remarks>
public sealed class FeatureMatrixBuilder
{
    private readonly List<PendingColumn> _columns = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Creates a builder for columns of <paramref name="rowCount"/> cells.</summary>
    public FeatureMatrixBuilder(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        RowCount = rowCount;
    }

    /// <summary>Number of rows every column must have.</summary>
    public int RowCount { get; }

    /// <summary>Adds a numeric column (NaN = missing).</summary>
    public FeatureMatrixBuilder AddNumeric(string name, ReadOnlySpan<double> values)
    {
        var cells = new float[CheckLength(name, values.Length)];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = (float)values[i];
        }

        return Add(new PendingColumn(name, FeatureKind.Numeric, cells, null));
    }

    /// <summary>Adds a boolean column from 0/1 values (NaN = missing).</summary>
    public FeatureMatrixBuilder AddBoolean(string name, ReadOnlySpan<double> values)
    {
        var cells = new float[CheckLength(name, values.Length)];
        for (var i = 0; i < cells.Length; i++)
        {
            var v = values[i];
            cells[i] = double.IsNaN(v) ? float.NaN : v == 0 ? 0f : v == 1 ? 1f
                : throw new ArgumentException($"Column '{name}' row {i}: boolean value must be 0, 1 or NaN.", nameof(values));
        }

        return Add(new PendingColumn(name, FeatureKind.Boolean, cells, null));
    }

    /// <summary>Adds a categorical column (null or a missing token = missing).</summary>
    public FeatureMatrixBuilder AddCategorical(string name, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckLength(name, values.Count);
        return Add(new PendingColumn(name, FeatureKind.Categorical, null, values));
    }

    /// <summary>Adds a text column whose kind is inferred at <see cref="Build()"/> (or taken from the schema given to
    /// <see cref="Build(FeatureSchema)"/>).</summary>
    public FeatureMatrixBuilder AddText(string name, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckLength(name, values.Count);
        return Add(new PendingColumn(name, null, null, values));
    }

    /// <summary>Builds the matrix, inferring the kind of text columns, in the order the columns were added.</summary>
    public FeatureMatrix Build()
    {
        var specs = new FeatureSpec[_columns.Count];
        var cells = new float[_columns.Count][];
        for (var j = 0; j < _columns.Count; j++)
        {
            var column = _columns[j];
            if (column.Numbers is not null)
            {
                specs[j] = new FeatureSpec(column.Name, column.Kind!.Value);
                cells[j] = column.Numbers;
                continue;
            }

            var kind = column.Kind ?? InferKind(column.Text!);
            specs[j] = kind == FeatureKind.Categorical
                ? new FeatureSpec(column.Name, kind, CollectLevels(column.Text!))
                : new FeatureSpec(column.Name, kind);
            cells[j] = Convert(specs[j], column);
        }

        return FeatureMatrix.Create(new FeatureSchema(specs), cells);
    }

    /// <summary>Builds a matrix with exactly <paramref name="schema"/>: columns are found by name (extra columns are
    /// ignored), text is parsed per the schema's kind, and categorical values outside the schema's levels become NaN.</summary>
    public FeatureMatrix Build(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var cells = new float[schema.Count][];
        for (var j = 0; j < schema.Count; j++)
        {
            var spec = schema[j];
            var column = _columns.Find(c => string.Equals(c.Name, spec.Name, StringComparison.Ordinal))
                ?? throw new SchemaMismatchException($"The data has no column '{spec.Name}', which the model needs ({spec}).");
            cells[j] = Convert(spec, column);
        }

        return FeatureMatrix.Create(schema, cells);
    }

    /// <summary>Whether <paramref name="text"/> is a missing-value token (empty, NA, N/A, NaN, null, ?).</summary>
    public static bool IsMissingToken(string? text) => text is null || IsMissingToken(text.AsSpan());

    /// <summary>Whether <paramref name="text"/> is a missing-value token (empty, NA, N/A, NaN, null, ?).</summary>
    public static bool IsMissingToken(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        return t.Length == 0
            || t.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || t.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || t.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || t.Equals("null", StringComparison.OrdinalIgnoreCase)
            || t.Equals("?", StringComparison.Ordinal);
    }

    private static FeatureKind InferKind(IReadOnlyList<string?> text)
    {
        var csv = text as CsvColumn;
        var numeric = true;
        var boolean = true;
        var present = 0;
        for (var i = 0; i < text.Count && (numeric || boolean); i++)
        {
            var s = CellAt(text, csv, i);
            if (IsMissingToken(s))
            {
                continue;
            }

            present++;

            numeric &= double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            // 0/1 columns stay numeric: a later file may hold a 2, which a boolean schema would refuse.
            boolean &= IsBooleanWord(s);
        }

        // An all-missing column says nothing about its kind; numeric is the harmless default.
        return present > 0 && boolean ? FeatureKind.Boolean : numeric ? FeatureKind.Numeric : FeatureKind.Categorical;
    }

    private static string[] CollectLevels(IReadOnlyList<string?> text)
    {
        var csv = text as CsvColumn;
        var set = new HashSet<string>(StringComparer.Ordinal);
        var lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < text.Count; i++)
        {
            var s = CellAt(text, csv, i);
            if (!IsMissingToken(s))
            {
                lookup.Add(s.Trim());
            }
        }

        var levels = new string[set.Count];
        set.CopyTo(levels);
        Array.Sort(levels, StringComparer.Ordinal);
        return levels;
    }

    private float[] Convert(FeatureSpec spec, PendingColumn column)
    {
        if (column.Numbers is not null)
        {
            if (column.Kind == spec.Kind || (spec.Kind == FeatureKind.Numeric && column.Kind == FeatureKind.Boolean))
            {
                return (float[])column.Numbers.Clone();
            }

            throw new SchemaMismatchException($"Column '{spec.Name}' holds {column.Kind} values but the schema wants {spec}.");
        }

        var text = column.Text!;
        var csv = text as CsvColumn;
        var cells = new float[RowCount];
        switch (spec.Kind)
        {
            case FeatureKind.Numeric:
                for (var i = 0; i < cells.Length; i++)
                {
                    var s = CellAt(text, csv, i);
                    if (IsMissingToken(s))
                    {
                        cells[i] = float.NaN;
                    }
                    else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    {
                        cells[i] = (float)v;
                    }
                    else if (TryParseBoolean(s, out var b))
                    {
                        cells[i] = b;
                    }
                    else
                    {
                        throw new FormatException($"Column '{spec.Name}' row {i + 1}: '{s.ToString()}' is not a number.");
                    }
                }

                break;
            case FeatureKind.Boolean:
                for (var i = 0; i < cells.Length; i++)
                {
                    var s = CellAt(text, csv, i);
                    if (IsMissingToken(s))
                    {
                        cells[i] = float.NaN;
                    }
                    else if (TryParseBoolean(s, out var b))
                    {
                        cells[i] = b;
                    }
                    else
                    {
                        throw new FormatException($"Column '{spec.Name}' row {i + 1}: '{s.ToString()}' is not a boolean (true/false/0/1).");
                    }
                }

                break;
            default:
                var codes = new Dictionary<string, int>(spec.LevelCount, StringComparer.Ordinal);
                for (var k = 0; k < spec.LevelCount; k++)
                {
                    codes[spec.Levels![k]] = k;
                }

                var codeLookup = codes.GetAlternateLookup<ReadOnlySpan<char>>();
                for (var i = 0; i < cells.Length; i++)
                {
                    var s = CellAt(text, csv, i);
                    cells[i] = !IsMissingToken(s) && codeLookup.TryGetValue(s.Trim(), out var code) ? code : float.NaN;
                }

                break;
        }

        return cells;
    }

    // A CSV column hands out spans; any other list of strings is read cell by cell (null = missing).
    private static ReadOnlySpan<char> CellAt(IReadOnlyList<string?> text, CsvColumn? csv, int i) =>
        csv is not null ? csv.Cell(i) : text[i].AsSpan();

    private static bool IsBooleanWord(ReadOnlySpan<char> s)
    {
        var t = s.Trim();
        return t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryParseBoolean(ReadOnlySpan<char> s, out float value)
    {
        var t = s.Trim();
        if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("1", StringComparison.Ordinal))
        {
            value = 1f;
            return true;
        }

        if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("0", StringComparison.Ordinal))
        {
            value = 0f;
            return true;
        }

        value = float.NaN;
        return false;
    }

    private int CheckLength(string name, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (length != RowCount)
        {
            throw new ArgumentException($"Column '{name}' has {length} rows, the builder expects {RowCount}.", nameof(name));
        }

        return length;
    }

    private FeatureMatrixBuilder Add(PendingColumn column)
    {
        if (!_names.Add(column.Name))
        {
            throw new ArgumentException($"Column '{column.Name}' was added twice.", nameof(column));
        }

        _columns.Add(column);
        return this;
    }

    private sealed record PendingColumn(string Name, FeatureKind? Kind, float[]? Numbers, IReadOnlyList<string?>? Text);
}
