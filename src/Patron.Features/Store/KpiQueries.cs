using System.Globalization;
using Patron.Features.Build;

namespace Patron.Features.Store;

/// <summary>The KPI tables as a reader shows them: one query per table with the column names of the run folder's
/// contract (docs/run-folder.md, <c>kpi/NAME.csv</c>); segments and cross-category at one cutoff.</summary>
public static class KpiQueries
{
    /// <summary>(name, SELECT) pairs: monthly, cohort_retention, categories, weekday, month_of_year, segments,
    /// cross_category and daily, each ordered for display.</summary>
    public static IReadOnlyList<(string Name, string Sql)> At(DateOnly cutoff)
    {
        var date = "DATE '" + cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        return
        [
            ("monthly", """
                SELECT strftime(month, '%Y-%m') AS month, revenue, orders, aov, active_customers, new_customers
                FROM gold.kpi_monthly ORDER BY 1
                """),
            ("cohort_retention", """
                SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since_first AS months_since, cohort_customers AS customers,
                       retention, revenue
                FROM gold.kpi_cohort_retention ORDER BY 1, 2
                """),
            ("categories", """
                SELECT category, revenue, orders, customers, revenue_share AS share_of_revenue
                FROM gold.kpi_category ORDER BY revenue DESC, category
                """),
            ("weekday", "SELECT weekday, revenue, orders FROM gold.kpi_weekday ORDER BY 1"),
            ("month_of_year", "SELECT month_of_year AS month, revenue, orders FROM gold.kpi_month_of_year ORDER BY 1"),
            ("segments", $"""
                SELECT f.rfm_segment AS segment, count(*) AS customers, sum(f.net_revenue) AS revenue,
                       avg(f.net_revenue) AS mean_monetary, any_value(s.action) AS recommended_action
                FROM gold.{GoldTables.CustomerFeatures} f
                LEFT JOIN gold.{GoldTables.RfmSegments} s ON s.segment = f.rfm_segment
                WHERE f.cutoff = {date}
                GROUP BY f.rfm_segment ORDER BY min(s.rank), 1
                """),
            ("cross_category", $"""
                WITH total AS (SELECT count(*) AS n FROM gold.{GoldTables.CustomerFeatures} WHERE cutoff = {date}),
                buyers AS (SELECT DISTINCT category_a AS category, customers_a AS customers FROM gold.{GoldTables.CrossCategory} WHERE cutoff = {date})
                SELECT c.category_a AS from_category, c.category_b AS to_category, c.customers_a AS customers_from,
                       c.customers_ab AS customers_both, c.probability,
                       c.probability / nullif(b.customers / total.n, 0) AS lift
                FROM gold.{GoldTables.CrossCategory} c
                CROSS JOIN total
                LEFT JOIN buyers b ON b.category = c.category_b
                WHERE c.cutoff = {date}
                ORDER BY c.category_a, c.category_b
                """),
            // Every day from the first to the last with a row, a day without orders as 0: campaign lift compares weekdays.
            ("daily", """
                WITH span AS (SELECT min(day) AS lo, max(day) AS hi FROM gold.kpi_daily),
                days AS (SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 DAY)) AS DATE) AS day FROM span WHERE lo IS NOT NULL)
                SELECT strftime(d.day, '%Y-%m-%d') AS day, coalesce(k.revenue, 0) AS revenue, coalesce(k.orders, 0) AS orders
                FROM days d LEFT JOIN gold.kpi_daily k ON k.day = d.day
                ORDER BY d.day
                """),
        ];
    }
}
