using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Registry;

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
