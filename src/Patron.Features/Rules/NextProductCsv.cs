using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Patron.DuckDb;

namespace Patron.Features.Rules;

/// <summary>
/// Writes next_products.csv from the next products in memory, byte for byte what DuckDB's
/// <c>COPY (SELECT * FROM gold.next_products WHERE cutoff = … ORDER BY customer_id, rank) TO … (FORMAT CSV, HEADER TRUE)</c>
/// writes once <see cref="NextProducts.Write"/> has stored the same table: the customers are numbered in id order, so
/// customer after customer and pick after pick is that order, and no sort of millions of rows of long texts is needed.
/// </summary>
/// <remarks>
/// Each distinct text is rendered once (a customer's id per customer, a product's id and name per item, a reason per
/// rule or popular item) and the rows are put together from the rendered bytes. A text is quoted as DuckDB's CSV writer
/// quotes it with its defaults (delimiter <c>,</c>, quote and escape <c>"</c>, NULL as nothing): when it is empty (it
/// would read back as NULL) or holds a delimiter, a quote, a line feed or a carriage return, with each quote doubled.
/// The cutoff and the scores are rendered by DuckDB itself (<c>CAST(… AS VARCHAR)</c>, the text its writer prints for a
/// DATE or a DOUBLE). A test holds the bytes against DuckDB's own COPY for texts of every kind.
/// </remarks>
internal static class NextProductCsv
{
    /// <summary>The header DuckDB writes for gold.next_products's columns.</summary>
    private const string Header = "cutoff,customer_id,rank,product_id,product_name,score,source,reason\n";

    /// <summary>The bytes that make DuckDB's CSV writer quote a text: the delimiter, the quote, a line feed, a carriage return.</summary>
    private static readonly SearchValues<byte> Quoted = SearchValues.Create(",\"\n\r"u8);

