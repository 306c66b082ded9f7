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
    public void Groups_EachGroupTableHoldsExactlyItsRegisteredFeatures()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        connection.Execute(FeatureBuilder.RfmMapSql());
        var values = FeatureSql.Values(TinyShop.Cutoff, 90);
        values["in_partition"] = "TRUE";
        connection.Execute(Patron.Warehouse.SqlScripts.Render(FeatureSql.Load("base.sql"), values));
        connection.Execute("CREATE TEMP TABLE fx_customer_categories (customer_id VARCHAR, category VARCHAR);");
        connection.Execute(Patron.Warehouse.SqlScripts.Render(FeatureSql.Load("cross_category_pairs.sql"), values));
        // Per-partition groups first, then the population-wide ones, which read what the partitions left.
        var ordered = FeatureRegistry.Groups.Where(g => !g.PopulationWide).Concat(FeatureRegistry.Groups.Where(g => g.PopulationWide));
        foreach (var group in ordered)
        {
            if (group.PopulationWide)
            {
                connection.Execute("CREATE OR REPLACE TEMP TABLE fx_behaviour_all AS SELECT customer_id, days_since_last_order, orders, net_revenue FROM f_behaviour;");
            }

            connection.Execute(Patron.Warehouse.SqlScripts.Render(FeatureSql.Load(group.Script), values));
            var columns = connection.Query($"SELECT * FROM {group.Table} LIMIT 0").Columns;
            var registered = FeatureRegistry.InGroup(group.Name);
            Assert.Equal(registered.Count + 1, columns.Count);
            Assert.Equal("customer_id", columns[0].Name);
            for (var i = 0; i < registered.Count; i++)
            {
                Assert.Equal(registered[i].Name, columns[i + 1].Name);
            }
        }
    }

    [Fact]
    public void Find_KnownAndUnknown()
    {
        Assert.Equal("behaviour", FeatureRegistry.Find("orders")!.Group);
        Assert.Null(FeatureRegistry.Find("no_such_feature"));
    }
}
