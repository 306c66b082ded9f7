using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Registry;
using Patron.Learning;

namespace Patron.Features.Frames;

/// <summary>Reads <c>gold.customer_features</c> one column at a time for one cutoff, so a consumer that looks at
/// columns separately (drift, profiling) holds one column of a cutoff in memory instead of the whole frame.</summary>
/// <remarks>Values come in no particular order unless asked for customer-id order (a distribution does not need one,
/// and the sort costs more than the read; columns that must line up row by row, such as a model's inputs, ask for it).
/// Numeric and boolean features are doubles with NaN for NULL, categorical features strings with null for NULL. Not
/// thread-safe (one connection).</remarks>
public sealed class FeatureColumns
{
    private readonly DuckDbConnection _connection;
    private readonly string _date;

    private FeatureColumns(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<FeatureDefinition> features, long count)
    {
        _connection = connection;
        _date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Cutoff = cutoff;
        Features = features;
        Count = count;
    }

    /// <summary>The cutoff read.</summary>
    public DateOnly Cutoff { get; }

    /// <summary>The registry features the table holds, in registry order (the RFM cell, which repeats the three
    /// scores, left out as the models leave it out).</summary>
    public IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>Customers at the cutoff.</summary>
    public long Count { get; }

    /// <summary>Opens the cutoff's columns; the cutoff may hold no customers (<see cref="Count"/> 0).</summary>
    public static FeatureColumns Open(DuckDbConnection connection, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var result = connection.Query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'gold' AND table_name = 'customer_features'"))
        {
            foreach (var name in result["column_name"].ToStringArray())
            {
                if (name is not null)
                {
                    present.Add(name);
                }
            }
        }

        if (present.Count == 0)
        {
            throw new InvalidOperationException("The warehouse has no gold.customer_features table: build features first (patron features --cutoff DATE).");
        }

        var features = new List<FeatureDefinition>();
        foreach (var feature in FeatureRegistry.All)
        {
            if (present.Contains(feature.Name) && feature.Name != "rfm_cell")
            {
                features.Add(feature);
            }
        }

        return new FeatureColumns(connection, cutoff, features, CustomerFrame.CountAt(connection, cutoff));
    }

    /// <summary>A numeric or boolean feature's values, in customer-id order when <paramref name="byCustomer"/>.</summary>
    public double[] Numeric(string name, bool byCustomer = false)
    {
        using var result = _connection.Query(Select(name, byCustomer));
        return result[name].ToDoubleArray();
    }

    /// <summary>A categorical feature's values, in customer-id order when <paramref name="byCustomer"/>.</summary>
    public string?[] Categorical(string name, bool byCustomer = false)
    {
        using var result = _connection.Query(Select(name, byCustomer));
        return result[name].ToStringArray();
    }

    /// <summary>Several features' values from one read of the cutoff (one scan instead of one per column), in
    /// customer-id order when <paramref name="byCustomer"/>: each name maps to a <see cref="T:double[]"/> (numeric and
    /// boolean features) or a <see cref="T:string?[]"/> (categorical features), the same values <see cref="Numeric"/>
    /// and <see cref="Categorical"/> give.</summary>
    public Dictionary<string, object> Read(IReadOnlyList<string> names, bool byCustomer = false)
    {
        ArgumentNullException.ThrowIfNull(names);
        var columns = new Dictionary<string, object>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return columns;
        }

