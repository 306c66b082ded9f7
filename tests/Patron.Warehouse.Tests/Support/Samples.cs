namespace Patron.Warehouse.Tests.Support;

/// <summary>The real-format samples and data sets under tests/data (see its README for provenance).</summary>
internal static class Samples
{
    public static string Olist => TestData.OlistSamples;

    public static string OnlineRetail => TestData.OnlineRetailSamples;

    public static string Shoppers => TestData.ShoppersSamples;

    public static string CdnowSample => TestData.CdnowSample;

    public static string CdnowMaster => TestData.CdnowMaster;

    /// <summary>Copies a sample folder into <paramref name="target"/> so a test may change the files.</summary>
    public static string CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetAttributes(copy, FileAttributes.Normal);
        }

        return target;
    }
}
