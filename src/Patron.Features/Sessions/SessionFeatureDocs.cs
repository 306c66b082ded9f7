using System.Globalization;
using System.Text;

namespace Patron.Features.Sessions;

/// <summary>The session section of <c>docs/features.md</c>, generated from <see cref="SessionFeatureRegistry"/>.</summary>
public static class SessionFeatureDocs
{
    /// <summary>The markdown section (LF line endings), starting with its heading.</summary>
    public static string Markdown()
    {
        var md = new StringBuilder();
        md.Append("""
            # Session features (`gold.session_features`, `gold.shopper_session_features`)

            One row per session, for the `session_purchase` task (docs/pipeline.md). Built by `SessionFeatureBuilder`
            (`src/Patron.Features/Sessions`, SQL in `Sql/session_*.sql`) in one transaction, staged then written.

            - **Web sessions** (`silver.sessions`): a build covers the sessions whose `started_at` falls in a window
              [from, to); rows of other windows stay. A session's own columns describe it; every history column uses only
              the customer's rows **strictly before the session's start** (`started_at`), computed in one pass over the
              customer's sessions and purchases in time order (`Sql/session_timeline.sql`, read sorted by DuckDB, and
              `SessionHistoryKernel`): the rows of one instant count only from the next instant on. The purchases are staged
              once (`Sql/session_history_purchases.sql`); the timeline is sorted and read in partitions of whole customers (by the hash
              of their id), one per 512 bytes of DuckDB's memory limit per timeline row (`SessionBuildOptions.TimelinePartitions`
              and `TimelineBytesPerRow` override it), because DuckDB's sort holds its rows in memory: one partition at 1M lines,
              six at 10M under the session gold's 2.5 GiB. The gold does not depend on the number of partitions. The sums are exact
              integers (durations and amounts in micro-units) turned back into decimals in SQL. Sessions and orders at
              or after the start, including ones at the very same instant, never change a session's features (a seeded
              property test checks it). Anonymous sessions get NULL
              history; sessions without a start time get no row. Products are taken as they are now (no history).
            - **Shopper sessions** (`silver.shopper_sessions`, UCI Online Shoppers): no customer and no time but the
              month, so the features are the session's own columns; every build replaces the whole table.
            - **Labels** live in their own tables, never among the features: `gold.session_labels` (`session_id`,
              `started_at`, `purchased`, `purchase_amount`) and `gold.shopper_session_labels` (`session_id`, `month`,
              `purchased` from `revenue`).


            """);
        Table(md, "## web sessions (`gold.session_features`)", "Keys before the features: `session_id` (primary key), `customer_id` (NULL when anonymous), `started_at`.", SessionFeatureRegistry.Web);
        Table(md, "## shopper sessions (`gold.shopper_session_features`)", "Key before the features: `session_id` (primary key).", SessionFeatureRegistry.Shopper);
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static void Table(StringBuilder md, string heading, string keys, IReadOnlyList<SessionFeature> features)
    {
        md.Append(heading).Append("\n\n").Append(keys).Append("\n\n");
        md.Append("| feature | type | unit | description | formula |\n|---|---|---|---|---|\n");
        foreach (var feature in features)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| `{feature.Name}` | {feature.Type.ToString().ToLowerInvariant()} | {feature.Unit} | {Cell(feature.Description)} | {Cell(feature.Formula)} |\n");
        }

        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
