using System.Text;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Build.Kernel;
using Patron.Features.Registry;
using Patron.Warehouse;

namespace Patron.Features.Live;

/// <summary>
/// A few customers' features as of a cutoff, for a server that takes events: the same SQL as a batch build
/// (<c>customer_rows.sql</c>, <c>customer_side.sql</c>) restricted to those customers' rows, and the same
/// <see cref="CustomerKernel"/>, so a live value equals the batch value of the same cutoff. What it costs is what the
/// customers' own rows cost to read and compute (plus one read of the product table), not the shop's.
/// </summary>
/// <remarks>The population-wide columns (RFM quintiles, cell and segment, next category) need every customer and are
/// left null; <c>rfm_recency_days</c>, <c>rfm_frequency</c> and <c>rfm_monetary</c> are the customer's own and are
/// filled. The connection must not be used by another thread meanwhile.</remarks>
public static class LiveFeatures
{
    private const double Million = 1_000_000.0;
    private const string Separator = "\u001f";
    private const string CustomerTable = "live_feature_customers";
    private const string OrderTable = "live_feature_orders";
    private static readonly int Recency = CustomerKernel.Index("rfm_recency_days", FeatureType.Integer);
    private static readonly int Frequency = CustomerKernel.Index("rfm_frequency", FeatureType.Integer);
    private static readonly int Monetary = CustomerKernel.Index("rfm_monetary", FeatureType.Real);
    private static readonly bool[] Live = LiveColumns();

    /// <summary>Whether the feature at registry position <paramref name="index"/> is computed live (else it keeps the
    /// value of the last batch run, whose breakpoints rank the whole population).</summary>
    public static bool IsLive(int index) => Live[index];

