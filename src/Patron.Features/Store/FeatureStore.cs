using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Lifetime;
using Patron.Features.Sessions;

namespace Patron.Features.Store;

/// <summary>What a reader of the feature store asks of the warehouse before reading frames: what silver holds, whether
/// gold was built for a plan of cutoffs, and fingerprints that change when silver does. Frames themselves are read by
/// <see cref="Frames.CustomerFrame"/>, <see cref="Frames.SessionFrame"/> and <see cref="LifetimeScores"/>, KPIs by
/// <see cref="KpiQueries"/>; no other project names a silver or gold table.</summary>
/// <remarks>Every method only reads, so a read-only connection will do.</remarks>
public static class FeatureStore
{
    /// <summary>The time of the last purchase in silver; null when there is none.</summary>
    public static DateTime? LastPurchase(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Scalar<DateTime?>("SELECT max(ordered_at) FROM silver.orders WHERE is_purchase");
    }

    /// <summary>The start of the last dated web session; null when there is none.</summary>
    public static DateTime? LastSessionStart(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return SessionFeatureBuilder.CountSilver(connection, SessionKind.Web) > 0
            ? connection.Scalar<DateTime?>("SELECT max(started_at) FROM silver.sessions")
            : null;
    }

    /// <summary>Row counts, order-key hash and money total of silver: equal silver gives an equal string.</summary>
    public static string SilverFingerprint(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var result = connection.Query("""
            SELECT (SELECT count(*) FROM silver.orders) AS orders,
                   (SELECT coalesce(sum(hash(order_id, customer_id, ordered_at)), 0) FROM silver.orders) AS order_hash,
                   (SELECT count(*) FROM silver.order_lines) AS lines,
                   (SELECT coalesce(sum(CAST(line_amount AS DECIMAL(18, 4))), 0) FROM silver.order_lines) AS amount
            """);
        return string.Create(CultureInfo.InvariantCulture,
            $"{result["orders"].GetValue(0)};{result["order_hash"].GetValue(0)};{result["lines"].GetValue(0)};{result["amount"].GetValue(0)}");
    }

    /// <summary>Row count and a key hash of the session table of <paramref name="kind"/>: equal session data gives an
    /// equal string.</summary>
    public static string SessionFingerprint(DuckDbConnection connection, SessionKind? kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return kind switch
        {
            SessionKind.Web => connection.Scalar<string>(
                "SELECT count(*) || ';' || coalesce(sum(hash(session_id, customer_id, started_at, purchased, duration_sec, page_views, product_id)), 0) FROM silver.sessions") ?? "",
            SessionKind.Shopper => connection.Scalar<string>(
                "SELECT count(*) || ';' || coalesce(sum(hash(session_id, revenue, month, page_value, product_pages)), 0) FROM silver.shopper_sessions") ?? "",
            _ => "no sessions",
        };
    }

    /// <summary>Whether gold holds customer features, KPIs, labels for every (cutoff, horizon) of
    /// <paramref name="builds"/> and, with <paramref name="lifetime"/>, lifetime outputs at each of their cutoffs.</summary>
    public static bool HasCustomerGold(DuckDbConnection connection, IReadOnlyList<(DateOnly Cutoff, int Horizon)> builds, bool lifetime = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(builds);
        if (connection.Scalar<long>($"""
            SELECT count(*) FROM duckdb_tables()
            WHERE schema_name = 'gold' AND table_name IN ('{GoldTables.CustomerFeatures}', '{GoldTables.CustomerLabels}', 'kpi_monthly')
            """) < 3)
        {
            return false;
        }

        var cutoffs = new List<DateOnly>(builds.Count);
        foreach (var (cutoff, horizon) in builds)
        {
            var date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var rows = connection.Scalar<long>(string.Create(CultureInfo.InvariantCulture,
                $"SELECT count(*) FROM gold.{GoldTables.CustomerLabels} WHERE cutoff = DATE '{date}' AND horizon_days = {horizon}"));
            if (rows == 0)
            {
                return false;
            }

            cutoffs.Add(cutoff);
        }

        return !lifetime || LifetimeScores.IsBuilt(connection, cutoffs);
    }

    /// <summary>Whether gold holds labelled sessions of <paramref name="kind"/> (always true for none).</summary>
    public static bool HasSessionGold(DuckDbConnection connection, SessionKind? kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var table = kind switch
        {
            SessionKind.Web => SessionFeatureBuilder.LabelsTable,
            SessionKind.Shopper => SessionFeatureBuilder.ShopperLabelsTable,
            _ => null,
        };
        return table is null
            || (connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = '{table}'") > 0
                && connection.Scalar<long>($"SELECT count(*) FROM gold.{table}") > 0);
    }
}
