using Patron.Features.Dashboard;

namespace Patron.Server.Dashboard;

/// <summary>The lists the pages show, by the name of their CSV download (<c>/export/NAME.csv</c>): a page and its
/// download run the same query, so the file holds exactly the rows listed.</summary>
internal static class DashboardLists
{
    public const int AtRiskRows = 50;
    public const int LeakRows = 20;
    public const int PairRows = 30;
    public const int RuleRows = 30;

    public static IReadOnlyDictionary<string, Func<DashboardQueries, DashboardFilter, DashboardTable>> All { get; } =
        new Dictionary<string, Func<DashboardQueries, DashboardFilter, DashboardTable>>(StringComparer.Ordinal)
        {
            ["monthly"] = (q, f) => q.Monthly(f),
            ["segments"] = (q, f) => q.Segments(f),
            ["cohorts"] = (q, f) => q.Cohorts(f),
            ["churn-bins"] = (q, f) => q.ChurnBins(f),
            ["at-risk"] = (q, f) => q.AtRisk(f, AtRiskRows),
            ["breakdowns"] = (q, f) => q.Breakdowns(f),
            ["seasonality"] = (q, f) => q.Seasonality(f),
            ["funnel-categories"] = (q, f) => q.Funnel(f, "category", 1_000),
            ["funnel-leaks"] = (q, f) => q.Funnel(f, "product", LeakRows),
            ["pairs"] = (q, f) => q.Pairs(f, PairRows),
        };
}
