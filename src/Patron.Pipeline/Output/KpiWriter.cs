using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Warehouse;

namespace Patron.Pipeline.Output;

/// <summary>Writes the KPI files the report reads (docs/run-folder.md, kpi/*.csv) from the gold tables of the
/// scoring cutoff, with the column names the contract fixes.</summary>
internal static class KpiWriter
{
    public static IReadOnlyList<string> Write(DuckDbConnection connection, DateOnly cutoff, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var kpi = Path.Combine(runFolder, "kpi");
        Directory.CreateDirectory(kpi);
        var date = "DATE '" + cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var queries = new (string File, string Sql)[]
        {
            ("monthly.csv", """
                SELECT strftime(month, '%Y-%m') AS month, revenue, orders, aov, active_customers, new_customers
                FROM gold.kpi_monthly ORDER BY 1
                """),
            ("cohort_retention.csv", """
                SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since_first AS months_since, cohort_customers AS customers,
                       retention, revenue
                FROM gold.kpi_cohort_retention ORDER BY 1, 2
                """),
            ("categories.csv", """
                SELECT category, revenue, orders, customers, revenue_share AS share_of_revenue
                FROM gold.kpi_category ORDER BY revenue DESC, category
                """),
            ("weekday.csv", "SELECT weekday, revenue, orders FROM gold.kpi_weekday ORDER BY 1"),
            ("month_of_year.csv", "SELECT month_of_year AS month, revenue, orders FROM gold.kpi_month_of_year ORDER BY 1"),
            ("segments.csv", $"""
                SELECT f.rfm_segment AS segment, count(*) AS customers, sum(f.net_revenue) AS revenue,
                       avg(f.net_revenue) AS mean_monetary, any_value(s.action) AS recommended_action
                FROM gold.{GoldTables.CustomerFeatures} f
                LEFT JOIN gold.{GoldTables.RfmSegments} s ON s.segment = f.rfm_segment
                WHERE f.cutoff = {date}
                GROUP BY f.rfm_segment ORDER BY min(s.rank), 1
                """),
            ("cross_category.csv", $"""
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
        };
        var written = new List<string>(queries.Length);
        foreach (var (file, sql) in queries)
        {
            var path = Path.Combine(kpi, file);
            connection.Execute($"COPY ({sql}) TO {SqlScripts.Literal(path)} (FORMAT CSV, HEADER TRUE);");
            written.Add(path);
        }

        return written;
    }
}