        var unique = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (seen.Add(name))
            {
                unique.Add(name);
            }
        }

        using var result = _connection.Query(Select(unique, byCustomer));
        foreach (var name in unique)
        {
            columns[name] = FeatureRegistry.Find(name)!.Type == FeatureType.Category ? result[name].ToStringArray() : result[name].ToDoubleArray();
        }

        return columns;
    }

    /// <summary>Several features' values from one streamed read of the cutoff into arrays of the caller's, so a consumer
    /// that reads batch after batch reuses its arrays instead of allocating a column per read: a numeric or boolean
    /// feature's values go to the first <see cref="Count"/> cells of <paramref name="numbers"/>[k], a categorical
    /// feature's to a new array at <paramref name="texts"/>[k]. The values are those <see cref="Read"/> gives, and every
    /// column of one read holds its rows in the same order (none in particular).</summary>
    /// <param name="names">Distinct registry features.</param>
    /// <param name="numbers">For each numeric or boolean feature of <paramref name="names"/>, an array of at least
    /// <see cref="Count"/> cells (overwritten); ignored for categorical ones.</param>
    /// <param name="texts">Receives each categorical feature's values (null for the others).</param>
    public void ReadInto(IReadOnlyList<string> names, IReadOnlyList<double[]?> numbers, string?[]?[] texts)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(texts);
        if (numbers.Count < names.Count || texts.Length < names.Count)
        {
            throw new ArgumentException($"{names.Count} features need as many slots for their values.", nameof(names));
        }

        var count = checked((int)Count);
        var categories = new CategorySink?[names.Count];
        for (var k = 0; k < names.Count; k++)
        {
            if (FeatureRegistry.Find(names[k]) is { Type: FeatureType.Category })
            {
                categories[k] = new CategorySink(names[k], keep: true);
                categories[k]!.Allocate(count);
            }
            else if (numbers[k] is not { } target || target.Length < count)
            {
                throw new ArgumentException($"'{names[k]}' needs an array of at least {count:N0} values.", nameof(numbers));
            }
        }

        var offset = 0;
        using (var reader = _connection.QueryStreaming(Select(names, byCustomer: false)))
        {
            while (reader.NextChunk())
            {
                var n = reader.RowCount;
                if (offset + n > count)
                {
                    throw new InvalidOperationException($"gold.customer_features of {_date} gave more rows than its {count:N0} customers.");
                }

                for (var k = 0; k < names.Count; k++)
                {
                    if (categories[k] is { } category)
                    {
                        category.Read(reader, k, offset, []);
                    }
                    else
                    {
                        NumericSink.ReadValues(reader, k, numbers[k].AsSpan(offset, n));
                    }
                }

                offset += n;
            }
        }

        if (offset != count)
        {
            throw new InvalidOperationException($"gold.customer_features of {_date} gave {offset:N0} rows for {count:N0} customers.");
        }

        for (var k = 0; k < names.Count; k++)
        {
            texts[k] = categories[k]?.Texts();
        }
    }

    /// <summary>Rows per slice of <see cref="Score"/>: a few tens of MB of float cells for a hundred columns.</summary>
    public const int ScoringSliceRows = 65_536;

    /// <summary>Every model's score of every customer at the cutoff, in one streamed read of the columns the models take,
    /// scored a slice of rows at a time (<paramref name="sliceRows"/>) while the next slice is read: memory holds two
    /// slices of float cells and the scores, never the cutoff's columns or a whole matrix.</summary>
    /// <remarks>The scores are those of a matrix built by <see cref="Learning.Data.FeatureMatrixBuilder"/> from
    /// <see cref="Read"/>'s columns with the model's schema, bit for bit, but the rows come in no particular order (the
    /// same for every model of one call): a consumer that needs them by customer reads the ids its own way.</remarks>
    /// <exception cref="Learning.Data.SchemaMismatchException">A model needs a column the table lacks, or of another
    /// kind.</exception>
    public double[][] Score(IReadOnlyList<IPredictor> models, int sliceRows = ScoringSliceRows)
    {
        ArgumentNullException.ThrowIfNull(models);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            foreach (var spec in model.Schema.Features)
            {
                if (seen.Add(spec.Name))
                {
                    names.Add(spec.Name);
                }
            }
        }

        var sinks = new List<FrameSink>(names.Count);
        foreach (var name in names)
        {
            sinks.Add(FeatureRegistry.Find(name) is { Type: FeatureType.Category }
                ? new CategorySink(name, keep: false)
                : new NumericSink(name, inMatrix: true, keep: false));
        }

        var count = checked((int)Count);
        if (names.Count == 0)
        {
            // No model takes a column: SlicedScoring gives each an empty array, as a matrix without columns has no rows.
            return SlicedScoring.Score(null, sinks, count, models, sliceRows);
        }

        using var reader = _connection.QueryStreaming(Select(names, byCustomer: false));
        return SlicedScoring.Score(reader, sinks, count, models, sliceRows);
    }

    private string Select(string name, bool byCustomer) => Select([name], byCustomer);

    private string Select(IReadOnlyList<string> names, bool byCustomer)
    {
        var list = new System.Text.StringBuilder();
        foreach (var name in names)
        {
            if (FeatureRegistry.Find(name) is null)
            {
                throw new KeyNotFoundException($"'{name}' is not a registry feature.");
            }

            list.Append(list.Length == 0 ? "" : ", ").Append('"').Append(name).Append('"');
        }

        return $"SELECT {list} FROM gold.customer_features WHERE cutoff = DATE '{_date}'" + (byCustomer ? " ORDER BY customer_id" : "");
    }
}
