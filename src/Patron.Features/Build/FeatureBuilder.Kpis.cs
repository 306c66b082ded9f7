using Patron.DuckDb;

namespace Patron.Features.Build;

public static partial class FeatureBuilder
{
    /// <summary>The partial KPI tables <c>Sql/kpi_parts.sql</c> makes for one partition (<c>kx_part_*</c>); the builder gathers
    /// them partition after partition into <c>kx_parts_*</c>, which <c>Sql/kpi.sql</c> adds up.</summary>
    internal static readonly string[] KpiParts =
        ["daily", "monthly", "category", "cohort", "cohort_retention", "channel", "weekday", "month_of_year"];

    /// <summary>The tables <c>Sql/base.sql</c> and <c>Sql/kpi_parts.sql</c> make for a partition, which nothing reads once
    /// <c>Sql/kpi.sql</c> has the totals.</summary>
    internal static readonly string[] KpiInputs = ["fx_order_rows", "fx_lines", "fx_orders", "fx_customers", "kx_orders"];

    /// <summary>Drops the last partition's rows and the gathered shares as soon as the totals are in, so their memory is
    /// DuckDB's again for the feature pass and the gold insert rather than held to the end of the build.</summary>
    private static void DropKpiInputs(DuckDbConnection connection)
    {
        foreach (var table in KpiInputs)
        {
            connection.Execute($"DROP TABLE IF EXISTS temp.main.{table};");
        }

        foreach (var part in KpiParts)
        {
            connection.Execute($"DROP TABLE IF EXISTS temp.main.kx_part_{part}; DROP TABLE IF EXISTS temp.main.kx_parts_{part};");
        }
    }

    /// <summary>Appends this partition's partial KPI rows to the gathered ones: the first partition creates the tables, the
    /// others insert, as the feature staging does. The rows are few (one per day, month, category, cohort, channel...), so
    /// gathering costs nothing next to the partition's own work.</summary>
    private static void GatherKpiParts(DuckDbConnection connection, int partition)
    {
        foreach (var part in KpiParts)
        {
            connection.Execute(partition == 0
                ? $"CREATE OR REPLACE TEMP TABLE kx_parts_{part} AS SELECT * FROM kx_part_{part};"
                : $"INSERT INTO kx_parts_{part} SELECT * FROM kx_part_{part};");
        }
    }
}
