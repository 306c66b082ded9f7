using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Learning.Rules;

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

    /// <summary>Customers a parallel task recommends for at once (a fixed split, so the work is the same for every thread count).</summary>
    private const int Block = 4096;

    /// <summary>
    /// Each customer who bought before the cutoff (numbered in id order in the connection's <c>rx_customers</c>) with
    /// its picks, as columns. Customers are independent, so they are recommended for in parallel blocks, each into its
    /// own rows: the table is the same for every thread count. Call on the connection that mined <paramref name="mined"/>.
    /// </summary>
    public static NextProductTable Compute(DuckDbConnection connection, MinedRules mined, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(mined);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, byte.MaxValue);
        var history = mined.History ?? BasketSource.Read(connection, mined.Items, BasketKind.Customer, Beginning, BasketSource.Start(mined.Cutoff));
        var recommender = mined.Recommender();
        var customers = history.Count;
        var items = new int[(long)customers * k];
        var rules = new int[items.Length];
        var scores = new double[items.Length];
        var counts = new byte[customers];
        Parallel.For(0, (customers + Block - 1) / Block, () => new RecommenderScratch(recommender.ItemCount), (block, _, scratch) =>
        {
            var end = Math.Min(customers, (block + 1) * Block);
            for (var c = block * Block; c < end; c++)
            {
                var row = c * k;
                counts[c] = (byte)recommender.Recommend(history[c], scratch, items.AsSpan(row, k), rules.AsSpan(row, k), scores.AsSpan(row, k));
            }

            return scratch;
        }, _ => { });
        return new NextProductTable(mined, recommender, k, items, rules, scores, counts);
    }

    /// <summary>
    /// Replaces the cutoff's rows of gold.next_products; returns the rows written. The picks go to DuckDB as numbers a
    /// chunk at a time; customer ids, item ids and names, and the reasons (one text per rule or popular item) are
    /// joined on in SQL. Call on the connection that computed <paramref name="table"/>.
    /// </summary>
    public static long Write(DuckDbConnection connection, DateOnly cutoff, NextProductTable table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        // The compression of the columns of few values is named, so DuckDB does not analyse every method on every
        // segment: products, sources and reasons (one per rule or popular item) are dictionaries, the method DuckDB chose
        // itself in every segment of the 1M and 10M-line shops. The customer id keeps DuckDB's choice (FSST in most
        // segments, a dictionary in the rest; a dictionary named for all of them wrote slower at 10M). The values stored
        // are the same (docs/pipeline.md).
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS gold.next_products (cutoff DATE NOT NULL, customer_id VARCHAR NOT NULL,
                rank INTEGER NOT NULL, product_id VARCHAR NOT NULL USING COMPRESSION dictionary, product_name VARCHAR USING COMPRESSION dictionary,
                score DOUBLE NOT NULL, source VARCHAR NOT NULL USING COMPRESSION dictionary, reason VARCHAR NOT NULL USING COMPRESSION dictionary);
            CREATE OR REPLACE TEMP TABLE rx_next (customer BIGINT, rank BIGINT, item BIGINT, score DOUBLE, reason BIGINT);
            CREATE OR REPLACE TEMP TABLE rx_reasons (reason BIGINT, source VARCHAR, text VARCHAR);
            """);
        var rules = table.Recommender.Rules.Count;
        var used = new bool[rules + table.Mined.Items.Count];
        using (var appender = connection.CreateChunkAppender("", "rx_next"))
        {
            var capacity = appender.ChunkCapacity;
            var filled = 0;
            Span<long> customer = appender.Int64s(0), rank = appender.Int64s(1), product = appender.Int64s(2), because = appender.Int64s(4);
            var score = appender.Doubles(3);
            for (var c = 0; c < table.Customers; c++)
            {
                for (var r = 0; r < table.Count(c); r++)
                {
                    if (filled == capacity)
                    {
                        appender.AppendChunk(filled);
                        filled = 0;
                        customer = appender.Int64s(0);
                        rank = appender.Int64s(1);
                        product = appender.Int64s(2);
                        because = appender.Int64s(4);
                        score = appender.Doubles(3);
                    }

                    var rule = table.Rule(c, r);
                    var item = table.Item(c, r);
                    var reason = rule >= 0 ? rule : rules + item;
                    used[reason] = true;
                    customer[filled] = c;
                    rank[filled] = r + 1;
                    product[filled] = item;
                    score[filled] = table.Score(c, r);
                    because[filled] = reason;
                    filled++;
                }
            }

            if (filled > 0)
            {
                appender.AppendChunk(filled);
            }
        }

        using (var appender = connection.CreateAppender("", "rx_reasons"))
        {
            for (var reason = 0; reason < used.Length; reason++)
            {
                if (!used[reason])
                {
                    continue;
                }

                var (source, text) = Reason(table, reason);
                appender.Append((long)reason).Append(source).Append(text);
                appender.EndRow();
            }
        }

        using var transaction = connection.BeginTransaction();
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"""
            DELETE FROM gold.next_products WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}';
            INSERT INTO gold.next_products
            SELECT DATE '{cutoff:yyyy-MM-dd}', c.customer_id, CAST(n.rank AS INTEGER), i.item_id, i.name, n.score, r.source, r.text
            FROM rx_next n
            JOIN rx_customers c ON c.code = n.customer
            JOIN rx_items i ON i.code = n.item
            JOIN rx_reasons r ON r.reason = n.reason;
            DROP TABLE rx_next;
            DROP TABLE rx_reasons;
            """));
        transaction.Commit();
        return table.Rows;
    }

    /// <summary>The source and the text of a reason: rule r (below the recommender's rule count), or the popular pick of
    /// item (reason − rule count).</summary>
    internal static (string Source, string Text) Reason(NextProductTable table, int reason)
    {
        var rules = table.Recommender.Rules.Count;
        var pick = reason < rules
            ? new Recommendation(table.Recommender.Rules[reason].Consequent[0], table.Recommender.Rules[reason].Confidence, table.Recommender.Rules[reason])
            : new Recommendation(reason - rules, table.Recommender.PopularScore(reason - rules), null);
        return (pick.Rule is null ? "popular" : "rule", RuleReasons.Text(pick, table.Mined.Items, table.Mined.By));
    }

    /// <summary>
    /// The cutoff's rows of gold.next_products by customer id, each customer's suggestions in rank order; empty when the
    /// table or the cutoff has none. Ids, names, sources and reasons repeat across customers, so each text and each pick is kept once.
    /// </summary>
    public static IReadOnlyDictionary<string, ProductSuggestion[]> Read(DuckDbConnection connection, DateOnly cutoff)
    {
        var result = new Dictionary<string, ProductSuggestion[]>(StringComparer.Ordinal);
        ReadEach(connection, cutoff, (customer, picks) => result[customer] = picks);
        return result;
    }

    /// <summary>
    /// The suggestions of each of <paramref name="ids"/> in their order (an empty array for a customer without any), as
    /// <see cref="Read"/> gives them. The rows stream from the warehouse unsorted, each put at its customer's row and its
    /// rank, so DuckDB holds no sort of millions of rows (at 2M customers, 10M rows of long reasons: a GB beside the
    /// arrays) and no dictionary of every customer's picks is built on the way.
    /// </summary>
    public static ProductSuggestion[][] ReadFor(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        var placed = new ProductSuggestion[ids.Count][];
        Array.Fill(placed, []);
        if (!Exists(connection))
        {
            return placed;
        }

        var rowOf = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            rowOf[ids[i]] = i;
        }

        // Read in place from DuckDB's vectors: a customer's id is looked up once for the run of rows that name it, from
        // its bytes (no string made), and a pick seen before is found by its cells' bytes.
        var byText = rowOf.GetAlternateLookup<ReadOnlySpan<char>>();
        var picks = new Picks();
        Span<char> chars = stackalloc char[128];
        using (var rows = connection.QueryStreaming(string.Create(CultureInfo.InvariantCulture,
            $"SELECT customer_id, rank, product_id, product_name, score, source, reason FROM gold.next_products WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'")))
        {
            while (rows.NextChunk())
            {
                var customer = rows.Vector(0);
                var rank = rows.Vector(1).Int32s();
                var product = rows.Vector(2);
                var name = rows.Vector(3);
                var score = rows.Vector(4);
                var source = rows.Vector(5);
                var reason = rows.Vector(6);
                var row = -1;
                for (var r = 0; r < rows.RowCount; r++)
                {
                    if (r == 0 || !customer.SameText(r, r - 1))
                    {
                        var utf8 = customer.Utf8(r);
                        var text = Encoding.UTF8.GetMaxCharCount(utf8.Length) <= chars.Length ? chars : new char[Encoding.UTF8.GetMaxCharCount(utf8.Length)];
                        row = byText.TryGetValue(text[..Encoding.UTF8.GetChars(utf8, text)], out var found) ? found : -1;
                    }

                    if (row < 0)
                    {
                        continue;
                    }

                    // Ranks count from 1 without gaps (Write); an array grows to the highest rank seen so far.
                    var at = rank[r] - 1;
                    var own = placed[row];
                    if (at >= own.Length)
                    {
                        Array.Resize(ref own, at + 1);
                        placed[row] = own;
                    }

                    own[at] = picks.Of(product, name, score, source, reason, r);
                }
            }
        }

        if (HasHoles(placed))
        {
            // A table written otherwise (ranks with gaps): the picks keep their rank order, the holes go.
            for (var i = 0; i < placed.Length; i++)
            {
                if (Array.IndexOf(placed[i], null) >= 0)
                {
                    placed[i] = Array.FindAll(placed[i], p => p is not null);
                }
            }
        }

        return placed;
    }

    private static bool HasHoles(ProductSuggestion[][] placed)
    {
        foreach (var picks in placed)
        {
            foreach (var pick in picks)
            {
                if (pick is null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Exists(DuckDbConnection connection) =>
        connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = '{Table}'") > 0;

    private static void ReadEach(DuckDbConnection connection, DateOnly cutoff, Action<string, ProductSuggestion[]> take)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!Exists(connection))
        {
            return;
        }

        using var rows = connection.QueryStreaming(string.Create(CultureInfo.InvariantCulture,
            $"SELECT customer_id, product_id, product_name, score, source, reason FROM gold.next_products WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' ORDER BY customer_id, rank"));
        var picks = new Picks();
        var current = new List<ProductSuggestion>();
        string? previous = null;
        while (rows.NextChunk())
        {
            var customer = rows.Column(0);
            for (var r = 0; r < rows.RowCount; r++)
            {
                var key = customer.GetString(r);
                if (previous is not null && key != previous)
                {
                    take(previous, [.. current]);
                    current.Clear();
                }

                previous = key;
                current.Add(picks.Of(rows, r, 1));
            }
        }

        if (previous is not null)
        {
            take(previous, [.. current]);
        }
    }

    /// <summary>The picks read so far, each kept once: ids, names, sources and reasons repeat across customers, and a pick
    /// is one of few (a rule's consequent or a popular product), so millions of customers share a few thousand objects.</summary>
    private sealed class Picks
    {
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<ProductSuggestion, ProductSuggestion> _picks = [];
        private readonly Dictionary<int, Seen> _seen = [];

        /// <summary>Cells read before, as bytes, and their pick; <see cref="Next"/> chains cells whose hashes agree.</summary>
        private sealed record Seen(ProductSuggestion Pick, byte[] Id, bool HasName, byte[] Name, double Score, byte[] Source, byte[] Reason, Seen? Next);

        /// <summary>The pick of row <paramref name="r"/> whose product id, name, score, source and reason are the columns
        /// from <paramref name="first"/> on.</summary>
        public ProductSuggestion Of(DuckDbReader rows, int r, int first)
        {
            var product = rows.Column(first);
            var name = rows.Column(first + 1);
            var id = product.GetString(r);
            var suggestion = new ProductSuggestion(Pooled(id), Pooled(name.IsNull(r) ? id : name.GetString(r)), rows.Column(first + 2).GetDouble(r),
                Pooled(rows.Column(first + 3).GetString(r)), Pooled(rows.Column(first + 4).GetString(r)));
            if (!_picks.TryGetValue(suggestion, out var shared))
            {
                _picks[suggestion] = shared = suggestion;
            }

            return shared;
        }

        /// <summary>The pick of row <paramref name="r"/> of the five columns' vectors (product id, name, score, source,
        /// reason): the pick <see cref="Of(DuckDbReader, int, int)"/> gives for the same cells, found by the cells' bytes
        /// when the same cells came before.</summary>
        public ProductSuggestion Of(DuckDbVector product, DuckDbVector name, DuckDbVector score, DuckDbVector source, DuckDbVector reason, int r)
        {
            var id = product.Utf8(r);
            var hasName = !name.IsNull(r);
            var title = hasName ? name.Utf8(r) : default;
            var value = score.Doubles()[r];
            var from = source.Utf8(r);
            var why = reason.Utf8(r);
            var hash = new HashCode();
            hash.AddBytes(id);
            hash.Add(hasName);
            hash.AddBytes(title);
            hash.Add(BitConverter.DoubleToInt64Bits(value));
            hash.AddBytes(from);
            hash.AddBytes(why);
            var key = hash.ToHashCode();
            _seen.TryGetValue(key, out var first);
            for (var entry = first; entry is not null; entry = entry.Next)
            {
                if (entry.HasName == hasName && BitConverter.DoubleToInt64Bits(entry.Score) == BitConverter.DoubleToInt64Bits(value)
                    && id.SequenceEqual(entry.Id) && title.SequenceEqual(entry.Name) && from.SequenceEqual(entry.Source) && why.SequenceEqual(entry.Reason))
                {
                    return entry.Pick;
                }
            }

            // First time these cells come: the pick as the other overload makes it (pooled texts, one object per pick).
            var text = Encoding.UTF8.GetString(id);
            var suggestion = new ProductSuggestion(Pooled(text), Pooled(hasName ? Encoding.UTF8.GetString(title) : text), value,
                Pooled(Encoding.UTF8.GetString(from)), Pooled(Encoding.UTF8.GetString(why)));
            if (!_picks.TryGetValue(suggestion, out var shared))
            {
                _picks[suggestion] = shared = suggestion;
            }

            _seen[key] = new Seen(shared, id.ToArray(), hasName, title.ToArray(), value, from.ToArray(), why.ToArray(), first);
            return shared;
        }

        private string Pooled(string text)
        {
            if (!_texts.TryGetValue(text, out var kept))
            {
                _texts[text] = kept = text;
            }

            return kept;
        }
    }

    /// <summary>
    /// Writes <paramref name="table"/>'s rows to FILE.csv as <see cref="Export(DuckDbConnection, DateOnly, string)"/> writes them once <see cref="Write"/>
    /// has stored the table, byte for byte, from memory (no sort in the warehouse); FILE.parquet, or a table without
    /// rows, is exported from gold. Call on the connection that computed the table, after <see cref="Write"/>.
    /// </summary>
    public static void Export(DuckDbConnection connection, NextProductTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        if (table.Rows == 0 || !Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            Export(connection, table.Mined.Cutoff, path);
            return;
        }

        NextProductCsv.Write(connection, table.Mined.Cutoff, table, path);
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
