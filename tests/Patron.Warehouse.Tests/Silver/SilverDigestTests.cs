using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Patron.Demo;
using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>
/// Pins what an ingest stores, table by table: every silver table, the quality issues and summary, bronze's rejects and
/// the bronze rows' lineage (file, row number), as a digest of their sorted rows. The digests in
/// <c>SilverDigests.txt</c> were written by the resolution before the ingest's speed work (the CSV load numbered on one
/// thread, the cheaper number filter, the sessions' purchase amounts joined by row id), so that work changes no row. A
/// change that is meant to alter silver rewrites the file: run the tests with <c>PATRON_WRITE_SILVER_DIGESTS=1</c> and
/// review the difference.
/// </summary>
public sealed class SilverDigestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string DigestFile = Path.Combine(TestData.RepositoryRoot, "tests", "Patron.Warehouse.Tests", "Silver", "SilverDigests.txt");

    public static TheoryData<string> Cases => ["generic", "online-retail", "olist", "shoppers", "cdnow"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ingest_StoresTheSameRowsAsBefore(string name)
    {
        using var temp = new TempFolder();
        var (source, input) = name switch
        {
            "generic" => ((ISourceAdapter)new Patron.Warehouse.Sources.Generic.GenericSource(), DefectiveShop(temp)),
            "online-retail" => (new Patron.Warehouse.Sources.OnlineRetail.OnlineRetailSource(), Samples.OnlineRetail),
            "olist" => (new Patron.Warehouse.Sources.Olist.OlistSource(), Samples.Olist),
            "shoppers" => (new Patron.Warehouse.Sources.Shoppers.ShoppersSource(), Samples.Shoppers),
            "cdnow" => (new Patron.Warehouse.Sources.Cdnow.CdnowSource(), Samples.CdnowSample),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var warehouse = temp.File("w.duckdb");
        // The Olist sample's files are unrelated extracts: kept orphans give it order lines to pin.
        var options = name == "olist" ? new IngestOptions { Policy = new QualityPolicy { KeepOrphans = true } } : null;
        new Ingestor(new FixedTime(Now)).Ingest(warehouse, source, input, options);

        var digests = Digests(warehouse, source);
        if (Environment.GetEnvironmentVariable("PATRON_WRITE_SILVER_DIGESTS") == "1")
        {
            var kept = File.Exists(DigestFile) ? File.ReadAllLines(DigestFile).Where(l => !l.StartsWith(name + " ", StringComparison.Ordinal)) : [];
            File.WriteAllLines(DigestFile, kept.Concat(digests.Select(d => $"{name} {d.Table} {d.Rows} {d.Digest}")).Order(StringComparer.Ordinal));
            return;
        }

        var expected = File.ReadAllLines(DigestFile).Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).ToList();
        Assert.True(expected.Count > 5, $"no digests recorded for {name}");
        Assert.Equal(expected, digests.Select(d => $"{name} {d.Table} {d.Rows} {d.Digest}").Order(StringComparer.Ordinal).ToList());
        Assert.Contains(digests, d => d.Table.StartsWith("silver.", StringComparison.Ordinal) && d.Table != "silver.quality_issues" && d.Rows > 0);
    }

    /// <summary>A generated shop with its injected defects, plus rows every other check needs: repeated and reused
    /// session ids, sessions with negative measures, in the future or of unknown customers, and transactions whose
    /// numbers the reader cannot store (a fractional quantity, an infinite price), which become rejects.</summary>
    private static string DefectiveShop(TempFolder temp)
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.Folder("shop"), Customers = 600, Seed = 5, DefectRate = 0.01,
        }).OutputDirectory;
        var sessions = Path.Combine(shop, "sessions.csv");
        var lines = File.ReadAllLines(sessions);
        Assert.True(lines.Length > 100, "the shop must have sessions");
        var extra = new List<string>
        {
            lines[10],
            lines[11],
            lines[11],
            ReplaceField(lines[12], 3, "77"),
            ReplaceField(lines[13], 3, "-5"),
            ReplaceField(lines[14], 4, "-2"),
            ReplaceField(ReplaceField(lines[15], 0, "S9999999901"), 2, "2031-01-01 10:00:00"),
            ReplaceField(ReplaceField(lines[16], 0, "S9999999902"), 1, "C9999999"),
            ReplaceField(lines[17], 0, ""),
        };
        File.AppendAllLines(sessions, extra);

        var transactions = Path.Combine(shop, "transactions.csv");
        var rows = File.ReadAllLines(transactions);
        File.AppendAllLines(transactions,
        [
            ReplaceField(ReplaceField(rows[20], 0, "T999999901"), 3, "2.5"),
            ReplaceField(ReplaceField(rows[21], 0, "T999999902"), 4, "inf"),
            ReplaceField(ReplaceField(rows[22], 0, "T999999903"), 5, "1e13"),
            ReplaceField(ReplaceField(rows[23], 0, "T999999904"), 3, "abc"),
        ]);
        return shop;
    }

    private static string ReplaceField(string line, int index, string value)
    {
        var fields = line.Split(',');
        fields[index] = value;
        return string.Join(',', fields);
    }

    /// <summary>Per table: the row count and a SHA-256 of its rows as text, sorted; paths reduced to the file name and
    /// doubles rounded to 9 decimals (a sum's last bit may depend on the order DuckDB adds in).</summary>
    private static List<(string Table, long Rows, string Digest)> Digests(string warehouse, ISourceAdapter source)
    {
        using var connection = DuckDbConnection.Open(warehouse);
        var tables = new List<string>();
        var names = connection.Query(
            "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables "
            + "WHERE table_type = 'BASE TABLE' AND (table_schema = 'silver' OR table_name = 'rejects' OR table_name LIKE "
            + SqlScripts.Literal("%" + source.Name.Replace('-', '_') + "%") + ") ORDER BY 1;");
        for (var i = 0; i < names.RowCount; i++)
        {
            tables.Add(names["t"].GetString(i));
        }

        var result = new List<(string, long, string)>();
        foreach (var table in tables)
        {
            var dot = table.IndexOf('.', StringComparison.Ordinal);
            var columns = connection.Query(
                $"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '{table[..dot]}' AND table_name = '{table[(dot + 1)..]}' ORDER BY ordinal_position;");
            var select = new List<string>();
            var isBronzeRow = table.StartsWith("bronze.", StringComparison.Ordinal) && table != "bronze.rejects";
            for (var c = 0; c < columns.RowCount; c++)
            {
                var column = "b.\"" + columns["column_name"].GetString(c) + "\"";
                var type = columns["data_type"].GetString(c);
                if (isBronzeRow && !column.StartsWith("b.\"_", StringComparison.Ordinal))
                {
                    // Bronze holds the file's values as read: its lineage is what the load decides.
                    continue;
                }

                if (isBronzeRow && column == "b.\"_file_id\"")
                {
                    // A bronze row names its file by id; the digest reads the path it stands for, in the place the path
                    // had on every row, so the digests written before the file ids still hold.
                    select.Add("regexp_replace(f.path, '^.*/', '')");
                    continue;
                }

                select.Add(column.Contains("file", StringComparison.Ordinal) && type == "VARCHAR"
                    ? $"regexp_replace({column}, '^.*/', '')"
                    : type is "DOUBLE" or "FLOAT" ? $"CAST(round({column}, 9) AS VARCHAR)" : $"CAST({column} AS VARCHAR)");
            }

            var rows = connection.Query(
                $"SELECT coalesce(string_agg(r, chr(10) ORDER BY r), '') AS text, count(*) AS n FROM (SELECT concat_ws('|', {string.Join(", ", select.Select(s => $"coalesce({s}, '∅')"))}) AS r FROM {table} b{(isBronzeRow ? " LEFT JOIN bronze.files f ON f.file_id = b._file_id" : "")});");
            var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(rows["text"].GetString(0))))[..16];
            result.Add((table, rows["n"].GetInt64(0), digest.ToLower(CultureInfo.InvariantCulture)));
        }

        return result;
    }
}
