using Patron.DuckDb;
using Patron.Features.Rules;

namespace Patron.Features.Tests.Rules;

/// <summary>The predictions' read of gold.next_products places unsorted rows by customer and rank.</summary>
public sealed class NextProductsReadForTests
{
    private static readonly DateOnly Cutoff = new(2024, 6, 1);

    private static DuckDbConnection Gold(params (string Customer, int Rank, string Product)[] rows)
    {
        var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("""
            CREATE SCHEMA gold;
            CREATE TABLE gold.next_products (cutoff DATE NOT NULL, customer_id VARCHAR NOT NULL, rank INTEGER NOT NULL,
                product_id VARCHAR NOT NULL, product_name VARCHAR, score DOUBLE NOT NULL, source VARCHAR NOT NULL, reason VARCHAR NOT NULL);
            """);
        foreach (var (customer, rank, product) in rows)
        {
            connection.Execute($"INSERT INTO gold.next_products VALUES (DATE '2024-06-01', '{customer}', {rank}, '{product}', 'name of {product}', {rank / 10.0}, 'rule', 'because of {product}')");
        }

        // Another cutoff's rows are not read.
        connection.Execute("INSERT INTO gold.next_products VALUES (DATE '2024-05-01', 'a', 3, 'old', NULL, 1, 'popular', 'earlier')");
        return connection;
    }

    [Fact]
    public void ReadFor_RanksInAnyOrder_EachCustomerInRankOrderAsTheSortedRead()
    {
        using var connection = Gold(("b", 3, "p3"), ("a", 2, "p2"), ("b", 1, "p1"), ("a", 1, "p1"), ("b", 2, "p4"), ("zz", 1, "p9"));

        var placed = NextProducts.ReadFor(connection, Cutoff, ["a", "b", "c"]);

        Assert.Equal(["p1", "p2"], placed[0].Select(p => p.ItemId));
        Assert.Equal(["p1", "p4", "p3"], placed[1].Select(p => p.ItemId));
        Assert.Empty(placed[2]);
        var sorted = NextProducts.Read(connection, Cutoff);
        Assert.Equal(sorted["a"], placed[0]);
        Assert.Equal(sorted["b"], placed[1]);

        // The same pick for two customers is one object, as in the sorted read.
        Assert.Same(placed[0][0], placed[1][0]);
        Assert.Equal(("name of p4", 0.2, "rule", "because of p4"), (placed[1][1].Name, placed[1][1].Score, placed[1][1].Source, placed[1][1].Reason));
    }

    [Fact]
    public void ReadFor_RanksWithAGap_PicksInRankOrderWithoutHoles()
    {
        using var connection = Gold(("a", 3, "p3"), ("a", 1, "p1"), ("b", 2, "p2"));

        var placed = NextProducts.ReadFor(connection, Cutoff, ["a", "b"]);

        Assert.Equal(["p1", "p3"], placed[0].Select(p => p.ItemId));
        Assert.Equal(["p2"], placed[1].Select(p => p.ItemId));
    }

    [Fact]
    public void ReadFor_NoTable_EveryCustomerEmpty()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var placed = NextProducts.ReadFor(connection, Cutoff, ["a", "b"]);

        Assert.Equal(2, placed.Length);
        Assert.All(placed, Assert.Empty);
    }
}
