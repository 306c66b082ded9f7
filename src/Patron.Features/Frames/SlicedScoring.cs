using Patron.DuckDb;
using Patron.Learning;
using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>Scores a streamed result with several models, a slice of rows at a time: the chunks are copied into one
/// slice of float columns (each column shared by every model that takes it), and a full slice is scored on the thread
/// pool while the next one is read, so memory holds two slices and the scores, never a cutoff's columns.</summary>
/// <remarks>Each cell is converted as <see cref="FeatureMatrixBuilder"/> converts the read values (a number to float, a
/// text to its level code in the model's schema, NaN for NULL, a missing token or an unknown level), and a model scores a
/// row from that row's cells alone, so the scores equal those of one matrix over every row, bit for bit. Rows come in
/// the result's order.</remarks>
internal sealed class SlicedScoring
{
    private readonly IReadOnlyList<IPredictor> _models;
    private readonly IReadOnlyList<FrameSink> _sinks;
    private readonly int[][] _plan;
    private readonly double[][] _scores;

    private SlicedScoring(IReadOnlyList<IPredictor> models, IReadOnlyList<FrameSink> sinks, int count)
    {
        _models = models;
        _sinks = sinks;
        _plan = new int[models.Count][];
        _scores = new double[models.Count][];
        for (var m = 0; m < models.Count; m++)
        {
            _plan[m] = Plan(models[m].Schema, sinks);

            // A model of no columns scores no rows (as a matrix without columns has none).
            _scores[m] = _plan[m].Length == 0 ? [] : new double[count];
        }
    }

    /// <summary>Every model's score of every row of <paramref name="reader"/>, which holds the columns of
    /// <paramref name="sinks"/> in their order and exactly <paramref name="count"/> rows (null when there are no sinks,
    /// so every model takes no column and scores no row).</summary>
    /// <exception cref="SchemaMismatchException">A model needs a column the sinks lack, or of another kind.</exception>
    /// <exception cref="InvalidOperationException">The result holds another number of rows.</exception>
    public static double[][] Score(DuckDbReader? reader, IReadOnlyList<FrameSink> sinks, int count, IReadOnlyList<IPredictor> models, int sliceRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceRows);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var scoring = new SlicedScoring(models, sinks, count);
        if (reader is not null)
        {
            scoring.Run(reader, count, sliceRows);
        }

