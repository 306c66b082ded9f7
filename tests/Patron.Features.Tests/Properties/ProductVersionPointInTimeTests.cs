using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Early;
using Patron.Features.Tests.Early;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Properties;

/// <summary>
/// Product attributes are read as of the cutoff (silver.product_versions): a later export that renames products and
/// moves them to other categories and brands leaves every feature at an earlier cutoff bit-identical, while a change
/// that took effect before the cutoff is seen.
/// </summary>
public sealed class ProductVersionPointInTimeTests
{
    private static readonly DateOnly Cutoff = new(2024, 4, 1);

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 6; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Build_LaterExportMovesEveryProduct_EveryFeatureAtTheCutoffIdentical(int seed)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(seed, Cutoff).Build().WriteTo(connection);
        EarlyFeatureBuilderTests.NewCustomers(seed, Cutoff).WriteTo(connection);
        var before = Gold(connection);

        // The re-export, ingested at 00:00 of the cutoff (not strictly before it), then another a month later.
        Reexport(connection, "2024-04-01 00:00:00", "Moved", 0.9);
        Reexport(connection, "2024-05-01 00:00:00", "Again", 0.05);
        var after = Gold(connection);

        Assert.Equal(3, connection.Scalar<long>("SELECT max(version) FROM silver.product_versions"));
        Assert.True(before["customer_features"].Count > 0 && before["early_features"].Count > 0, "the shop must have gold rows at the cutoff");
        foreach (var (table, rows) in before)
        {
            Assert.Equal(rows.Keys.Order(StringComparer.Ordinal), after[table].Keys.Order(StringComparer.Ordinal));
            foreach (var (key, row) in rows)
            {
                foreach (var (column, value) in row)
                {
                    Assert.True(value == after[table][key][column], $"seed {seed}, {table} {key}.{column}: {value} became {after[table][key][column]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Build_ProductsMovedBeforeTheCutoff_FeaturesSeeTheNewCategories(int seed)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(seed, Cutoff).Build().WriteTo(connection);
        var before = Gold(connection);

        Reexport(connection, "2024-03-31 23:59:59", "Moved", 0.9);
        var after = Gold(connection);

        var favourites = after["customer_features"].Values.Select(r => r["favourite_category"]).Where(v => v != "∅").ToList();
        Assert.NotEmpty(favourites);
        Assert.All(favourites, v => Assert.StartsWith("Moved", v, StringComparison.Ordinal));
        Assert.NotEqual(
            string.Join(";", before["customer_features"].Values.Select(r => r["margin_share"])),
            string.Join(";", after["customer_features"].Values.Select(r => r["margin_share"])));
    }

    [Fact]
    public void Build_CategoryChangedBetweenTwoCutoffs_EachCutoffReadsItsOwnVersion()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new SilverShop()
            .Customer("C1", "2024-01-01 00:00:00", 30, "DE", "gmail.com", "organic")
            .ProductVersion("P1", 1, null, "2024-02-15 08:00:00", "Books", "Acme", 0.3)
            .ProductVersion("P1", 2, "2024-02-15 08:00:00", "2024-05-01 00:00:00", "Comics", "Acme", 0.3)
            .ProductVersion("P1", 3, "2024-05-01 00:00:00", null, "Games", "Acme", 0.3)
            .Product("P2", "Toys", "Blocks", 0.2)
            .Order("O1", "C1", "2024-01-10 10:00:00", "card", [new Line("P1", 2, 50), new Line("P2", 1, 30)])
            .WriteTo(connection);

        Assert.Equal("Books", Favourite(connection, new DateOnly(2024, 2, 1)));
        Assert.Equal("Comics", Favourite(connection, new DateOnly(2024, 3, 1)));
        // The version starting on 2024-05-01 is not strictly before that cutoff.
        Assert.Equal("Comics", Favourite(connection, new DateOnly(2024, 5, 1)));
        Assert.Equal("Games", Favourite(connection, new DateOnly(2024, 5, 2)));
    }

    [Fact]
    public void Build_FirstVersionStartsAfterTheCutoff_StandsForTheCutoff()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new SilverShop()
            .Customer("C1", "2024-01-01 00:00:00", 30, "DE", "gmail.com", "organic")
            .ProductVersion("P1", 1, "2030-01-01 00:00:00", "2030-02-01 00:00:00", "Books", "Acme", 0.3)
            .ProductVersion("P1", 2, "2030-02-01 00:00:00", null, "Comics", "Acme", 0.3)
            .Order("O1", "C1", "2024-01-10 10:00:00", "card", [new Line("P1", 2, 50)])
            .WriteTo(connection);

        // The earliest export is all that was known of the product at a cutoff before any export.
        Assert.Equal("Books", Favourite(connection, new DateOnly(2024, 3, 1)));
    }

    private static string? Favourite(DuckDbConnection connection, DateOnly cutoff)
    {
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Kpis = false });
        return (string?)GoldRows.Values(connection, cutoff, "C1")["favourite_category"];
    }

    /// <summary>A products export read at <paramref name="at"/>: every product renamed, in another category and brand, another margin.</summary>
    private static void Reexport(DuckDbConnection connection, string at, string prefix, double margin)
    {
        connection.Execute($"""
            INSERT INTO silver.product_versions
            SELECT product_id, version + 1, TIMESTAMP '{at}', NULL, '{prefix} ' || product_id, '{prefix}' || coalesce(category, 'None'),
                   subcategory, '{prefix}' || coalesce(brand, 'None'), base_price, {margin}, is_non_product, source, _source_file, TIMESTAMP '{at}'
            FROM silver.product_versions WHERE valid_to IS NULL;
            UPDATE silver.product_versions SET valid_to = TIMESTAMP '{at}' WHERE valid_to IS NULL AND valid_from < TIMESTAMP '{at}';
            UPDATE silver.products SET name = '{prefix} ' || product_id, category = '{prefix}' || coalesce(category, 'None'),
                   brand = '{prefix}' || coalesce(brand, 'None'), margin = {margin};
            """);
    }

    private static Dictionary<string, Dictionary<string, Dictionary<string, string>>> Gold(DuckDbConnection connection)
    {
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Kpis = false });
        EarlyFeatureBuilder.Build(connection, Cutoff, 180);
        return new(StringComparer.Ordinal)
        {
            ["customer_features"] = GoldRows.Read(connection, "SELECT * FROM gold.customer_features WHERE cutoff = DATE '2024-04-01'"),
            ["cross_category"] = GoldRows.Read(connection,
                "SELECT category_a || '|' || category_b AS customer_id, * FROM gold.cross_category WHERE cutoff = DATE '2024-04-01'"),
            ["early_features"] = GoldRows.Read(connection, "SELECT * FROM gold.early_features WHERE cutoff = DATE '2024-04-01'"),
        };
    }
}
