using Patron.DuckDb;
using Patron.Features.Registry;
using Patron.Features.Sessions;
using Patron.Learning.Data;

namespace Patron.Features.Tests.Sessions;

public sealed class SessionFeatureRegistryTests
{
    [Fact]
    public void Registry_Names_UniquePerTableAndNeverACustomerFeature()
    {
        foreach (var kind in new[] { SessionKind.Web, SessionKind.Shopper })
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var feature in SessionFeatureRegistry.Of(kind))
            {
                Assert.True(names.Add(feature.Name), $"{kind}: {feature.Name} twice");
                Assert.Null(FeatureRegistry.Find(feature.Name));
                Assert.False(string.IsNullOrWhiteSpace(feature.Description));
                Assert.False(string.IsNullOrWhiteSpace(feature.Unit));
            }
        }
    }

    [Fact]
    public void Build_GoldColumns_AreTheRegistryInOrder()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new SessionRows().Session("S1", "C1", "2024-01-01 10:00:00", 10, 1, null, purchased: false).WriteTo(connection);
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = new DateTime(2025, 1, 1) });
        SessionFeatureBuilder.BuildShoppers(connection);

        Assert.Equal(["session_id", "customer_id", "started_at", .. Names(SessionKind.Web)], Columns(connection, SessionFeatureBuilder.FeaturesTable));
        Assert.Equal(["session_id", .. Names(SessionKind.Shopper)], Columns(connection, SessionFeatureBuilder.ShopperFeaturesTable));
    }

    [Fact]
    public void Docs_SessionSection_NamesEveryFeatureAndIsInFeaturesMd()
    {
        var section = SessionFeatureDocs.Markdown();
        foreach (var kind in new[] { SessionKind.Web, SessionKind.Shopper })
        {
            foreach (var feature in SessionFeatureRegistry.Of(kind))
            {
                Assert.Contains($"`{feature.Name}`", section, StringComparison.Ordinal);
            }
        }

        Assert.Contains(section, FeatureDocs.Markdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describer_Values_InTheRegistrysWords()
    {
        var builder = new FeatureMatrixBuilder(1);
        builder.AddNumeric("duration_sec", [330]);
        builder.AddNumeric("known_visitor", [0]);
        builder.AddNumeric("prior_purchase_session_share", [0.25]);
        builder.AddNumeric("weekday", [7]);
        builder.AddCategorical("hour_band", ["evening"]);
        builder.AddNumeric("unknown_column", [1.5]);
        builder.AddCategorical("traffic_type", ["8"]);
        var x = builder.Build();
        var d = SessionFeatureDescriber.Instance;

        Assert.Equal("Browsing time of the session: 5.5 minutes", d.Describe(x.Schema[0], 330, x, 0));
        Assert.Equal("The visitor is a known customer rather than anonymous: no", d.Describe(x.Schema[1], 0, x, 0));
        Assert.Equal("Share of the customer's earlier sessions that ended in a purchase: 25 %", d.Describe(x.Schema[2], 0.25f, x, 0));
        Assert.Equal("Day of the week the session started: Sunday", d.Describe(x.Schema[3], 7, x, 0));
        Assert.Equal("Time of day the session started: evening", d.Describe(x.Schema[4], 0, x, 0));
        Assert.Equal("Browsing time of the session: unknown", d.Describe(x.Schema[0], float.NaN, x, 0));
        Assert.Contains("unknown_column", d.Describe(x.Schema[5], 1.5f, x, 0), StringComparison.Ordinal);
        Assert.Equal("Traffic source type: 8", d.Describe(x.Schema[6], 0, x, 0));
    }

    private static List<string> Names(SessionKind kind)
    {
        var names = new List<string>();
        foreach (var feature in SessionFeatureRegistry.Of(kind))
        {
            names.Add(feature.Name);
        }

        return names;
    }

    private static List<string> Columns(DuckDbConnection connection, string table)
    {
        using var result = connection.Query($"SELECT column_name FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = '{table}' ORDER BY column_index");
        var names = new List<string>();
        foreach (var name in result["column_name"].ToStringArray())
        {
            names.Add(name ?? "");
        }

        return names;
    }
}
