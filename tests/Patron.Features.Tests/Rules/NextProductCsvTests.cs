using System.Buffers;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Rules;
using Patron.Features.Tests.Support;
using Patron.Learning.Rules;

namespace Patron.Features.Tests.Rules;

/// <summary>next_products.csv written from memory against DuckDB's own COPY of the stored table, byte for byte.</summary>
public sealed class NextProductCsvTests : IDisposable
{
    private static readonly DateOnly Cutoff = new(2024, 7, 1);

    /// <summary>Texts DuckDB's CSV writer treats differently: delimiters, quotes, line ends, an empty text, spaces,
    /// characters outside ASCII, a backslash and a tab (which it does not quote).</summary>
    private static readonly string[] Texts =
    [
        "plain", "with, comma", "say \"hi\"", "\"", "line\nbreak", "carriage\rreturn", "crlf\r\n", "", " padded ",
        "Ünïcödé ✓", "back\\slash", "tab\there", "semi;colon", "'single'", "\"\"", ",", "a\"b,c\nd",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("patron-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AppendField_EveryKindOfText_AsDuckDbCopyWritesIt()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (i INTEGER, s VARCHAR);");
        using (var appender = connection.CreateAppender("", "t"))
        {
            for (var i = 0; i < Texts.Length; i++)
            {
                appender.Append(i).Append(Texts[i]);
                appender.EndRow();
            }
        }

        var path = Path.Combine(_folder, "t.csv");
        connection.Execute($"COPY (SELECT s FROM t ORDER BY i) TO '{path}' (FORMAT CSV, HEADER FALSE);");
        var expected = new ArrayBufferWriter<byte>();
        foreach (var text in Texts)
        {
            NextProductCsv.AppendField(Encoding.UTF8.GetBytes(text), expected);
            expected.Write("\n"u8);
        }

        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(path)), Encoding.UTF8.GetString(expected.WrittenSpan));
        Assert.Equal(File.ReadAllBytes(path), expected.WrittenSpan.ToArray());
    }

    [Fact]
    public void CastToVarchar_Doubles_AsDuckDbCopyWritesThem()
    {
        // The writer takes a score's text from CAST(score AS VARCHAR); it must be what COPY prints for the DOUBLE.
        double[] values = [0.6360208816705336, 1, 0.5, 1.0 / 3, 2.0 / 3, 1e-5, 1.5e-7, 0.0001, 123456789, 1e20, 1e-300, 0.1 + 0.2, 5e-324, 0];
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (i INTEGER, x DOUBLE);");
        using (var appender = connection.CreateAppender("", "t"))
        {
            for (var i = 0; i < values.Length; i++)
            {
                appender.Append(i).Append(values[i]);
                appender.EndRow();
            }
        }

        var path = Path.Combine(_folder, "x.csv");
        connection.Execute($"COPY (SELECT x FROM t ORDER BY i) TO '{path}' (FORMAT CSV, HEADER FALSE);");
        using var cast = connection.Query("SELECT CAST(x AS VARCHAR) AS s FROM t ORDER BY i");
        var expected = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            expected.Append(cast["s"].GetString(i)).Append('\n');
        }

        Assert.Equal(File.ReadAllText(path), expected.ToString());
    }

    [Fact]
    public void Export_TrickyIdsAndNames_SameBytesAsCopyOfGold()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var shop = new SilverShop();
        string[] customers = ["C,1", "C\"2", "C3\nx", "Ç4", "C 5", "C6"];
        string[] products = ["A", "B,b", "C\"c", "D"];
        foreach (var customer in customers)
        {
            shop.Customer(customer, null, null, null, null, null);
        }

        foreach (var product in products)
        {
            shop.Product(product, "Books", null, null);
        }

        // Every customer buys A with one or two others, so rules fire and popular picks fill the rest.
        for (var c = 0; c < customers.Length; c++)
        {
            shop.Order($"O{c}", customers[c], $"2024-0{1 + (c % 5)}-0{1 + c} 10:00:00", null,
                [new("A", 1, 10), new(products[1 + (c % 3)], 1, 20), .. c % 2 == 0 ? new Line[] { new("D", 1, 5) } : []]);
        }

        shop.WriteTo(connection);
        connection.Execute("""
            UPDATE silver.product_versions SET name = CASE product_id WHEN 'D' THEN 'Disc, "deluxe"' WHEN 'B,b' THEN '' WHEN 'C"c' THEN 'two
            lines' ELSE NULL END;
            """);
        var options = new RuleBuildOptions
        {
            Cutoff = Cutoff,
            By = BasketKind.Customer,
            Mining = new RuleMiningOptions { MinSupport = 0.1, MinConfidence = 0.1, MinLift = 0 },
        };
        var mined = AssociationRuleBuilder.Mine(connection, options);
        var next = NextProducts.Compute(connection, mined, 3);
        NextProducts.Write(connection, mined.Cutoff, next);
        Assert.True(mined.Rules.Count > 0);
        Assert.True(next.Rows > customers.Length);

        var fromMemory = Path.Combine(_folder, "memory.csv");
        var fromGold = Path.Combine(_folder, "gold.csv");
        NextProducts.Export(connection, next, fromMemory);
        NextProducts.Export(connection, mined.Cutoff, fromGold);

        Assert.Equal(File.ReadAllText(fromGold), File.ReadAllText(fromMemory));
        Assert.Equal(File.ReadAllBytes(fromGold), File.ReadAllBytes(fromMemory));
        var text = File.ReadAllText(fromMemory);
        Assert.Contains("\"Disc, \"\"deluxe\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains("\"C,1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"C3\nx\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Parquet_FromGold()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        RuleShop.Build().WriteTo(connection);
        var mined = AssociationRuleBuilder.Mine(connection, new RuleBuildOptions { Cutoff = RuleShop.Cutoff, By = BasketKind.Customer, Mining = new RuleMiningOptions { MinSupport = 0.5, MinConfidence = 0.1, MinLift = 0 } });
        var next = NextProducts.Compute(connection, mined, 2);
        NextProducts.Write(connection, mined.Cutoff, next);
        var path = Path.Combine(_folder, "next.parquet");

        NextProducts.Export(connection, next, path);

        Assert.Equal(next.Rows, connection.Scalar<long>($"SELECT count(*) FROM read_parquet('{path}')"));
    }
}
