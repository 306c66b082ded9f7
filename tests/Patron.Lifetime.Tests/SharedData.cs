namespace Patron.Lifetime.Tests;

/// <summary>The reference data sets (CDNOW, donations) under tests/data (see its README for provenance).</summary>
internal static class SharedData
{
    public static string CdnowSummary => TestData.CdnowSummary;

    public static string CdnowSummaryWithSpend => TestData.CdnowSummaryWithSpend;

    public static string CdnowSample => TestData.CdnowSample;

    public static string Donations => TestData.Donations;
}
