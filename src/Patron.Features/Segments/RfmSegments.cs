namespace Patron.Features.Segments;

/// <summary>
/// The 11-segment RFM map over the recency score R and the FM score (the mean of the frequency and monetary scores,
/// rounded half up). Rules are read top to bottom; the first that covers a cell names its segment. Every one of the
/// 25 (R, FM) cells is covered.
/// </summary>
/// <remarks>The layout follows the common R-by-FM segment grid used in RFM practice (e.g. Putler's "RFM analysis for
/// successful customer segmentation"), completed so that every cell has exactly one segment.</remarks>
public static class RfmSegments
{
    /// <summary>The segments with their meaning and recommended action, best first.</summary>
    public static IReadOnlyList<RfmSegment> All { get; } =
    [
        new("Champions", "Bought recently, buy often and spend the most.", "Reward them: early access, loyalty perks, ask for referrals; no discounts needed."),
        new("Loyal", "Buy often and spend well; still fairly recent.", "Upsell higher-value products, ask for reviews, enrol in the loyalty programme."),
        new("Potential loyalist", "Recent customers with average frequency and spend.", "Offer membership or a loyalty programme; recommend related categories."),
        new("New", "Bought very recently, for the first time or little so far.", "Onboard: welcome series, help with the product, an incentive for the second order."),
        new("Promising", "Recent buyers who have not spent much yet.", "Build the relationship: brand content, free shipping on the next order."),
        new("Need attention", "Average recency, frequency and spend.", "Time-limited offers personalised on past purchases."),
        new("About to sleep", "Below-average recency and low frequency and spend.", "Reconnect with popular products and a modest discount."),
        new("At risk", "Used to buy often and spend well, but long ago.", "Personalised win-back messages and renewals, helpful content."),
        new("Can't lose", "Were among the best customers, but have not come back for long.", "Win them back personally: the best offers, a survey, a service call."),
        new("Hibernating", "Long since the last order, few orders, low spend.", "Low-cost reactivation with relevant products and special offers."),
        new("Lost", "Lowest recency, frequency and spend.", "Only a cheap reactivation campaign; otherwise leave out of paid spend."),
    ];

    /// <summary>The rule table, read top to bottom.</summary>
    public static IReadOnlyList<RfmRule> Rules { get; } =
    [
        new("Champions", 5, 5, 4, 5),
        new("Champions", 4, 4, 5, 5),
        new("Loyal", 3, 4, 4, 5),
        new("Potential loyalist", 4, 5, 2, 3),
        new("New", 5, 5, 1, 1),
        new("Promising", 4, 4, 1, 1),
        new("Need attention", 3, 3, 3, 3),
        new("About to sleep", 3, 3, 1, 2),
        new("Can't lose", 1, 2, 5, 5),
        new("Can't lose", 1, 1, 4, 4),
        new("At risk", 1, 2, 3, 4),
        new("Hibernating", 2, 2, 1, 2),
        new("Lost", 1, 1, 1, 2),
    ];

    /// <summary>The FM score: the mean of F and M rounded half up.</summary>
    public static int FmScore(int f, int m) => (f + m + 1) / 2;

    /// <summary>The segment of the cell (R, F, M), each score 1 to 5.</summary>
    public static string Classify(int r, int f, int m)
    {
        RequireScore(f, nameof(f));
        RequireScore(m, nameof(m));
        return ClassifyFm(r, FmScore(f, m));
    }

    /// <summary>The segment of the cell (R, FM), each score 1 to 5.</summary>
    public static string ClassifyFm(int r, int fm)
    {
        RequireScore(r, nameof(r));
        RequireScore(fm, nameof(fm));
        foreach (var rule in Rules)
        {
            if (rule.Covers(r, fm))
            {
                return rule.Segment;
            }
        }

        throw new InvalidOperationException($"No RFM rule covers R {r}, FM {fm}.");
    }

    /// <summary>The segment called <paramref name="name"/>.</summary>
    public static RfmSegment Get(string name)
    {
        foreach (var segment in All)
        {
            if (string.Equals(segment.Name, name, StringComparison.Ordinal))
            {
                return segment;
            }
        }

        throw new ArgumentException($"Unknown RFM segment '{name}'.", nameof(name));
    }

    private static void RequireScore(int score, string name)
    {
        if (score is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(name, score, "RFM scores run from 1 to 5.");
        }
    }
}
