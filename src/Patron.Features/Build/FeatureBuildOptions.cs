using System.Globalization;

namespace Patron.Features.Build;

/// <summary>What one feature build computes.</summary>
public sealed record FeatureBuildOptions
{
    /// <summary>The as-of date: features use rows with <c>ordered_at &lt; Cutoff</c> (00:00 of that day).</summary>
    public required DateOnly Cutoff { get; init; }

    /// <summary>Label horizon in days: labels use <c>Cutoff &lt;= ordered_at &lt; Cutoff + HorizonDays</c>.</summary>
    public int HorizonDays { get; init; } = 90;

    /// <summary>Also rebuild the <c>gold.kpi_*</c> tables as of the cutoff.</summary>
    public bool Kpis { get; init; } = true;

    /// <summary>Store the cutoff's rows of <c>gold.customer_features</c> in customer_id order, so that
    /// <see cref="GoldExport.Export"/> copies that cutoff as stored instead of sorting its wide rows again. DuckDB then
    /// inserts them on one thread; the rows stored are the same either way.</summary>
    public bool InCustomerOrder { get; init; }

    /// <summary>How many partitions of customers the KPIs are gathered in (each step then holds its own customers' rows
    /// only, which bounds the memory it needs); null picks one partition per <see cref="OrdersPerPartition"/> orders before
    /// the cutoff. Features are always built in one pass over the shop and do not depend on it.</summary>
    public int? Partitions { get; init; }

    /// <summary>Orders before the cutoff per KPI partition when <see cref="Partitions"/> is null.</summary>
    public long OrdersPerPartition { get; init; } = 2_000_000;

    /// <summary>The placeholders of the feature scripts: <c>{cutoff}</c> (a DATE literal's text) and <c>{horizon}</c> (days).</summary>
    internal Dictionary<string, string> ScriptValues() => new(StringComparer.Ordinal)
    {
        ["cutoff"] = Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["horizon"] = HorizonDays.ToString(CultureInfo.InvariantCulture),
        ["o_filter"] = "TRUE",
        ["c_filter"] = "TRUE",
        ["s_filter"] = "TRUE",
        ["line_filter"] = "TRUE",
        ["payment_class"] = PaymentClassSql.Codes("o.payment_method"),
    };

    internal void Validate()
    {
        if (Partitions is { } p)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(p, 1, nameof(Partitions));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1024, nameof(Partitions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(OrdersPerPartition, 1000, nameof(OrdersPerPartition));
        ArgumentOutOfRangeException.ThrowIfLessThan(HorizonDays, 1, nameof(HorizonDays));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HorizonDays, 3660, nameof(HorizonDays));
    }
}
