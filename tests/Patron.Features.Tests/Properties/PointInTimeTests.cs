using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Early;
using Patron.Features.Registry;
using Patron.Features.Tests.Early;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Properties;

/// <summary>Seeded random shops: rows at or after the cutoff never move a feature, and one customer's earlier rows move
/// only that customer.</summary>
public sealed class PointInTimeTests
{
    private static readonly DateOnly Cutoff = new(2024, 4, 1);

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 12; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Build_RowsAtOrAfterTheCutoffAdded_EveryFeatureIdentical(int seed)
    {
        var shop = new RandomShop(seed, Cutoff);
        using var connection = DuckDbConnection.OpenInMemory();
        shop.Build().WriteTo(connection);
        var before = BuildAndRead(connection);
        var labelsBefore = connection.Scalar<double>("SELECT sum(future_spend) FROM gold.customer_labels");

        shop.Future().WriteTo(connection);
        var after = BuildAndRead(connection);

        Assert.NotEmpty(before);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, row) in before)
        {
            foreach (var (column, value) in row)
            {
                Assert.True(value == after[customer][column], $"seed {seed}, {customer}.{column}: {value} became {after[customer][column]}");
            }
        }

        // The added rows did land: the labels, which look past the cutoff, see them.
        Assert.NotEqual(labelsBefore, connection.Scalar<double>("SELECT sum(future_spend) FROM gold.customer_labels"));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Build_OneCustomersEarlierRowsChanged_OnlyThatCustomerChanges(int seed)
    {
        var shop = new RandomShop(seed, Cutoff);
        using var connection = DuckDbConnection.OpenInMemory();
        shop.Build().WriteTo(connection);
        var before = BuildAndRead(connection);
        var customers = before.Keys.Order(StringComparer.Ordinal).ToArray();
        var edited = customers[seed % customers.Length];

        shop.EarlierPurchase(edited).WriteTo(connection);
        var after = BuildAndRead(connection);

        Assert.NotEqual(before[edited]["orders"], after[edited]["orders"]);
        foreach (var customer in customers)
        {
            if (customer == edited)
            {
                continue;
            }

            foreach (var feature in FeatureRegistry.All)
            {
                if (feature.PopulationRelative)
                {
                    continue;
                }

                Assert.True(before[customer][feature.Name] == after[customer][feature.Name],
                    $"seed {seed}: editing {edited} moved {customer}.{feature.Name} from {before[customer][feature.Name]} to {after[customer][feature.Name]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EarlyBuild_RowsAtOrAfterTheCutoffAdded_EveryEarlyFeatureIdentical(int seed)
    {
        var shop = new RandomShop(seed, Cutoff);
        using var connection = DuckDbConnection.OpenInMemory();
        shop.Build().WriteTo(connection);
        EarlyFeatureBuilderTests.NewCustomers(seed, Cutoff).WriteTo(connection);
        EarlyFeatureBuilder.Build(connection, Cutoff, 180);
        var before = GoldRows.Read(connection, "SELECT * FROM gold.early_features WHERE cutoff = DATE '2024-04-01'");
        var labelsBefore = connection.Scalar<double>("SELECT sum(future_spend) FROM gold.early_labels");

        // Later rows of every customer, the new ones included: purchases (one at 00:00 of the cutoff), returns, sessions.
        shop.Future().WriteTo(connection);
        var later = new SilverShop();
        foreach (var id in before.Keys)
        {
            later.Order(id + "-L", id, "2024-04-01 00:00:00", "card", [new Line("P1", 3, 70)]);
            later.Session(id + "-LS", id, "2024-04-01 00:00:00", 500, 50, true);
            later.Return(id + "-LR", id, "2024-04-02 10:00:00", new Line("P1", -1, 70));
        }

        later.WriteTo(connection);
        EarlyFeatureBuilder.Build(connection, Cutoff, 180);
        var after = GoldRows.Read(connection, "SELECT * FROM gold.early_features WHERE cutoff = DATE '2024-04-01'");

        Assert.NotEmpty(before);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, row) in before)
        {
            foreach (var (column, value) in row)
            {
                Assert.True(value == after[customer][column], $"seed {seed}, {customer}.{column}: {value} became {after[customer][column]}");
            }
        }

        Assert.NotEqual(labelsBefore, connection.Scalar<double>("SELECT sum(future_spend) FROM gold.early_labels"));
    }

    private static Dictionary<string, Dictionary<string, string>> BuildAndRead(DuckDbConnection connection)
    {
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Kpis = false });
        return GoldRows.Read(connection, "SELECT * FROM gold.customer_features WHERE cutoff = DATE '2024-04-01'");
    }
}
