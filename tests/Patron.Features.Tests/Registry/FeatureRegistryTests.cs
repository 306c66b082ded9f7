using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Registry;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Registry;

public sealed class FeatureRegistryTests
{
    [Fact]
    public void All_NamesAreUniqueSnakeCaseAndDocumented()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in FeatureRegistry.All)
        {
            Assert.True(names.Add(feature.Name), feature.Name);
            Assert.Matches("^[a-z][a-z0-9_]*$", feature.Name);
            Assert.False(string.IsNullOrWhiteSpace(feature.Description), feature.Name);
            Assert.False(string.IsNullOrWhiteSpace(feature.Formula), feature.Name);
            Assert.False(string.IsNullOrWhiteSpace(feature.Unit), feature.Name);
            Assert.NotEqual(FeatureSources.None, feature.Sources);
        }
    }

    [Fact]
    public void Groups_EachPopulationWideTableHoldsExactlyItsRegisteredFeatures()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(FeatureBuilder.RfmMapSql());
        connection.Execute("""
            CREATE TEMP TABLE fx_behaviour_all AS
            SELECT * FROM (VALUES ('C1', 3, 2, 40.0), ('C2', 30, 1, 10.0)) t(customer_id, days_since_last_order, orders, net_revenue);
            CREATE TEMP TABLE fx_customer_categories AS
            SELECT * FROM (VALUES ('C1', 'Books'), ('C1', 'Games'), ('C2', 'Books')) t(customer_id, category);
            """);
        var values = FeatureSql.Values(TinyShop.Cutoff, 90);
        var groups = 0;
        foreach (var group in FeatureRegistry.Groups)
        {
            if (!group.PopulationWide)
            {
                Assert.Null(group.Table);
                continue;
            }

            groups++;
            connection.Execute(Patron.Warehouse.SqlScripts.Render(FeatureSql.Load(group.Script!), values));
            var columns = connection.Query($"SELECT * FROM {group.Table} LIMIT 0").Columns;
            var registered = FeatureRegistry.InGroup(group.Name);
            Assert.Equal(registered.Count + 1, columns.Count);
            Assert.Equal("customer_id", columns[0].Name);
            for (var i = 0; i < registered.Count; i++)
            {
                Assert.Equal(registered[i].Name, columns[i + 1].Name);
            }
        }

        Assert.Equal(2, groups);
    }

    [Fact]
    public void Find_KnownAndUnknown()
    {
        Assert.Equal("behaviour", FeatureRegistry.Find("orders")!.Group);
        Assert.Null(FeatureRegistry.Find("no_such_feature"));
    }
}