        return scoring._scores;
    }

    private void Run(DuckDbReader reader, int count, int sliceRows)
    {
        // Each sink holds one chunk at a time; its rows are then copied into the slice, across a slice's end if need be.
        var scratch = new double[2048];
        foreach (var sink in _sinks)
        {
            sink.Allocate(scratch.Length);
        }

        var slice = count == 0 ? null : new Slice(_sinks, _plan, Math.Min(sliceRows, count));
        Slice? spare = null;
        Task? pending = null;
        var start = 0;
        var filled = 0;
        var read = 0;
        try
        {
            while (reader.NextChunk())
            {
                var n = reader.RowCount;
                if (read + n > count)
                {
                    throw new InvalidOperationException($"The result holds more rows than the {count:N0} counted.");
                }

                if (scratch.Length < n)
                {
                    scratch = new double[n];
                    foreach (var sink in _sinks)
                    {
                        sink.Allocate(n);
                    }
                }

                for (var c = 0; c < _sinks.Count; c++)
                {
                    _sinks[c].Read(reader, c, 0, scratch);
                }

                read += n;
                for (var taken = 0; taken < n;)
                {
                    if (slice is null)
                    {
                        throw new InvalidOperationException($"The result holds more rows than the {count:N0} counted.");
                    }

                    var k = Math.Min(n - taken, slice.Rows - filled);
                    slice.Copy(_sinks, taken, filled, k);
                    taken += k;
                    filled += k;
                    if (filled < slice.Rows)
                    {
                        continue;
                    }

                    // The level maps are taken on this thread: the sinks' texts grow as the next slice is read.
                    var maps = LevelMaps();
                    pending?.Wait();
                    var full = slice;
                    var first = start;
                    pending = Task.Run(() => ScoreSlice(full, first, maps));
                    start += full.Rows;
                    filled = 0;
                    var next = Math.Min(sliceRows, count - start);
                    (slice, spare) = next == 0 ? (null, full) : (spare is { } s && s.Rows == next ? s : new Slice(_sinks, _plan, next), full);
                }
            }
        }
        finally
        {
            // A failed read must not leave a slice being scored into the arrays.
            pending?.Wait();
        }

        if (read != count)
        {
            throw new InvalidOperationException($"The result holds {read:N0} rows, not the {count:N0} counted.");
        }
    }

    /// <summary>Per model, per schema column, the level code of each distinct text read so far (null for a numeric column).</summary>
    private float[]?[][] LevelMaps()
    {
        var maps = new float[]?[_models.Count][];
        for (var m = 0; m < _models.Count; m++)
        {
            var schema = _models[m].Schema;
            maps[m] = new float[]?[schema.Count];
            for (var j = 0; j < schema.Count; j++)
            {
                if (_sinks[_plan[m][j]] is CategorySink category)
                {
                    maps[m][j] = category.LevelMap(schema[j].Levels!);
                }
            }
        }

        return maps;
    }

    private void ScoreSlice(Slice slice, int first, float[]?[][] maps)
    {
        for (var m = 0; m < _models.Count; m++)
        {
            var model = _models[m];
            if (_plan[m].Length == 0)
            {
                continue;
            }

            var columns = slice.Columns(m, maps[m]);
            model.Predict(FeatureMatrix.Create(model.Schema, columns), _scores[m].AsSpan(first, slice.Rows));
        }
    }

    /// <summary>The sink of each of the schema's columns, checked as <see cref="FrameSink.MatrixLike"/> checks them.</summary>
    private static int[] Plan(FeatureSchema schema, IReadOnlyList<FrameSink> sinks)
    {
        var plan = new int[schema.Count];
        for (var j = 0; j < schema.Count; j++)
        {
            var spec = schema[j];
            var found = -1;
            for (var c = 0; c < sinks.Count && found < 0; c++)
            {
                if (string.Equals(sinks[c].Name, spec.Name, StringComparison.Ordinal))
                {
                    found = c;
                }
            }

            plan[j] = found switch
            {
                < 0 => throw new SchemaMismatchException($"The data has no column '{spec.Name}', which the model needs ({spec})."),
                _ when sinks[found] is CategorySink && spec.Kind == FeatureKind.Categorical => found,
                _ when sinks[found] is NumericSink && spec.Kind == FeatureKind.Numeric => found,
                _ => throw new SchemaMismatchException(
                    $"Column '{spec.Name}' holds {(sinks[found] is CategorySink ? FeatureKind.Categorical : FeatureKind.Numeric)} values but the schema wants {spec}."),
            };
        }

        return plan;
    }

    /// <summary>One slice's cells: a float column per sink (numbers as floats, texts as their index among the sink's
    /// distinct texts), and per model a code column for each of its categorical columns.</summary>
    private sealed class Slice
    {
        private readonly int[][] _plan;
        private readonly float[][] _cells;
        private readonly float[]?[][] _codes;

        public Slice(IReadOnlyList<FrameSink> sinks, int[][] plan, int rows)
        {
            Rows = rows;
            _cells = new float[sinks.Count][];
            for (var c = 0; c < sinks.Count; c++)
            {
                _cells[c] = new float[rows];
            }

            _codes = new float[]?[plan.Length][];
            for (var m = 0; m < plan.Length; m++)
            {
                _codes[m] = new float[]?[plan[m].Length];
                for (var j = 0; j < plan[m].Length; j++)
                {
                    if (sinks[plan[m][j]] is CategorySink)
                    {
                        _codes[m][j] = new float[rows];
                    }
                }
            }

            _plan = plan;
        }

        public int Rows { get; }

        /// <summary>Copies <paramref name="count"/> rows of every sink's chunk from <paramref name="from"/> to the slice's
        /// rows from <paramref name="to"/>.</summary>
        public void Copy(IReadOnlyList<FrameSink> sinks, int from, int to, int count)
        {
            for (var c = 0; c < sinks.Count; c++)
            {
                var source = sinks[c] switch
                {
                    NumericSink numeric => (ReadOnlySpan<float>)numeric.Cells,
                    CategorySink category => category.Rows,
                    _ => throw new InvalidOperationException($"Column '{sinks[c].Name}' is neither numbers nor texts."),
                };
                source.Slice(from, count).CopyTo(_cells[c].AsSpan(to, count));
            }
        }

        /// <summary>Model <paramref name="m"/>'s matrix columns over the slice: the shared number columns, and its
        /// categorical columns coded through <paramref name="maps"/>.</summary>
        public float[][] Columns(int m, float[]?[] maps)
        {
            var plan = _plan[m];
            var columns = new float[plan.Length][];
            for (var j = 0; j < plan.Length; j++)
            {
                if (maps[j] is not { } map)
                {
                    columns[j] = _cells[plan[j]];
                    continue;
                }

                var indexes = _cells[plan[j]];
                var codes = _codes[m][j]!;
                for (var i = 0; i < codes.Length; i++)
                {
                    var v = indexes[i];
                    codes[i] = float.IsNaN(v) ? float.NaN : map[(int)v];
                }

                columns[j] = codes;
            }

            return columns;
        }
    }
}
