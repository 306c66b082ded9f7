using System.Text;
using Patron.DuckDb;
using Patron.Features.Registry;
using Patron.Warehouse;

namespace Patron.Pipeline.Output;

/// <summary>Writes a run's profiles.bin (<see cref="ProfileSnapshot"/>) from the predictions in memory and the
/// registry's features of features.parquet, in the row order of predictions.csv.</summary>
internal static class ProfileSnapshotWriter
{
    /// <summary>One feature column in the predictions' row order: numbers (NaN = missing) or texts.</summary>
    public sealed record Feature(string Name, double[]? Numbers, string?[]? Texts);

    /// <summary>Feature columns read from features.parquet in one pass (each pass reads the ids' row numbers and these
    /// columns only): a pass holds this many columns of doubles at once, not the whole table.</summary>
    internal const int ColumnsPerPass = 8;

    /// <summary>Writes profiles.bin into the run folder beside the predictions.csv already written there; the registry's
    /// features stream from features.parquet a few columns at a time (<see cref="ColumnsPerPass"/>), so memory holds a
    /// few columns of millions of customers, never the table.</summary>
    public static void Write(Predictions p, string runFolder) => Write(p, runFolder, null);

    /// <summary>As <see cref="Write(Predictions, string)"/>, while predictions.csv is still being written beside it:
    /// <paramref name="predictionsLength"/> gives that file's length once it is complete, and is asked only when every
    /// column is written (null: the length of the predictions.csv already there).</summary>
    public static void Write(Predictions p, string runFolder, Func<long>? predictionsLength)
    {
        ArgumentNullException.ThrowIfNull(p);
        var path = Path.Combine(runFolder, "features.parquet");
        // Each column is written as it comes, so the passes can fill the same arrays.
        WriteColumns(p, runFolder, writer => StreamFeatures(path, p.Ids, feature => WriteFeature(writer, feature, p.Count), reuseColumns: true), predictionsLength);
    }

    public static void Write(Predictions p, IReadOnlyList<Feature> features, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(features);
        WriteColumns(p, runFolder, writer =>
        {
            foreach (var feature in features)
            {
                WriteFeature(writer, feature, p.Count);
            }
        }, null);
    }

    private static void WriteFeature(ProfileSnapshot.Writer writer, Feature feature, int n)
    {
        if (feature.Numbers is { } numbers)
        {
            writer.Numbers(ProfileSnapshot.FeaturePrefix + feature.Name, numbers);
        }
        else
        {
            var texts = feature.Texts!;
            writer.Texts(ProfileSnapshot.FeaturePrefix + feature.Name, n, i => texts[i]);
        }
    }