    /// <summary>Writes the table's rows to <paramref name="path"/>; call on the connection that computed the table
    /// (its <c>rx_customers</c> numbers the customers).</summary>
    public static void Write(DuckDbConnection connection, DateOnly cutoff, NextProductTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        var (customerBytes, customerStart) = Customers(connection, table.Customers);
        var items = table.Mined.Items;
        var itemFields = new byte[]?[items.Count];
        var rules = table.Recommender.Rules.Count;
        var reasonFields = new byte[]?[rules + items.Count];
        var scoreTexts = Scores(connection, table);
        var date = Encoding.UTF8.GetBytes(connection.Scalar<string>(string.Create(CultureInfo.InvariantCulture, $"SELECT CAST(DATE '{cutoff:yyyy-MM-dd}' AS VARCHAR)"))!);

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        buffer.Write(Encoding.UTF8.GetBytes(Header));
        for (var c = 0; c < table.Customers; c++)
        {
            var id = customerBytes.AsSpan(customerStart[c], customerStart[c + 1] - customerStart[c]);
            for (var r = 0; r < table.Count(c); r++)
            {
                var item = table.Item(c, r);
                var rule = table.Rule(c, r);
                var reason = rule >= 0 ? rule : rules + item;
                var itemField = itemFields[item] ??= Fields(items.Id(item), items.Name(item));
                var reasonField = reasonFields[reason] ??= Reason(table, reason);
                var score = scoreTexts[BitConverter.DoubleToInt64Bits(table.Score(c, r))];

                var span = buffer.GetSpan(date.Length + id.Length + itemField.Length + score.Length + reasonField.Length + 16);
                var at = 0;
                date.CopyTo(span);
                at += date.Length;
                span[at++] = (byte)',';
                id.CopyTo(span[at..]);
                at += id.Length;
                span[at++] = (byte)',';
                Utf8Formatter.TryFormat(r + 1, span[at..], out var digits);
                at += digits;
                span[at++] = (byte)',';
                itemField.CopyTo(span[at..]);
                at += itemField.Length;
                span[at++] = (byte)',';
                score.CopyTo(span[at..]);
                at += score.Length;
                span[at++] = (byte)',';
                reasonField.CopyTo(span[at..]);
                at += reasonField.Length;
                span[at++] = (byte)'\n';
                buffer.Advance(at);
            }

            if (buffer.WrittenCount >= 1 << 20)
            {
                file.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        file.Write(buffer.WrittenSpan);
    }

    /// <summary>Appends <paramref name="text"/> as DuckDB's CSV writer writes a VARCHAR value (not NULL) with its
    /// default options.</summary>
    public static void AppendField(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        var quote = text.IsEmpty || text.IndexOfAny(Quoted) >= 0;
        if (!quote)
        {
            output.Write(text);
            return;
        }

        output.Write("\""u8);
        while (text.IndexOf((byte)'"') is var at and >= 0)
        {
            output.Write(text[..(at + 1)]);
            output.Write("\""u8);
            text = text[(at + 1)..];
        }

        output.Write(text);
        output.Write("\""u8);
    }

    /// <summary>Every customer's id as a field, by code: the bytes of code c are <c>bytes[start[c]..start[c + 1]]</c>.</summary>
    private static (byte[] Bytes, int[] Start) Customers(DuckDbConnection connection, int customers)
    {
        var length = new int[customers];
        var fields = new byte[customers][];
        var field = new ArrayBufferWriter<byte>(64);
        var seen = 0;
        using (var reader = connection.QueryStreaming("SELECT code, customer_id FROM rx_customers"))
        {
            while (reader.NextChunk())
            {
                var codes = reader.Vector(0).Int64s();
                var ids = reader.Vector(1);
                for (var i = 0; i < reader.RowCount; i++)
                {
                    var code = checked((int)codes[i]);
                    field.ResetWrittenCount();
                    AppendField(ids.Utf8(i), field);
                    fields[code] = field.WrittenSpan.ToArray();
                    length[code] = fields[code].Length;
                    seen++;
                }
            }
        }

        if (seen != customers)
        {
            throw new InvalidOperationException($"rx_customers numbers {seen:N0} customers, the next products {customers:N0}.");
        }

        var start = new int[customers + 1];
        for (var c = 0; c < customers; c++)
        {
            start[c + 1] = checked(start[c] + length[c]);
        }

        var bytes = new byte[start[customers]];
        for (var c = 0; c < customers; c++)
        {
            fields[c].CopyTo(bytes, start[c]);
        }

        return (bytes, start);
    }

    /// <summary>Each distinct score's text as DuckDB prints the DOUBLE, by the score's bits.</summary>
    private static Dictionary<long, byte[]> Scores(DuckDbConnection connection, NextProductTable table)
    {
        var distinct = new HashSet<long>();
        for (var c = 0; c < table.Customers; c++)
        {
            for (var r = 0; r < table.Count(c); r++)
            {
                distinct.Add(BitConverter.DoubleToInt64Bits(table.Score(c, r)));
            }
        }

        connection.Execute("CREATE OR REPLACE TEMP TABLE rx_scores (bits BIGINT, score DOUBLE);");
        using (var appender = connection.CreateAppender("", "rx_scores"))
        {
            foreach (var bits in distinct)
            {
                appender.Append(bits).Append(BitConverter.Int64BitsToDouble(bits));
                appender.EndRow();
            }
        }

        var texts = new Dictionary<long, byte[]>(distinct.Count);
        using (var rows = connection.Query("SELECT bits, CAST(score AS VARCHAR) AS text FROM rx_scores"))
        {
            for (var i = 0; i < (int)rows.RowCount; i++)
            {
                var field = new ArrayBufferWriter<byte>(32);
                AppendField(Encoding.UTF8.GetBytes(rows["text"].GetString(i)), field);
                texts[rows["bits"].GetInt64(i)] = field.WrittenSpan.ToArray();
            }
        }

        connection.Execute("DROP TABLE rx_scores;");
        return texts;
    }

    private static byte[] Fields(string first, string second)
    {
        var output = new ArrayBufferWriter<byte>(64);
        AppendField(Encoding.UTF8.GetBytes(first), output);
        output.Write(","u8);
        AppendField(Encoding.UTF8.GetBytes(second), output);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Reason(NextProductTable table, int reason)
    {
        var (source, text) = NextProducts.Reason(table, reason);
        return Fields(source, text);
    }
}
