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

    [Fact]
    public void ReadFor_ManyCustomersAcrossChunks_SamePicksAsTheSortedRead()
    {
        using var connection = Gold();
        // 3,000 customers with one to three picks each (more than a chunk of 2,048 rows, runs of a customer split across
        // chunks), products named, unnamed (the id stands in) or named as their id, scores of 0 and -0, texts with
        // accents, commas and quotes, and ids longer than the reader's stack buffer.
        connection.Execute("""
            CREATE TEMP TABLE src AS
            SELECT 'c' || lpad(i::VARCHAR, 5, '0') || CASE WHEN i % 97 = 0 THEN repeat('é', 150) ELSE '' END AS customer,
                   r AS rank, 'p' || ((i * 7 + r) % 13) || CASE WHEN r = 2 THEN 'ü' ELSE '' END AS product,
                   (i + r) % 5 AS naming, (i + r) % 4 AS sign
            FROM range(3000) t(i), range(1, 4) s(r) WHERE r <= 1 + i % 3;
            INSERT INTO gold.next_products
            SELECT DATE '2024-06-01', customer, rank, product,
                   CASE naming WHEN 0 THEN NULL WHEN 1 THEN product ELSE 'name of ' || product END,
                   CASE sign WHEN 0 THEN -0.0::DOUBLE WHEN 1 THEN 0.0::DOUBLE ELSE rank / 10 END,
                   CASE WHEN rank = 3 THEN 'popular' ELSE 'rule' END, 'because, "of" ' || product
            FROM src ORDER BY hash(customer) % 3, customer DESC, rank;
            """);
        var sorted = NextProducts.Read(connection, Cutoff);
        var ids = sorted.Keys.Order(StringComparer.Ordinal).Reverse().Append("no-such-customer").ToArray();

        var placed = NextProducts.ReadFor(connection, Cutoff, ids);

        Assert.Equal(3000, sorted.Count);
        for (var i = 0; i < ids.Length - 1; i++)
        {
            Assert.Equal(sorted[ids[i]], placed[i]);
        }

        Assert.Empty(placed[^1]);
        // Equal picks are one object, whichever customer they come with (scores of 0 and -0 are equal picks: the first
        // read stands for both, as in the sorted read, whose first differs since it reads in another order).
        var distinct = placed.SelectMany(p => p).Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.Equal(placed.SelectMany(p => p).Distinct().Count(), distinct);
    }

    [Fact]
    public void ReadFor_PicksDifferingOnlyInTheSignOfZero_TheFirstReadStandsForBoth()
    {
        using var connection = Gold();
        connection.Execute("""
            INSERT INTO gold.next_products VALUES
                (DATE '2024-06-01', 'a', 1, 'p1', 'one', -0.0::DOUBLE, 'rule', 'why'),
                (DATE '2024-06-01', 'b', 1, 'p1', 'one', 0.0::DOUBLE, 'rule', 'why'),
                (DATE '2024-06-01', 'c', 1, 'p1', NULL, 0.0::DOUBLE, 'rule', 'why'),
                (DATE '2024-06-01', 'd', 1, 'p1', 'p1', 0.0::DOUBLE, 'rule', 'why');
            """);

        var placed = NextProducts.ReadFor(connection, Cutoff, ["a", "b", "c", "d"]);

        // One small table is scanned in the order it was written: a's pick (score -0) is b's too, as the record
        // dictionary of the string read made it; c's unnamed pick (its id as its name) is d's.
        Assert.Same(placed[0][0], placed[1][0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(placed[1][0].Score));
        Assert.Same(placed[2][0], placed[3][0]);
        Assert.Equal("p1", placed[2][0].Name);
        Assert.Same(placed[2][0].ItemId, placed[2][0].Name);
    }
}
