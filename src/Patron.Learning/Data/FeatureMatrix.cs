namespace Patron.Learning.Data;

/// <summary>An immutable column-major float32 feature matrix with its schema; NaN marks a missing cell.</summary>
/// <remarks>Categorical cells hold the level code as a float (0, 1, ...). Boolean cells hold 0 or 1. The matrix owns
/// the column arrays it is created from: callers must not change them afterwards. Thread-safe for reading.</remarks>
public sealed class FeatureMatrix
{
    private readonly float[][] _columns;

    private FeatureMatrix(FeatureSchema schema, float[][] columns, int rowCount)
    {
        Schema = schema;
        _columns = columns;
        RowCount = rowCount;
    }

    /// <summary>The columns' names and kinds.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Creates a matrix that takes ownership of <paramref name="columns"/> (one array per schema column, all the
    /// same length) after checking lengths and that categorical and boolean cells hold valid codes.</summary>
    public static FeatureMatrix Create(FeatureSchema schema, float[][] columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length != schema.Count)
        {
            throw new ArgumentException($"The schema has {schema.Count} columns but {columns.Length} arrays were given.", nameof(columns));
        }

        var rows = columns.Length == 0 ? 0 : (columns[0]?.Length ?? 0);
        for (var j = 0; j < columns.Length; j++)
        {
            var column = columns[j] ?? throw new ArgumentException($"Column {j} ('{schema[j].Name}') is null.", nameof(columns));
            if (column.Length != rows)
            {
                throw new ArgumentException(
                    $"Column {j} ('{schema[j].Name}') has {column.Length} rows, column 0 has {rows}.", nameof(columns));
            }

            Validate(schema[j], column);
        }

        return new FeatureMatrix(schema, columns, rows);
    }

    /// <summary>Creates an empty-row matrix with the given schema (useful for schema checks).</summary>
    public static FeatureMatrix Empty(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new float[schema.Count][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = [];
        }

        return new FeatureMatrix(schema, columns, 0);
    }

    /// <summary>The cells of column <paramref name="j"/>.</summary>
    public ReadOnlySpan<float> Column(int j) => _columns[j];

    /// <summary>The cell at (<paramref name="row"/>, <paramref name="j"/>).</summary>
    public float this[int row, int j] => _columns[j][row];

    /// <summary>The backing array of column <paramref name="j"/>, for learners that need an array; never written to.</summary>
    internal float[] GetColumnArray(int j) => _columns[j];

    /// <summary>The backing column arrays themselves (no copy), for hot loops that read many rows; never written to.</summary>
    internal float[][] ColumnArrays => _columns;

    /// <summary>A new matrix holding the given rows in the given order (rows may repeat, as in a bootstrap sample).</summary>
    public FeatureMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var columns = new float[_columns.Length][];
        for (var j = 0; j < _columns.Length; j++)
        {
            var source = _columns[j];
            var target = new float[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                target[i] = source[rows[i]];
            }

            columns[j] = target;
        }

        return new FeatureMatrix(Schema, columns, rows.Length);
    }

    /// <summary>A matrix with numeric columns appended after this one's, sharing this matrix's column arrays (both are
    /// immutable, so a wide matrix costs only its new columns).</summary>
    public FeatureMatrix WithNumericColumns(IReadOnlyList<KeyValuePair<string, double[]>> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var specs = new List<FeatureSpec>(Schema.Count + extra.Count);
        specs.AddRange(Schema.Features);
        var columns = new float[_columns.Length + extra.Count][];
        _columns.CopyTo(columns, 0);
        for (var k = 0; k < extra.Count; k++)
        {
            var (name, values) = extra[k];
            if (values.Length != RowCount)
            {
                throw new ArgumentException($"Column '{name}' has {values.Length} rows; the matrix has {RowCount}.", nameof(extra));
            }

            var cells = new float[values.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = (float)values[i];
            }

            specs.Add(new FeatureSpec(name, FeatureKind.Numeric));
            columns[_columns.Length + k] = cells;
        }

        return new FeatureMatrix(new FeatureSchema(specs), columns, RowCount);
    }

    /// <summary>A new matrix with the same cells and extra rows appended (used by oversampling).</summary>
    internal FeatureMatrix AppendRows(float[][] extraColumns)
    {
        var extra = extraColumns.Length == 0 ? 0 : extraColumns[0].Length;
        var columns = new float[_columns.Length][];
        for (var j = 0; j < _columns.Length; j++)
        {
            var target = new float[RowCount + extra];
            _columns[j].CopyTo(target, 0);
            extraColumns[j].CopyTo(target, RowCount);
            columns[j] = target;
        }

        return new FeatureMatrix(Schema, columns, RowCount + extra);
    }

    /// <summary>A new matrix sharing every column except <paramref name="j"/>, which is replaced by
    /// <paramref name="column"/> (taken over; must hold valid cells for the column's kind).</summary>
    internal FeatureMatrix WithColumn(int j, float[] column)
    {
        if (column.Length != RowCount)
        {
            throw new ArgumentException($"Column {j} needs {RowCount} cells, got {column.Length}.", nameof(column));
        }

        var columns = (float[][])_columns.Clone();
        columns[j] = column;
        return new FeatureMatrix(Schema, columns, RowCount);
    }

    private static void Validate(FeatureSpec spec, float[] column)
    {
        if (spec.Kind == FeatureKind.Numeric)
        {
            return;
        }

        var limit = spec.Kind == FeatureKind.Boolean ? 2 : spec.LevelCount;
        for (var i = 0; i < column.Length; i++)
        {
            var v = column[i];
            if (float.IsNaN(v))
            {
                continue;
            }

            if (v < 0 || v >= limit || v != MathF.Floor(v))
            {
                throw new ArgumentException(
                    $"Column '{spec.Name}' row {i}: {v.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a valid {spec.Kind} code (expected 0..{limit - 1} or NaN).");
            }
        }
    }
}
