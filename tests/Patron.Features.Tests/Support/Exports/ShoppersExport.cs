using Patron.Warehouse.Sources.Shoppers;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// Online Shoppers sessions carry no date (only a month, without a year), so no cutoff can be placed among them: the
/// earlier export is the first rows of the real-format sample and the later one the whole sample, and every earlier
/// session must keep its features when the later sessions arrive.
/// </summary>
internal static class ShoppersExport
{
    public static ShopExport Write(string root, int seed)
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.ShoppersSamples, "online_shoppers_intention.csv"));
        var keep = 1 + (lines.Length - 1) * (seed + 1) / 8;
        var cutFolder = Path.Combine(root, "before");
        Directory.CreateDirectory(cutFolder);
        File.WriteAllLines(Path.Combine(cutFolder, "online_shoppers_intention.csv"), lines.Take(keep));
        var whole = Path.Combine(root, "whole");
        Directory.CreateDirectory(whole);
        File.WriteAllLines(Path.Combine(whole, "online_shoppers_intention.csv"), lines);
        return new ShopExport(new ShoppersSource(), new DateOnly(2030, 1, 1), [cutFolder], [whole]);
    }
}
