using System.Globalization;
using System.Text;
using Patron.Features.Build;
using Patron.Features.Segments;
using Patron.Features.Sessions;

namespace Patron.Features.Registry;

/// <summary>Writes <c>docs/features.md</c> from the registry and the segment rule table, so the document never drifts.</summary>
public static class FeatureDocs
{
    /// <summary>The whole markdown document (LF line endings).</summary>
    public static string Markdown()
    {
        var md = new StringBuilder();
        md.Append("""
            # Customer features (`gold.customer_features`)

            Generated from the feature registry (`src/Patron.Features/Registry`) by `patron features --docs`; a test fails
            when this file differs from what the registry generates. Do not edit by hand.

            ## Time semantics

            - The **cutoff** is a date. Features use silver rows with `ordered_at < cutoff` (00:00 of that day); reviews
              count when `created_at < cutoff`, deliveries when `delivered_at < cutoff`, sessions when `started_at < cutoff`.
            - **Labels** (`gold.customer_labels`) use `cutoff <= ordered_at < cutoff + horizon days`: the issue's
              (cutoff, cutoff + horizon] at day granularity, with nothing lost and nothing counted twice. Labels are never
              joined into features.
            - **Days** are whole days: `date_diff('day', date of the row, cutoff)`; an order on the day before the cutoff
              is 1 day before it. "Last N days" means 1 to N days before.
            - **Customers**: everyone with at least one purchase (`is_purchase`) before the cutoff. One row per customer
              and cutoff; several cutoffs live side by side. `(customer_id, cutoff)` is unique by construction (tested); no
              index is declared on it, which keeps rebuilding a cutoff as fast as building it.
            - **Money**: purchases count their line amounts; return documents (`is_cancellation` and not `is_purchase`)
              subtract their negative line amounts. Lines flagged `is_outlier` are left out everywhere; non-product lines
              (postage, fees) count as money but not as units, categories or brands.
            - **Missing data**: a feature whose data the source lacks is NULL (for that customer, or for every customer
              of such a shop); counts (`review_count`, `session_count`) are 0 for a customer without rows when the shop
              has such rows, NULL when it has none. Models treat NULL as missing.
            - **Attributes** are the values in force at the cutoff (`silver.customer_versions`: the latest version that
              started before it, dated by the row that gave it, or the customer's first when none did, as for a customer
              file exported after the cutoff); a later row never changes them. Age is as exported, not aged to the cutoff.
            - **Population-relative** features (quintile scores, segments, next category) depend on the other customers
              of the cutoff; all others depend only on the customer's own rows.


            """);
        foreach (var group in FeatureRegistry.Groups)
        {
            md.Append(CultureInfo.InvariantCulture, $"## {group.Name}\n\n{group.Description}\n\n");
            md.Append("| feature | type | unit | description | formula | needs |\n|---|---|---|---|---|---|\n");
            foreach (var feature in FeatureRegistry.InGroup(group.Name))
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| `{feature.Name}`{(feature.PopulationRelative ? " *" : "")} | {feature.Type.ToString().ToLowerInvariant()} | {feature.Unit} | {Cell(feature.Description)} | {Cell(feature.Formula)} | {SourceText(feature.Sources)} |\n");
            }

            md.Append('\n');
        }

        md.Append("\\* population-relative.\n\n## RFM segments\n\n");
        md.Append("R, F and M are quintile scores 1-5; FM = (F + M + 1) / 2 in integers. Rules are read top to bottom; the first that covers (R, FM) names the segment.\n\n");
        md.Append("| segment | cells | who | recommended action |\n|---|---|---|---|\n");
        foreach (var segment in RfmSegments.All)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {segment.Name} | {FeatureBuilder.RulesOf(segment.Name)} | {Cell(segment.Meaning)} | {Cell(segment.Action)} |\n");
        }

        md.Append("\nThe map (rows R, columns FM):\n\n| R \\ FM | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n");
        for (var r = 5; r >= 1; r--)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {r} |");
            for (var fm = 1; fm <= 5; fm++)
            {
                md.Append(' ').Append(RfmSegments.ClassifyFm(r, fm)).Append(" |");
            }

            md.Append('\n');
        }

        md.Append('\n').Append(SessionFeatureDocs.Markdown());
        md.Append('\n').Append(Early.EarlyFeatureDocs.Markdown());
        return md.ToString();
    }

    /// <summary>The data a feature needs, as readable text.</summary>
    public static string SourceText(FeatureSources sources)
    {
        if (sources == FeatureSources.None)
        {
            return "population only";
        }

        var parts = new List<string>();
        foreach (var flag in Enum.GetValues<FeatureSources>())
        {
            if (flag != FeatureSources.None && sources.HasFlag(flag))
            {
                parts.Add(flag.ToString().ToLowerInvariant());
            }
        }

        return string.Join(", ", parts);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