    private static void WriteColumns(Predictions p, string runFolder, Action<ProfileSnapshot.Writer> features, Func<long>? predictionsLength)
    {
        var csv = new FileInfo(Path.Combine(runFolder, "predictions.csv"));
        using var writer = ProfileSnapshot.Create(Path.Combine(runFolder, ProfileSnapshot.FileName), p.Count, predictionsLength is null && csv.Exists ? csv.Length : -1);
        var n = p.Count;
        writer.Ids(p.Ids);
        writer.Texts("segment", n, i => p.Segments[i]);
        writer.Texts("recommended_action", n, i => p.Actions[i]);
        Numbers("churn_probability", p.Churn);
        Numbers("repeat_probability", p.Repeat);
        Numbers("high_value_probability", p.HighValue);
        if (p.HighValueFlag is { } flags)
        {
            var values = new sbyte[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = flags[i] ? (sbyte)1 : (sbyte)0;
            }

            writer.Flags("high_value_flag", values);
        }

        Numbers("predicted_clv", p.Clv);
        Numbers("predicted_clv_lower", p.Clv is null ? null : p.ClvLower ?? Missing(n));
        Numbers("predicted_clv_upper", p.Clv is null ? null : p.ClvUpper ?? Missing(n));
        Numbers("p_alive", p.PAlive);
        Numbers("expected_purchases", p.PAlive is null ? null : p.ExpectedPurchases ?? Missing(n));
        Numbers("early_high_value_probability", p.EarlyHighValue);
        if (p.Reasons is { } reasons)
        {
            for (var k = 0; k < 3; k++)
            {
                var slot = k;
                writer.Texts(FormattableString.Invariant($"reason_{k + 1}"), n, i => slot < reasons[i].Length ? reasons[i][slot] : null);
            }
        }

        if (p.NextProducts is { } next)
        {
            var ranks = 0;
            foreach (var products in next)
            {
                ranks = Math.Max(ranks, products.Length);
            }

            for (var r = 0; r < ranks; r++)
            {
                var rank = r;
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "product_id"), n, i => rank < next[i].Length ? next[i][rank].ItemId : null);
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "name"), n, i => rank < next[i].Length ? next[i][rank].Name : null);
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "source"), n, i => rank < next[i].Length ? next[i][rank].Source : null);
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "reason"), n, i => rank < next[i].Length ? next[i][rank].Reason : null);
                var scores = Missing(n);
                for (var i = 0; i < n; i++)
                {
                    if (rank < next[i].Length)
                    {
                        scores[i] = next[i][rank].Score;
                    }
                }

                writer.Numbers(ProfileSnapshot.NextField(rank + 1, "score"), scores);
            }
        }

        features(writer);
        if (p.Churn is not null)
        {
            writer.Order(ProfileSnapshot.OrderPrefix + "churn", ProfileSnapshot.Descending(p.Churn));
        }

        if (p.Clv is not null)
        {
            writer.Order(ProfileSnapshot.OrderPrefix + "clv", ProfileSnapshot.Descending(p.Clv));
        }

        writer.Complete(predictionsLength?.Invoke());

        void Numbers(string name, double[]? values)
        {
            if (values is not null)
            {
                writer.Numbers(name, values);
            }
        }
    }

    /// <summary>The registry's features of features.parquet, placed in the order of <paramref name="ids"/> (rows without
    /// a prediction are left out; customers without features read as missing).</summary>
    public static List<Feature> ReadFeatures(string path, string[] ids)
    {
        var features = new List<Feature>();
        if (!File.Exists(path))
        {
            return features;
        }

        var rowOf = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            rowOf[ids[i]] = i;
        }

        using var table = RunTable.ReadParquet(path);
        var source = table.Texts("customer_id");
        var rows = new int[source.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = source[i] is { } id && rowOf.TryGetValue(id, out var row) ? row : -1;
        }

        foreach (var name in table.Columns)
        {
            if (FeatureRegistry.Find(name) is null)
            {
                continue;
            }

            if (table.IsText(name))
            {
                var values = table.Texts(name);
                var placed = new string?[ids.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i] >= 0)
                    {
                        placed[rows[i]] = values[i];
                    }
                }

                features.Add(new Feature(name, null, placed));
            }
            else
            {
                var values = table.Numbers(name);
                var placed = Missing(ids.Length);
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i] >= 0)
                    {
                        placed[rows[i]] = values[i];
                    }
                }

                features.Add(new Feature(name, placed, null));
            }
        }

        return features;
    }

    /// <summary>The same columns as <see cref="ReadFeatures"/>, in the same order, handed to <paramref name="take"/> one
    /// at a time: each pass over the file reads its row numbers and <see cref="ColumnsPerPass"/> columns, places them in
    /// the order of <paramref name="ids"/> and lets them go before the next pass.</summary>
    public static void StreamFeatures(string path, string[] ids, Action<Feature> take) => StreamFeatures(path, ids, take, reuseColumns: false);

    /// <summary>As <see cref="StreamFeatures(string, string[], Action{Feature})"/>; with <paramref name="reuseColumns"/>
    /// the arrays of a pass are filled again by the next one (<paramref name="take"/> must be done with a column when it
    /// returns), so millions of rows do not allocate fresh large arrays, and start collections, pass after pass.</summary>
    public static void StreamFeatures(string path, string[] ids, Action<Feature> take, bool reuseColumns)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(take);
        if (!File.Exists(path))
        {
            return;
        }

        var rowOf = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            rowOf[ids[i]] = i;
        }

        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"SET memory_limit = {SqlScripts.Literal(WarehouseFile.MemoryLimit())};");
        var source = $"read_parquet({SqlScripts.Literal(path)}, file_row_number = true)";
        var names = new List<string>();
        var types = new List<DuckDbType>();
        using (var schema = connection.QueryStreaming($"SELECT * EXCLUDE (file_row_number) FROM {source} LIMIT 0"))
        {
            for (var j = 0; j < schema.ColumnCount; j++)
            {
                if (FeatureRegistry.Find(schema.ColumnNames[j]) is not null)
                {
                    names.Add(schema.ColumnNames[j]);
                    types.Add(schema.GetColumnType(j));
                }
            }
        }

        // The row of each file row among the ids (-1: no prediction), by the file's own row numbers, so the passes
        // agree whatever order the scan returns rows in.
        var rows = new List<int>();
        using (var reader = connection.QueryStreaming($"SELECT file_row_number, customer_id FROM {source}"))
        {
            while (reader.NextChunk())
            {
                var number = reader.Column(0);
                var id = reader.Column(1);
                for (var r = 0; r < reader.RowCount; r++)
                {
                    var at = checked((int)number.GetInt64(r));
                    while (rows.Count <= at)
                    {
                        rows.Add(-1);
                    }

                    rows[at] = !id.IsNull(r) && rowOf.TryGetValue(id.GetString(r), out var row) ? row : -1;
                }
            }
        }

        rowOf = null;
        var rowOfFileRow = rows.ToArray();
        rows = null;
        var numbers = new double[]?[ColumnsPerPass];
        var texts = new string?[]?[ColumnsPerPass];
        // The ids' rows of the chunk's file rows, looked up once per chunk for all its columns.
        var placed = new int[2048];
        for (var first = 0; first < names.Count; first += ColumnsPerPass)
        {
            var count = Math.Min(ColumnsPerPass, names.Count - first);
            var select = new StringBuilder("SELECT file_row_number");
            for (var c = 0; c < count; c++)
            {
                select.Append(", \"").Append(names[first + c].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                if (types[first + c] is DuckDbType.Varchar)
                {
                    numbers[c] = null;
                    if (reuseColumns && texts[c] is { } kept)
                    {
                        Array.Clear(kept);
                    }
                    else
                    {
                        texts[c] = new string?[ids.Length];
                    }
                }
                else
                {
                    texts[c] = null;
                    if (reuseColumns && numbers[c] is { } kept)
                    {
                        Array.Fill(kept, double.NaN);
                    }
                    else
                    {
                        numbers[c] = Missing(ids.Length);
                    }
                }
            }

            using (var reader = connection.QueryStreaming(select.Append(" FROM ").Append(source).ToString()))
            {
                while (reader.NextChunk())
                {
                    var chunk = reader.RowCount;
                    if (placed.Length < chunk)
                    {
                        placed = new int[chunk];
                    }

                    var fileRows = reader.Vector(0).Int64s();
                    for (var r = 0; r < chunk; r++)
                    {
                        placed[r] = rowOfFileRow[checked((int)fileRows[r])];
                    }

                    for (var c = 0; c < count; c++)
                    {
                        if (texts[c] is { } placedTexts)
                        {
                            var values = reader.Column(c + 1).ToStringArray();
                            for (var r = 0; r < chunk; r++)
                            {
                                if (placed[r] >= 0)
                                {
                                    placedTexts[placed[r]] = values[r];
                                }
                            }
                        }
                        else if (types[first + c] is DuckDbType.Double)
                        {
                            // In place from DuckDB's vector: no managed copy of the chunk's column.
                            var placedNumbers = numbers[c]!;
                            var vector = reader.Vector(c + 1);
                            var values = vector.Doubles();
                            for (var r = 0; r < chunk; r++)
                            {
                                if (placed[r] >= 0)
                                {
                                    placedNumbers[placed[r]] = vector.IsNull(r) ? double.NaN : values[r];
                                }
                            }
                        }
                        else
                        {
                            var placedNumbers = numbers[c]!;
                            var values = reader.Column(c + 1).ToDoubleArray();
                            for (var r = 0; r < chunk; r++)
                            {
                                if (placed[r] >= 0)
                                {
                                    placedNumbers[placed[r]] = values[r];
                                }
                            }
                        }
                    }
                }
            }

            for (var c = 0; c < count; c++)
            {
                take(new Feature(names[first + c], numbers[c], texts[c]));
                if (!reuseColumns)
                {
                    numbers[c] = null;
                    texts[c] = null;
                }
            }
        }
    }

    private static double[] Missing(int n)
    {
        var values = new double[n];
        Array.Fill(values, double.NaN);
        return values;
    }
}
