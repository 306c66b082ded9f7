using System.Globalization;
using Patron.DuckDb;

namespace Patron.Features.Rules;

/// <summary>
/// Next-best products per customer as of the rules' cutoff: the top k by the rules each customer's purchases before the
/// cutoff fire (never a product already bought), filled with the most bought products; written to
/// <c>gold.next_products</c> (cutoff, customer_id, rank, product_id, product_name, score, source, reason).
/// </summary>
public static class NextProducts
{
    public const string Table = "next_products";

    private static readonly DateTime Beginning = new(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Each customer who bought before the cutoff with its suggestions, in customer id order.</summary>
    public static IReadOnlyList<(string CustomerId, IReadOnlyList<ProductSuggestion> Products)> Compute(DuckDbConnection connection, MinedRules mined, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(mined);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var keys = new List<string>();
        var history = BasketSource.Read(connection, mined.Items, BasketKind.Customer, Beginning, BasketSource.Start(mined.Cutoff), keys);
        var recommender = mined.Recommender();
        var result = new (string, IReadOnlyList<ProductSuggestion>)[keys.Count];
        Parallel.For(0, keys.Count, c =>
            result[c] = (keys[c], CrossSell.Suggestions(recommender.Recommend(history[c], k), mined.Items, mined.By)));
        return result;
    }

    /// <summary>Replaces the cutoff's rows of gold.next_products; returns the rows written.</summary>
    public static long Write(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<(string CustomerId, IReadOnlyList<ProductSuggestion> Products)> customers)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(customers);
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS gold.next_products (cutoff DATE NOT NULL, customer_id VARCHAR NOT NULL, rank INTEGER NOT NULL,
                product_id VARCHAR NOT NULL, product_name VARCHAR, score DOUBLE NOT NULL, source VARCHAR NOT NULL, reason VARCHAR NOT NULL);
            CREATE OR REPLACE TEMP TABLE rx_next AS SELECT * FROM gold.next_products LIMIT 0;
            """);
        long rows = 0;
        using (var appender = connection.CreateAppender("", "rx_next"))
        {
            foreach (var (customer, products) in customers)
            {
                for (var i = 0; i < products.Count; i++)
                {
                    var p = products[i];
                    appender.Append(cutoff).Append(customer).Append(i + 1).Append(p.ItemId).Append(p.Name).Append(p.Score).Append(p.Source).Append(p.Reason);
                    appender.EndRow();
                    rows++;
                }
            }
        }

        using var transaction = connection.BeginTransaction();
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"DELETE FROM gold.next_products WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'; INSERT INTO gold.next_products SELECT * FROM rx_next; DROP TABLE rx_next;"));
        transaction.Commit();
        return rows;
    }

    /// <summary>
    /// The cutoff's rows of gold.next_products by customer id, each customer's suggestions in rank order; empty when the
    /// table or the cutoff has none. Ids, names, sources and reasons repeat across customers, so each text is kept once.
    /// </summary>
    public static IReadOnlyDictionary<string, ProductSuggestion[]> Read(DuckDbConnection connection, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var result = new Dictionary<string, ProductSuggestion[]>(StringComparer.Ordinal);
        var exists = connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = '{Table}'") > 0;
        if (!exists)
        {
            return result;
        }

        using var rows = connection.Query(string.Create(CultureInfo.InvariantCulture,
            $"SELECT customer_id, product_id, product_name, score, source, reason FROM gold.next_products WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' ORDER BY customer_id, rank"));
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Pooled(string text)
        {
            if (!pool.TryGetValue(text, out var kept))
            {
                pool[text] = kept = text;
            }

            return kept;
        }

        var count = (int)rows.RowCount;
        var customer = rows["customer_id"];
        var product = rows["product_id"];
        var name = rows["product_name"];
        var score = rows["score"];
        var source = rows["source"];
        var reason = rows["reason"];
        var current = new List<ProductSuggestion>();
        string? previous = null;
        for (var r = 0; r < count; r++)
        {
            var key = customer.GetString(r);
            if (previous is not null && key != previous)
            {
                result[previous] = [.. current];
                current.Clear();
            }

            previous = key;
            var id = product.GetString(r);
            current.Add(new ProductSuggestion(Pooled(id), Pooled(name.IsNull(r) ? id : name.GetString(r)), score.GetDouble(r), Pooled(source.GetString(r)), Pooled(reason.GetString(r))));
        }

        if (previous is not null)
        {
            result[previous] = [.. current];
        }

        return result;
    }

    /// <summary>Writes the cutoff's rows of gold.next_products to FILE.csv or FILE.parquet, by customer and rank.</summary>
    public static void Export(DuckDbConnection connection, DateOnly cutoff, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var format = Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase) ? "FORMAT PARQUET" : "FORMAT CSV, HEADER TRUE";
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"COPY (SELECT * FROM gold.next_products WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' ORDER BY customer_id, rank) TO {Warehouse.SqlScripts.Literal(path)} ({format});"));
    }
}
