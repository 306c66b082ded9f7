using System.Globalization;
using System.Text;

namespace Patron.Features.Early;

/// <summary>The early-high-value section of <c>docs/features.md</c>, generated from <see cref="EarlyFeatureRegistry"/>.</summary>
public static class EarlyFeatureDocs
{
    /// <summary>The markdown section (LF line endings), starting with its heading.</summary>
    public static string Markdown()
    {
        var md = new StringBuilder();
        md.Append("""
            # Early high value (`gold.early_features`, `gold.early_labels`)

            For the `early_high_value` task (docs/pipeline.md): can the first 30 days of a new customer tell who will be
            among the most valuable? Built by `EarlyFeatureBuilder` (`src/Patron.Features/Early`, SQL in
            `Sql/early_features.sql` and `Sql/early_labels.sql`) in one transaction, staged then written; rows of other
            cutoffs (and horizons) stay.

            - **Cohort**: the customers whose first purchase (`is_purchase`, the earliest `ordered_at`, ties by `order_id`)
              lies in the 30 days before the cutoff: `cutoff - 30 days <= first ordered_at < cutoff`. One row per customer
              and cutoff.
            - **Features from those 30 days only**: the first basket, the purchases and return documents of the window
              (all a new customer did before the cutoff), the web sessions started in the window (including those before
              the first purchase; older sessions are left out) and the attributes in force at the cutoff (as for the
              customer features). Money, outliers and non-product lines count as in the customer features. Nothing at or
              after the cutoff is read (a seeded property test checks it).
            - **Labels** (`gold.early_labels`: `customer_id`, `cutoff`, `horizon_days`, `future_spend`, `top5`, `top25`)
              use `cutoff <= ordered_at < cutoff + horizon days` and the rule of `gold.customer_labels`: `future_spend` is
              the net spend in the horizon; `top5` is true when it is at or above the 95th percentile (`quantile_cont`) of
              the future spend of **every customer who had bought before the cutoff** (the whole population of the
              cutoff, customers who spend nothing included), and above zero; `top25` the same at the 75th percentile.
              They equal that population's `top5` and `high_value` labels (tested). The thresholds do not come from the
              cohort: "high value" means high value among all customers, which a new customer rarely reaches.


            """);
        md.Append("Keys before the features: `customer_id`, `cutoff`.\n\n");
        md.Append("| feature | type | unit | description | formula |\n|---|---|---|---|---|\n");
        foreach (var feature in EarlyFeatureRegistry.All)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| `{feature.Name}` | {feature.Type.ToString().ToLowerInvariant()} | {feature.Unit} | {Cell(feature.Description)} | {Cell(feature.Formula)} |\n");
        }

        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
