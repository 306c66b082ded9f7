namespace Patron.Testing;

/// <summary>
/// The repository's test data under <c>tests/data</c> (see its README for provenance), found by walking up from the
/// test's output folder to the folder that holds <c>Patron.slnx</c>.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Patron.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "data");
            }
        }

        throw new DirectoryNotFoundException($"No Patron.slnx above {AppContext.BaseDirectory}: tests run from the repository's build output.");
    });

    /// <summary>The repository root (the folder of <c>Patron.slnx</c>).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(RootFolder.Value, "..", ".."));

    /// <summary>tests/data.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>A path below tests/data.</summary>
    public static string File(params string[] parts) => Path.Combine([RootFolder.Value, .. parts]);

    public static string OlistSamples => File("samples", "olist");

    public static string OnlineRetailSamples => File("samples", "online_retail");

    public static string ShoppersSamples => File("samples", "online_shoppers");

    public static string CdnowFolder => File("cdnow");

    public static string CdnowSample => File("cdnow", "CDNOW_sample.txt");

    public static string CdnowMaster => File("cdnow", "CDNOW_master.txt");

    public static string CdnowSummary => File("cdnow", "cdnow_customers_summary.csv");

    public static string CdnowSummaryWithSpend => File("cdnow", "cdnow_customers_summary_with_transactions.csv");

    public static string Donations => File("donations", "donations.csv");
}
