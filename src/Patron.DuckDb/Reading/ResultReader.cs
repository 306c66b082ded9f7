using Patron.DuckDb.Native;

namespace Patron.DuckDb.Reading;

/// <summary>Reads schemas and chunks out of a native result.</summary>
internal static class ResultReader
{
    public static unsafe ColumnSchema[] ReadSchema(ResultHandle result)
    {
        var count = checked((int)NativeMethods.ColumnCount(result));
        var schema = new ColumnSchema[count];
        for (var i = 0; i < count; i++)
        {
            var name = NativeMethods.ReadUtf8(NativeMethods.ColumnName(result, (ulong)i)) ?? string.Empty;
            using var logicalType = NativeMethods.ColumnLogicalType(result, (ulong)i);
            schema[i] = ColumnSchema.FromLogicalType(name, logicalType);
        }

        return schema;
    }

    /// <summary>
    /// Copies up to <paramref name="maxChunks"/> chunks of a materialized result into managed columns.
    /// </summary>
    public static DuckDbResult Materialize(ResultHandle result, int maxChunks = int.MaxValue)
    {
        var schema = ReadSchema(result);
        var limit = maxChunks == int.MaxValue ? Array.MaxLength : 2048L * maxChunks;
        var expectedRows = (int)Math.Min((long)Math.Min(NativeMethods.RowCount(result), (ulong)Array.MaxLength), limit);
        var builders = new ColumnBuilder[schema.Length];
        for (var i = 0; i < schema.Length; i++)
        {
            builders[i] = new ColumnBuilder(schema[i], expectedRows);
        }

        long rows = 0;
        for (var chunks = 0; chunks < maxChunks; chunks++)
        {
            using var chunk = result.FetchChunk();
            if (chunk is null)
            {
                break;
            }

            rows += AppendChunk(chunk, builders);
        }

        var columns = new DuckDbColumn[builders.Length];
        for (var i = 0; i < builders.Length; i++)
        {
            columns[i] = builders[i].Build();
        }

        return new DuckDbResult(columns, rows);
    }

    /// <summary>Appends every column of <paramref name="chunk"/>; returns its row count.</summary>
    public static int AppendChunk(DataChunkHandle chunk, ColumnBuilder[] builders)
    {
        var size = checked((int)NativeMethods.DataChunkGetSize(chunk));
        for (var i = 0; i < builders.Length; i++)
        {
            builders[i].Append(NativeMethods.DataChunkGetVector(chunk, (ulong)i), size);
        }

        return size;
    }
}
