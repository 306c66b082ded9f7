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
    /// <exception cref="SchemaMismatchException">The table lacks a column of <paramref name="schema"/>, or holds it as
    /// another kind.</exception>
    public static CustomerInputs LoadInputs(DuckDbConnection connection, DateOnly cutoff, int horizonDays, FeatureSchema? schema, IReadOnlyCollection<string> kept, string[]? sharedIds = null)
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
        foreach (var sink in numeric)
        {
            sink.Allocate(count);
        }

        foreach (var sink in categorical)
        {
            sink.Allocate(count);
        }

        var ids = new string[count];
        var labels = new NumericSink[LabelNames.Count];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = new NumericSink("label_" + LabelNames[k], inMatrix: false, keep: true);
            labels[k].Allocate(count);
        }

        var select = new StringBuilder("SELECT f.customer_id");
        foreach (var sink in numeric)
        {
            select.Append(", f.\"").Append(sink.Name).Append('"');
        }

        foreach (var sink in categorical)
        {
            select.Append(", f.\"").Append(sink.Name).Append('"');
        }

        select.Append(LabelsAndRows(cutoff, horizonDays));

        var scratch = new double[2048];
        var offset = 0;
        var shared = 0;
        using (var reader = connection.QueryStreaming(select.ToString()))
        {
            while (reader.NextChunk())
            {
                var n = reader.RowCount;
                if (offset + n > count)
                {
                    throw new InvalidOperationException($"gold.customer_features of {date} gave more rows than its {count:N0} customers: a customer has two label rows of horizon {horizonDays}.");
                }

                if (scratch.Length < n)
                {
                    scratch = new double[n];
                }

                ReadIds(reader.Vector(0), ids, offset, date, sharedIds, ref shared);
                var column = 1;
                foreach (var sink in numeric)
                {
                    sink.Read(reader, column++, offset, scratch);
                }

                foreach (var sink in categorical)
                {
                    sink.Read(reader, column++, offset, scratch);
                }

                foreach (var sink in labels)
                {
                    sink.Read(reader, column++, offset, scratch);
                }

                offset += n;
            }
        }

        if (offset != count)
        {
            throw new InvalidOperationException($"gold.customer_features of {date} gave {offset:N0} rows for {count:N0} customers.");
        }

        var keptCategorical = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var sink in categorical)
        {
            if (sink.Keep)
            {
                keptCategorical[sink.Name] = sink.Texts();
            }
        }

        var plain = schema is null ? FrameSink.ReferenceMatrix([.. numeric, .. categorical]) : FrameSink.MatrixLike(schema, [.. numeric, .. categorical]);
        var keptNumeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var sink in numeric)
        {
            if (sink.Values is { } values)
            {
                keptNumeric[sink.Name] = values;
            }
        }

        var labelColumns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var k = 0; k < labels.Length; k++)
        {
            labelColumns[LabelNames[k]] = labels[k].Values!;
        }

        return new CustomerInputs(new CustomerFrame(cutoff, horizonDays, ids, keptNumeric, keptCategorical, labelColumns), plain);
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

    /// <summary>Decodes a chunk's ids into <paramref name="ids"/> at <paramref name="offset"/>; an id equal to the one of
    /// <paramref name="sharedIds"/> at or after <paramref name="cursor"/> (a merge over both ascending lists) is taken as
    /// that string, and the decoded copy dies young.</summary>
    private static void ReadIds(DuckDbVector vector, string[] ids, int offset, string date, string[]? sharedIds, ref int cursor)
    {
        for (var r = 0; r < vector.Count; r++)
        {
            var id = vector.IsNull(r)
                ? throw new InvalidOperationException($"gold.customer_features of {date} holds a NULL customer_id at row {offset + r + 1}.")
                : Encoding.UTF8.GetString(vector.Utf8(r));
            if (sharedIds is not null)
            {
                id = Shared(id, sharedIds, ref cursor);
            }

            ids[offset + r] = id;
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
