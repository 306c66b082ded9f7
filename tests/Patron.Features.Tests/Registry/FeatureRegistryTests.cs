using Patron.DuckDb;
using Patron.Features.Build.Kernel;
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
    public void Groups_TwoArePopulationWideAndEveryColumnHasAWriter()
    {
        Assert.Equal(["rfm", "cross_category"], FeatureRegistry.Groups.Where(g => g.PopulationWide).Select(g => g.Name));
        // The gold row source resolves a fill for every population-wide column and a value table for every text column,
        // and throws for a registered feature it does not know.
        using var connection = DuckDbConnection.OpenInMemory();
        using var spill = new FeatureSpill(Path.GetTempPath());
        spill.Seal();
        var population = new Population();
        using var side = new SideStream(connection.QueryStreaming(
            "SELECT * FROM (VALUES ('C1', NULL::DATE, NULL, NULL, NULL, NULL, NULL::BIGINT, NULL::DOUBLE, NULL::DOUBLE, NULL::BIGINT, NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE, NULL::BIGINT)) t"));
        var source = new GoldRowSource(spill, population, RfmScores.Compute(population), CoPurchase.Compute(population, 0), TinyShop.Cutoff,
            new TextCodes(), side);
        Assert.Equal(FeatureRegistry.All.Count + 2, source.Columns.Count);
        Assert.Equal(0, source.Batches);
    }

    [Fact]
    public void Find_KnownAndUnknown()
    {
        Assert.Equal("behaviour", FeatureRegistry.Find("orders")!.Group);
        Assert.Null(FeatureRegistry.Find("no_such_feature"));
    }
}
