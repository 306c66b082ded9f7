using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Registry;
using Patron.Learning.Data;

namespace Patron.Features.Frames;

public sealed partial class CustomerFrame
{
    /// <summary>Reads the features of <paramref name="cutoff"/> with the labels over <paramref name="horizonDays"/> straight
    /// into a feature matrix: DuckDB's result is streamed chunk by chunk into float columns sized up front, so neither a
    /// materialised result nor a double copy of every feature is ever held. The matrix equals
    /// <c>CustomerMatrices.Build(Load(...), schema, dropEmpty: schema is null)</c> cell for cell.</summary>
    /// <param name="connection">A connection to a warehouse whose gold tables were built.</param>
    /// <param name="cutoff">The feature cutoff.</param>
    /// <param name="horizonDays">The label horizon in days.</param>
    /// <param name="schema">The columns and category levels to read (a reference cutoff's), or null to take every
    /// registry feature with a value, category levels sorted ordinally.</param>
    /// <param name="kept">Features the returned frame keeps as values (numeric ones as doubles, categorical ones as
    /// text), for the readers outside the matrix (baselines, the predictions file); features the table lacks are
    /// skipped.</param>
    /// <param name="sharedIds">Another cutoff's ids (ascending ordinal order, as a frame holds them), or null: a customer
    /// id equal to one of them is that very string, so cutoffs read side by side hold one string per customer, not one
    /// per customer and cutoff (tens of bytes each at millions of customers). The ids' values are the same either way.</param>
    /// <param name="matrixRows">Picks the rows the matrix holds from the cutoff's labels (by name, in id order), or
    /// null: the matrix holds every row. When given, the ids and labels are read first (narrow, in id order); the
    /// picker returns the rows (ascending, each once) or null for every row; the wide read then places only those
    /// rows' cells, while the frame keeps every customer. The matrix equals the whole one's
    /// <see cref="FeatureMatrix.SelectRows"/> at those rows, and its schema is the whole one's.</param>
    /// <exception cref="SchemaMismatchException">The table lacks a column of <paramref name="schema"/>, or holds it as
    /// another kind.</exception>
    /// <exception cref="ArgumentException">The picker's rows are not ascending, distinct rows of the cutoff.</exception>
    public static CustomerInputs LoadInputs(DuckDbConnection connection, DateOnly cutoff, int horizonDays, FeatureSchema? schema, IReadOnlyCollection<string> kept, string[]? sharedIds = null, Func<IReadOnlyDictionary<string, double[]>, int[]?>? matrixRows = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonDays);
        var present = PresentColumns(connection);
        var keptSet = new HashSet<string>(kept, StringComparer.Ordinal);
        var numeric = new List<NumericSink>();
        var categorical = new List<CategorySink>();
        foreach (var feature in FeatureRegistry.All)
        {
            if (Excluded.Contains(feature.Name) || !present.Contains(feature.Name))
            {
                continue;
            }

            var inMatrix = schema is null || schema.IndexOf(feature.Name) >= 0;
            var keep = keptSet.Contains(feature.Name);
            if (!inMatrix && !keep)
            {
                continue;
            }

            if (feature.Type == FeatureType.Category)
            {
                categorical.Add(new CategorySink(feature.Name, keep));
            }
            else
            {
                numeric.Add(new NumericSink(feature.Name, inMatrix, keep));
            }
        }

