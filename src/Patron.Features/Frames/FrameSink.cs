using Patron.DuckDb;
using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>One column of a streamed result, filled chunk by chunk into arrays sized up front (<see cref="NumericSink"/>,
/// <see cref="CategorySink"/>), and the feature matrix made of such columns: the same matrix
/// <see cref="FeatureMatrixBuilder"/> makes from whole double and text columns, without ever holding those.</summary>
internal abstract class FrameSink(string name)
{
    public string Name { get; } = name;

    /// <summary>Whether any row read so far holds a value (not NULL; for numbers, not NaN either).</summary>
    public bool HasValue { get; protected set; }

    public abstract void Allocate(int count);

    /// <summary>Grows or trims the arrays to <paramref name="count"/> rows, keeping those read.</summary>
    public abstract void Resize(int count);

    /// <summary>Copies the current chunk's column <paramref name="ordinal"/> to rows from <paramref name="offset"/> on;
    /// <paramref name="scratch"/> holds at least a chunk of doubles.</summary>
    public abstract void Read(DuckDbReader reader, int ordinal, int offset, double[] scratch);

    /// <summary>Copies the current chunk's column <paramref name="ordinal"/> to the rows <paramref name="rows"/> names,
    /// one target row per chunk row (a result read in any order and placed by its keys); <paramref name="scratch"/>
    /// holds at least a chunk of doubles.</summary>
    /// <param name="reader">The result, at the chunk to copy.</param>
    /// <param name="ordinal">The column of the result.</param>
    /// <param name="rows">Each chunk row's row among the frame's customers.</param>
    /// <param name="cellRows">Each chunk row's row in the matrix cells, -1 for a row the matrix leaves out (the same
    /// span as <paramref name="rows"/> when the matrix holds every customer). A sink whose cells are made at the end
    /// from rows it keeps for every customer (<see cref="CategorySink"/>) reads <paramref name="rows"/> alone.</param>
    /// <param name="scratch">At least a chunk of doubles.</param>
    public abstract void Place(DuckDbReader reader, int ordinal, ReadOnlySpan<int> rows, ReadOnlySpan<int> cellRows, double[] scratch);

    /// <summary>As <see cref="FeatureMatrixBuilder.Build()"/> over the columns with a value, in the order given: numbers
    /// as numeric columns, texts as categorical ones with their levels sorted ordinally. With
    /// <paramref name="matrixRows"/>, the rows of that matrix at those rows: a column with a value in any row is
    /// kept and its levels come from every row, so the schema does not depend on the rows taken.</summary>
    /// <param name="sinks">The columns, read.</param>
    /// <param name="matrixRows">The rows (ascending) the numeric sinks' cells hold, or null for every row.</param>
    public static FeatureMatrix ReferenceMatrix(IEnumerable<FrameSink> sinks, int[]? matrixRows = null)
    {
        var specs = new List<FeatureSpec>();
        var cells = new List<float[]>();
        foreach (var sink in sinks)
        {
            if (!sink.HasValue)
            {
                continue;
            }

            if (sink is CategorySink category)
            {
                var levels = category.SortedLevels();
                specs.Add(new FeatureSpec(sink.Name, FeatureKind.Categorical, levels));
                cells.Add(category.Codes(levels, matrixRows));
            }
            else
            {
                specs.Add(new FeatureSpec(sink.Name, FeatureKind.Numeric));
                cells.Add(((NumericSink)sink).Cells!);
            }
        }

        return FeatureMatrix.Create(new FeatureSchema(specs), [.. cells]);
    }

    /// <summary>As <see cref="FeatureMatrixBuilder.Build(FeatureSchema)"/>: exactly the schema's columns, a level it
    /// never saw becoming missing; with <paramref name="matrixRows"/>, at those rows only (ascending, the rows the
    /// numeric sinks' cells hold).</summary>
    /// <exception cref="SchemaMismatchException">A schema column is not among the sinks, or is of another kind.</exception>
    public static FeatureMatrix MatrixLike(FeatureSchema schema, IReadOnlyList<FrameSink> sinks, int[]? matrixRows = null)
    {
        var cells = new float[schema.Count][];
        for (var j = 0; j < schema.Count; j++)
        {
            var spec = schema[j];
            FrameSink? sink = null;
            foreach (var candidate in sinks)
            {
                if (string.Equals(candidate.Name, spec.Name, StringComparison.Ordinal))
                {
                    sink = candidate;
                    break;
                }
            }

            cells[j] = sink switch
            {
                null => throw new SchemaMismatchException($"The data has no column '{spec.Name}', which the model needs ({spec})."),
                CategorySink category when spec.Kind == FeatureKind.Categorical => category.Codes(spec.Levels!, matrixRows),
                NumericSink { Cells: { } numbers } when spec.Kind == FeatureKind.Numeric => numbers,
                _ => throw new SchemaMismatchException(
                    $"Column '{spec.Name}' holds {(sink is CategorySink ? FeatureKind.Categorical : FeatureKind.Numeric)} values but the schema wants {spec}."),
            };
        }

        return FeatureMatrix.Create(schema, cells);
    }
}