    /// <summary>The features of <paramref name="customerIds"/> that have a purchase before <paramref name="cutoff"/>,
    /// by id; a customer without one is absent (as from a batch build). <paramref name="progress"/> hears each step as
    /// it starts (shop, products, order ids, side rows, order rows, kernel, values), so a caller can time them; the two
    /// row queries run when their first rows are asked for, so their steps hold what DuckDB spends on them.</summary>
    public static IReadOnlyDictionary<string, CustomerFeatureValues> Compute(DuckDbConnection connection, IEnumerable<string> customerIds, DateOnly cutoff, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(customerIds);
        var joined = new StringBuilder();
        var literals = false;
        foreach (var id in customerIds)
        {
            joined.Append(joined.Length == 0 ? "" : Separator).Append(id);
            literals |= id.Contains(Separator, StringComparison.Ordinal) || id.Length == 0;
        }

        var result = new Dictionary<string, CustomerFeatureValues>(StringComparer.Ordinal);
        if (joined.Length == 0)
        {
            return result;
        }

        var values = new FeatureBuildOptions { Cutoff = cutoff }.ScriptValues();
        progress?.Report("order ids");
        if (literals)
        {
            // An id holding the separator (none of the events' ids can) goes as a list of literals instead.
            var list = new StringBuilder();
            foreach (var id in customerIds)
            {
                list.Append(list.Length == 0 ? "" : ", ").Append(SqlScripts.Literal(id));
            }

            var ids = list.ToString();
            values["o_filter"] = $"o.customer_id IN ({ids})";
            values["c_filter"] = $"c.customer_id IN ({ids})";
            values["s_filter"] = $"s.customer_id IN ({ids})";
            values["line_filter"] = $"order_id IN ({OrderList(connection, ids, values["cutoff"])})";
        }
        else
        {
            // The ids go into a temp table (one bound string, split by DuckDB) that the scans semi-join: a literal list of
            // thousands of ids costs DuckDB more to parse, plan and test row by row than a hash probe does.
            Scope(connection, joined.ToString(), values["cutoff"], orders: true);
            values["o_filter"] = $"o.customer_id IN (SELECT customer_id FROM {CustomerTable})";
            values["c_filter"] = $"c.customer_id IN (SELECT customer_id FROM {CustomerTable})";
            values["s_filter"] = $"s.customer_id IN (SELECT customer_id FROM {CustomerTable})";
            values["line_filter"] = $"order_id IN (SELECT order_id FROM {OrderTable})";
        }

        var assembly = typeof(FeatureBuilder).Assembly;
        progress?.Report("shop");
        var shop = connection.Query(SqlScripts.Render(SqlScripts.Load(assembly, "shop_has.sql"), values));
        var reviews = shop["has_reviews"].GetBoolean(0);
        var sessions = shop["has_sessions"].GetBoolean(0);
        progress?.Report("products");
        var products = ProductTable.Read(connection, cutoff);
        var categories = new TextCodes(products.CategoryNames);
        var sink = new MemorySink();

        // As in a batch build, the side rows stream beside the order rows on a second connection.
        using var sideConnection = connection.Database.Connect();
        if (!literals)
        {
            Scope(sideConnection, joined.ToString(), values["cutoff"], orders: false);
        }

        progress?.Report("side rows");
        using var side = new SideStream(sideConnection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(assembly, "customer_side.sql"), values)));
        progress?.Report("order rows");
        using var rows = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(assembly, "customer_rows.sql"), values));
        var kernel = new CustomerKernel(products, side, sink, cutoff, reviews, sessions);
        progress?.Report("kernel");
        kernel.Run(rows);
        progress?.Report("values");

        foreach (var (id, row) in Values(sink, kernel.Population, categories, side, cutoff))
        {
            result[id] = row;
        }

        if (!literals)
        {
            connection.Execute($"DROP TABLE IF EXISTS {CustomerTable}; DROP TABLE IF EXISTS {OrderTable};");
        }

        return result;
    }

    /// <summary>The kernel's rows in <paramref name="sink"/> as values by customer, the population's own RFM values
    /// filled in.</summary>
    internal static Dictionary<string, CustomerFeatureValues> Values(MemorySink sink, Population population, TextCodes categories, ISideSource side, DateOnly cutoff)
    {
        var result = new Dictionary<string, CustomerFeatureValues>(StringComparer.Ordinal);
        var features = FeatureRegistry.All;
        var k = 0;
        foreach (var bytes in sink.Blocks)
        {
            var block = new StoredBlock(bytes);
            for (var r = 0; r < block.Rows; r++, k++)
            {
                var id = Encoding.UTF8.GetString(block.Id(r));
                var row = new object?[features.Count];
                for (var f = 0; f < features.Count; f++)
                {
                    var validity = block.Validity(f);
                    if (((validity[r >> 6] >> (r & 63)) & 1) == 0)
                    {
                        continue;
                    }

                    var value = block.Values(f)[r];
                    row[f] = features[f].Type switch
                    {
                        FeatureType.Integer => value,
                        FeatureType.Real => BitConverter.Int64BitsToDouble(value),
                        _ => Text(features[f].Name, (int)value, categories, side),
                    };
                }

                row[Recency] = population.Recency[k];
                row[Frequency] = population.Frequency[k];
                row[Monetary] = population.Monetary[k] / Million;
                result[id] = new CustomerFeatureValues { CustomerId = id, Cutoff = cutoff, Values = row };
            }
        }

        return result;
    }

    /// <summary>Fills the connection's temp table of the customers (and, with <paramref name="orders"/>, of their orders
    /// that customer_rows.sql reads, so their lines are read by a semi join on those ids rather than joined against every
    /// line of the shop).</summary>
    private static void Scope(DuckDbConnection connection, string joined, string cutoff, bool orders)
    {
        connection.Execute($"CREATE OR REPLACE TEMP TABLE {CustomerTable} (customer_id VARCHAR);");
        using (var insert = connection.Prepare($"INSERT INTO {CustomerTable} SELECT DISTINCT unnest(string_split(?, chr(31)))"))
        {
            insert.Bind(1, joined);
            insert.ExecuteNonQuery();
        }

        if (orders)
        {
            connection.Execute($"""
                CREATE OR REPLACE TEMP TABLE {OrderTable} AS
                SELECT DISTINCT order_id FROM silver.orders
                WHERE customer_id IN (SELECT customer_id FROM {CustomerTable}) AND ordered_at < DATE '{cutoff}'
                  AND (is_purchase OR is_cancellation) AND order_id IS NOT NULL;
                """);
        }
    }

    /// <summary>The ids of the customers' orders that customer_rows.sql reads, as literals (NULL for none), so that
    /// their lines are read with a filter on those ids rather than joined against every line of the shop.</summary>
    private static string OrderList(DuckDbConnection connection, string ids, string cutoff)
    {
        using var orders = connection.Query($"""
            SELECT DISTINCT order_id FROM silver.orders
            WHERE customer_id IN ({ids}) AND ordered_at < DATE '{cutoff}' AND (is_purchase OR is_cancellation)
            """);
        if (orders.RowCount == 0)
        {
            return "NULL";
        }

        var list = new StringBuilder();
        for (var i = 0; i < orders.RowCount; i++)
        {
            list.Append(i == 0 ? "" : ", ").Append(SqlScripts.Literal(orders[0].GetString(i)));
        }

        return list.ToString();
    }

    private static string? Text(string feature, int code, TextCodes categories, ISideSource side)
    {
        var codes = feature switch
        {
            "favourite_category" => categories,
            "age_band" => side.AgeBands,
            "country" => side.Countries,
            "acquisition_channel" => side.Channels,
            "email_domain_class" => side.EmailClasses,
            _ => null,
        };
        return codes is null ? null : Encoding.UTF8.GetString(codes.Utf8(code));
    }

    private static bool[] LiveColumns()
    {
        var features = FeatureRegistry.All;
        var live = new bool[features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            var wide = false;
            foreach (var group in FeatureRegistry.Groups)
            {
                wide |= group.PopulationWide && string.Equals(group.Name, features[f].Group, StringComparison.Ordinal);
            }

            live[f] = !wide || f == Recency || f == Frequency || f == Monetary;
        }

        return live;
    }
}
