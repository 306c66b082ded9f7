using Patron.Features.Tests.Support.Exports;

namespace Patron.Features.Tests.Properties;

/// <summary>
/// Every source adapter, end to end: a shop exported at the cutoff and the same shop exported later (rows after the
/// cutoff that move prices both ways, change attributes, cancel and return earlier purchases, reuse ids, bring new
/// customers, sessions and reviews) give bit-identical gold at the cutoff.
/// </summary>
public sealed class SourcePointInTimeTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var source in new[] { "generic", "online-retail", "olist", "sessions", "cdnow", "shoppers" })
        {
            for (var seed = 1; seed <= 3; seed++)
            {
                data.Add(source, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gold_LaterExportOfTheSameShop_EveryValueAtTheCutoffIdentical(string source, int seed)
    {
        using var temp = new TempFolder();
        var export = Write(source, temp.Folder("export"), seed);

        var before = ExportWarehouse.Gold(ExportWarehouse.Ingest(temp.File("before.duckdb"), export.Source, export.Before), export.Cutoff);
        var whole = ExportWarehouse.Gold(ExportWarehouse.Ingest(temp.File("whole.duckdb"), export.Source, export.Whole), export.Cutoff);

        Assert.True(before.Values.Sum(t => t.Count) > 0, "the shop must have gold rows at the cutoff");
        if (whole.TryGetValue("shopper_session_features", out var shoppers))
        {
            // Shopper sessions have no date: the later export's extra sessions are new rows, the earlier ones must stay.
            Assert.True(shoppers.Count > before["shopper_session_features"].Count, "the later export must add sessions");
            whole["shopper_session_features"] = shoppers.Where(s => before["shopper_session_features"].ContainsKey(s.Key)).ToDictionary(StringComparer.Ordinal);
        }

        GoldComparison.AssertIdentical(before, whole, $"{source}, seed {seed}");
    }

    private static ShopExport Write(string source, string folder, int seed) => source switch
    {
        "generic" => GenericExport.Write(folder, seed),
        "online-retail" => OnlineRetailExport.Write(folder, seed),
        "olist" => OlistExport.Write(folder, seed),
        "sessions" => SessionsExport.Write(folder, seed),
        "cdnow" => CdnowExport.Write(folder, seed),
        "shoppers" => ShoppersExport.Write(folder, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "no export writer"),
    };
}
