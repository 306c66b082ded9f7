namespace Patron.Lifetime.Tests;

/// <summary>Locates the shared reference data sets (CDNOW, donations) next to the repository.</summary>
internal static class SharedData
{
    public static string Root
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("PATRON_SHARED_DATA");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                dir = dir.Parent;
            }

            return Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "data"));
        }
    }

    public static string CdnowSummary => Path.Combine(Root, "cdnow", "cdnow_customers_summary.csv");

    public static string CdnowSummaryWithSpend => Path.Combine(Root, "cdnow", "cdnow_customers_summary_with_transactions.csv");

    public static string CdnowSample => Path.Combine(Root, "cdnow", "CDNOW_sample.txt");

    public static string Donations => Path.Combine(Root, "donations", "donations.csv");
}