        var date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var count = checked((int)CountAt(connection, cutoff));
        var labels = new NumericSink[LabelNames.Count];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = new NumericSink("label_" + LabelNames[k], inMatrix: false, keep: true);
            labels[k].Allocate(count);
        }

        // The ids alone come sorted (a narrow sort), the wide rows in the order DuckDB makes them, each placed at its
        // id's row: sorting millions of rows of every feature by id held the pool and one core for a third of the read.
        // A caller that picks the matrix rows by label gets the labels in that narrow sort, before the wide read.
        string[] ids;
        int[]? picked = null;
        if (matrixRows is null)
        {
            ids = ReadIds(connection, $"SELECT customer_id FROM gold.customer_features WHERE cutoff = DATE '{date}' ORDER BY customer_id", date, count, sharedIds, []);
        }
        else
        {
            ids = ReadIds(connection, "SELECT f.customer_id" + LabelsAndRows(cutoff, horizonDays), date, count, sharedIds, labels);
            picked = matrixRows(LabelColumns(labels));
        }

        var cellOf = picked is null ? null : CellRows(picked, count);
        foreach (var sink in numeric)
        {
            sink.Allocate(count, picked?.Length ?? count);
        }

        foreach (var sink in categorical)
        {
            sink.Allocate(count);
        }

        var placement = new RowPlacement(ids);
        var select = new StringBuilder("SELECT f.customer_id");
        foreach (var sink in numeric)
        {
            select.Append(", f.\"").Append(sink.Name).Append('"');
        }

        foreach (var sink in categorical)
        {
            select.Append(", f.\"").Append(sink.Name).Append('"');
        }

        // Labels read in the narrow sort need no join here.
        select.Append(matrixRows is null
            ? LabelsAndRows(cutoff, horizonDays, ordered: false)
            : $" FROM gold.customer_features f WHERE f.cutoff = DATE '{date}'");

        var scratch = new double[2048];
        var rows = new int[2048];
        var cells = cellOf is null ? rows : new int[2048];
        using (var reader = connection.QueryStreaming(select.ToString()))
        {
            while (reader.NextChunk())
            {
                var n = reader.RowCount;
                if (scratch.Length < n)
                {
                    scratch = new double[n];
                    rows = new int[n];
                    cells = cellOf is null ? rows : new int[n];
                }

                var at = rows.AsSpan(0, n);
                Place(reader.Vector(0), placement, at, date, horizonDays);
                var cellAt = cells.AsSpan(0, n);
                if (cellOf is not null)
                {
                    for (var i = 0; i < n; i++)
                    {
                        cellAt[i] = cellOf[at[i]];
                    }
                }

                var column = 1;
                foreach (var sink in numeric)
                {
                    sink.Place(reader, column++, at, cellAt, scratch);
                }

                foreach (var sink in categorical)
                {
                    sink.Place(reader, column++, at, cellAt, scratch);
                }

                if (matrixRows is null)
                {
                    foreach (var sink in labels)
                    {
                        sink.Place(reader, column++, at, at, scratch);
                    }
                }
            }
        }

        if (placement.Placed != count)
        {
            throw new InvalidOperationException($"gold.customer_features of {date} gave {placement.Placed:N0} rows for {count:N0} customers.");
        }

        var keptCategorical = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var sink in categorical)
        {
            if (sink.Keep)
            {
                keptCategorical[sink.Name] = sink.Texts();
            }
        }

        var plain = schema is null
            ? FrameSink.ReferenceMatrix([.. numeric, .. categorical], picked)
            : FrameSink.MatrixLike(schema, [.. numeric, .. categorical], picked);
        var keptNumeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var sink in numeric)
        {
            if (sink.Values is { } values)
            {
                keptNumeric[sink.Name] = values;
            }
        }

        return new CustomerInputs(new CustomerFrame(cutoff, horizonDays, ids, keptNumeric, keptCategorical, LabelColumns(labels)), plain, picked);
    }

    private static Dictionary<string, double[]> LabelColumns(NumericSink[] labels)
    {
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var k = 0; k < labels.Length; k++)
        {
            columns[LabelNames[k]] = labels[k].Values!;
        }

        return columns;
    }

    /// <summary>Each of <paramref name="count"/> rows' row in a matrix of the rows <paramref name="picked"/>, -1 for a
    /// row it leaves out.</summary>
    private static int[] CellRows(int[] picked, int count)
    {
        var cellOf = new int[count];
        Array.Fill(cellOf, -1);
        for (var k = 0; k < picked.Length; k++)
        {
            var row = picked[k];
            if (row < 0 || row >= count || (k > 0 && row <= picked[k - 1]))
            {
                throw new ArgumentException($"The matrix rows must be ascending rows of the {count:N0} customers, each once; row {k} is {row}.", nameof(picked));
            }

            cellOf[row] = k;
        }

        return cellOf;
    }

    private static HashSet<string> PresentColumns(DuckDbConnection connection)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var result = connection.Query("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = 'customer_features'"))
        {
            foreach (var name in result["column_name"].ToStringArray())
            {
                if (name is not null)
                {
                    present.Add(name);
                }
            }
        }

        return present.Count > 0
            ? present
            : throw new InvalidOperationException("The warehouse has no gold.customer_features table: build features first (patron features --cutoff DATE).");
    }

    /// <summary>The ids of <paramref name="date"/>'s customers in ascending order, <paramref name="count"/> of them, by
    /// <paramref name="sql"/> (the id first, ordered by it, then a column for each of <paramref name="columns"/>, read
    /// into them); an id equal to the one of <paramref name="sharedIds"/> at or after the merge's cursor (both lists
    /// ascending) is taken as that string, and the decoded copy dies young.</summary>
    private static string[] ReadIds(DuckDbConnection connection, string sql, string date, int count, string[]? sharedIds, NumericSink[] columns)
    {
        var ids = new string[count];
        var offset = 0;
        var cursor = 0;
        var scratch = new double[2048];
        using (var reader = connection.QueryStreaming(sql))
        {
            while (reader.NextChunk())
            {
                var vector = reader.Vector(0);
                if (offset + vector.Count > count)
                {
                    throw new InvalidOperationException($"gold.customer_features of {date} gave more ids than its {count:N0} customers (with labels, a customer may have two label rows).");
                }

                for (var r = 0; r < vector.Count; r++)
                {
                    var id = vector.IsNull(r)
                        ? throw new InvalidOperationException($"gold.customer_features of {date} holds a NULL customer_id at row {offset + r + 1}.")
                        : Encoding.UTF8.GetString(vector.Utf8(r));
                    ids[offset + r] = sharedIds is null ? id : Shared(id, sharedIds, ref cursor);
                }

                if (scratch.Length < vector.Count)
                {
                    scratch = new double[vector.Count];
                }

                for (var k = 0; k < columns.Length; k++)
                {
                    columns[k].Read(reader, k + 1, offset, scratch);
                }

                offset += vector.Count;
            }
        }

        return offset == count
            ? ids
            : throw new InvalidOperationException($"gold.customer_features of {date} gave {offset:N0} ids for {count:N0} customers.");
    }

    /// <summary>The row of each id of a chunk, by <paramref name="placement"/>.</summary>
    private static void Place(DuckDbVector vector, RowPlacement placement, Span<int> rows, string date, int horizonDays)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            if (vector.IsNull(r))
            {
                throw new InvalidOperationException($"gold.customer_features of {date} holds a NULL customer_id.");
            }

            try
            {
                rows[r] = placement.Take(vector.Utf8(r));
            }
            catch (InvalidOperationException)
            {
                throw new InvalidOperationException($"gold.customer_features of {date} gave more rows than its {placement.Keys.Length:N0} customers: a customer has two label rows of horizon {horizonDays}.");
            }
            catch (KeyNotFoundException e)
            {
                throw new InvalidOperationException($"gold.customer_features of {date} gave a row its ids did not: {e.Message}", e);
            }
        }
    }

    /// <summary><paramref name="id"/>, or the equal string of <paramref name="sharedIds"/> when the merge finds one. Only an
    /// equal string is ever taken, so an order that differs from the ordinal one (text beyond ASCII) can cost sharing,
    /// never a wrong id.</summary>
    internal static string Shared(string id, string[] sharedIds, ref int cursor)
    {
        while (cursor < sharedIds.Length)
        {
            var order = string.CompareOrdinal(sharedIds[cursor], id);
            if (order > 0)
            {
                return id;
            }

            cursor++;
            if (order == 0)
            {
                return sharedIds[cursor - 1];
            }
        }

        return id;
    }
}
