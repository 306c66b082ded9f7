using Patron.DuckDb;

namespace Patron.Features.Frames;

/// <summary>One numeric result column filled chunk by chunk: float cells for the matrix, doubles when kept. Each value
/// is converted as the double path did (BIGINT to double, then to float), so the cells equal that path's bit for
/// bit.</summary>
internal sealed class NumericSink(string name, bool inMatrix, bool keep) : FrameSink(name)
{
    public float[]? Cells { get; private set; }

    public double[]? Values { get; private set; }

    public override void Allocate(int count) => Allocate(count, count);

    /// <summary>Values (when kept) for <paramref name="count"/> rows, matrix cells for <paramref name="cellCount"/>: a
    /// matrix that holds only some of the rows.</summary>
    public void Allocate(int count, int cellCount)
    {
        Cells = inMatrix ? new float[cellCount] : null;
        Values = keep ? new double[count] : null;
    }

    public override void Resize(int count)
    {
        if (Cells is { } cells)
        {
            Array.Resize(ref cells, count);
            Cells = cells;
        }

        if (Values is { } values)
        {
            Array.Resize(ref values, count);
            Values = values;
        }
    }

    public override void Read(DuckDbReader reader, int ordinal, int offset, double[] scratch)
    {
        var values = scratch.AsSpan(0, reader.RowCount);
        ReadValues(reader, ordinal, values);
        var n = values.Length;
        var any = false;
        if (Cells is { } cells)
        {
            var target = cells.AsSpan(offset, n);
            for (var i = 0; i < n; i++)
            {
                target[i] = (float)values[i];
                any |= !double.IsNaN(values[i]);
            }
        }

        if (Values is { } kept)
        {
            values.CopyTo(kept.AsSpan(offset, n));
        }

        HasValue |= any;
    }

    public override void Place(DuckDbReader reader, int ordinal, ReadOnlySpan<int> rows, ReadOnlySpan<int> cellRows, double[] scratch)
    {
        var values = scratch.AsSpan(0, reader.RowCount);
        ReadValues(reader, ordinal, values);
        var n = values.Length;
        if (rows.Length != n || cellRows.Length != n)
        {
            throw new ArgumentException($"The chunk holds {n} rows, the placement {rows.Length} and {cellRows.Length}.", nameof(rows));
        }

        // Whether a value is there counts over every row, also those the matrix leaves out: the reference schema (which
        // columns have a value) is then the one the whole matrix would have.
        var any = false;
        if (Cells is { } cells)
        {
            for (var i = 0; i < n; i++)
            {
                var at = cellRows[i];
                if (at >= 0)
                {
                    cells[at] = (float)values[i];
                }

                any |= !double.IsNaN(values[i]);
            }
        }

        if (Values is { } kept)
        {
            for (var i = 0; i < n; i++)
            {
                kept[rows[i]] = values[i];
            }
        }

        HasValue |= any;
    }

    /// <summary>The current chunk's column <paramref name="ordinal"/> as doubles, NaN for NULL: the values
    /// <see cref="DuckDbColumn.ToDoubleArray"/> gives for the same rows.</summary>
    public static void ReadValues(DuckDbReader reader, int ordinal, Span<double> values)
    {
        var vector = reader.Vector(ordinal);
        var n = vector.Count;
        if (values.Length != n)
        {
            throw new ArgumentException($"The chunk holds {n} rows, the span {values.Length}.", nameof(values));
        }

        switch (vector.Type)
        {
            case DuckDbType.Double:
                vector.Doubles().CopyTo(values);
                break;
            case DuckDbType.BigInt:
                var longs = vector.Int64s();
                for (var i = 0; i < n; i++)
                {
                    values[i] = longs[i];
                }

                break;
            case DuckDbType.Integer:
                var ints = vector.Int32s();
                for (var i = 0; i < n; i++)
                {
                    values[i] = ints[i];
                }

                break;
            default:
                // Any other type (a warehouse written by another build): the managed conversion of the double path.
                reader.Column(ordinal).ToDoubleArray().CopyTo(values);
                break;
        }

        if (!vector.AllValid)
        {
            for (var i = 0; i < n; i++)
            {
                if (vector.IsNull(i))
                {
                    values[i] = double.NaN;
                }
            }
        }
    }
}
