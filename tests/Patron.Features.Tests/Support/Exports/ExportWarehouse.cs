using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Sessions;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>Ingests an export's folders into a warehouse file and reads back every gold value a cutoff gives.</summary>
internal static class ExportWarehouse
{
    /// <summary>Every ingest happens after the data (so nothing is in the future); each folder one day after the last.</summary>
    private static readonly DateTimeOffset FirstIngest = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Ingest(string path, ISourceAdapter source, IReadOnlyList<string> folders, IngestOptions? options = null)
    {
        for (var i = 0; i < folders.Count; i++)
        {
            new Ingestor(new FixedClock(FirstIngest.AddDays(i))).Ingest(path, source, folders[i], options);
        }

        return path;
    }

    /// <summary>
    /// Builds the cutoff's features, labels and session tables and returns, per gold table, its rows as text keyed by
    /// their key: customer features (every column, the segment inputs and segments included), co-purchase rates, and
    /// session features of the sessions started before the cutoff (or the shopper sessions' features).
    /// </summary>
    public static Dictionary<string, Dictionary<string, string>> Gold(string path, DateOnly cutoff)
    {
        using var connection = WarehouseFile.Open(path);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Kpis = false });
        var day = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["customer_features"] = Rows(connection, $"SELECT * FROM gold.customer_features WHERE cutoff = DATE '{day}'", "customer_id"),
            ["cross_category"] = Rows(connection, $"SELECT * FROM gold.cross_category WHERE cutoff = DATE '{day}'", "category_a", "category_b"),
        };
        if (SessionFeatureBuilder.CountSilver(connection, SessionKind.Web) > 0)
        {
            SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = cutoff.ToDateTime(TimeOnly.MinValue) });
            tables["session_features"] = Rows(connection, $"SELECT * FROM gold.{SessionFeatureBuilder.FeaturesTable}", "session_id");
        }
        else if (SessionFeatureBuilder.CountSilver(connection, SessionKind.Shopper) > 0)
        {
            SessionFeatureBuilder.BuildShoppers(connection);
            // Shopper sessions are named by their file's hash and row: the row alone names them across two exports.
            tables["shopper_session_features"] = Rows(connection,
                $"SELECT split_part(session_id, ':', 2) AS row_key, * EXCLUDE (session_id) FROM gold.{SessionFeatureBuilder.ShopperFeaturesTable}", "row_key");
        }

        return tables;
    }

    /// <summary>key → the whole row as text, columns in table order, NULL as "∅".</summary>
    private static Dictionary<string, string> Rows(DuckDbConnection connection, string sql, params string[] key)
    {
        var result = connection.Query(sql);
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var r = 0; r < (int)result.RowCount; r++)
        {
            var keyText = string.Join("|", key.Select(k => result[k].GetString(r)));
            rows[keyText] = string.Join(" | ", result.Columns.Select(c => c.Name + "=" + (c.IsNull(r) ? "∅" : c.GetString(r))));
        }

        return rows;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
