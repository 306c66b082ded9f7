using System.Globalization;
using Patron.Learning.Statistics;

namespace Patron.Learning.Campaigns;

/// <summary>
/// The lift of a campaign in daily revenue: what came in on its days against the level expected from the same weekdays
/// of the weeks before it, with a t interval from the spread of those baseline days (docs/experiments.md).
/// </summary>
/// <remarks>
/// For each weekday w the campaign covers, the expected level ŷ_w is the mean revenue of the latest K_w days of weekday
/// w before the campaign's start that fall in no campaign of the list (K_w ≤ <see cref="CampaignLiftOptions.BaselineWeeks"/>,
/// at least <see cref="CampaignLiftOptions.MinimumBaselineWeeks"/>). The daily lift is
/// L = mean over campaign days d of (y_d − ŷ_{w(d)}). Under the model y = level of the weekday + independent noise of
/// variance σ² (no campaign effect on the baseline days), σ² is estimated by the pooled within-weekday variance of the
/// baseline days, s² = Σ_w Σ_b (y_b − ŷ_w)² / Σ_w (K_w − 1), and
/// Var(L) = σ² (1/n + Σ_w n_w² / (n² K_w)) with n campaign days, n_w of weekday w. The interval is
/// L ± t_{(1+c)/2, Σ(K_w − 1)} · √Var(L): exact under that model, so on days without a campaign it covers zero at the
/// nominal rate. A trend within the baseline weeks biases it; holidays in them widen it. Pure and deterministic.
/// </remarks>
public static class CampaignLift
{
    /// <summary>Estimates every campaign of <paramref name="campaigns"/> on the daily series.</summary>
    /// <param name="firstDay">The day of <paramref name="revenue"/>[0].</param>
    /// <param name="revenue">Revenue per day, one value per consecutive day (0 for a day without orders).</param>
    /// <param name="campaigns">The campaigns; their windows are also kept out of every other campaign's baseline.</param>
    /// <param name="options">Baseline weeks and coverage; defaults when null.</param>
    public static IReadOnlyList<CampaignLiftEstimate> Estimate(DateOnly firstDay, ReadOnlySpan<double> revenue, IReadOnlyList<CampaignWindow> campaigns, CampaignLiftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        options ??= new CampaignLiftOptions();
        options.Validate();
        var estimates = new List<CampaignLiftEstimate>(campaigns.Count);
        foreach (var campaign in campaigns)
        {
            estimates.Add(EstimateOne(firstDay, revenue, campaign, campaigns, options));
        }

        return estimates;
    }

    private static CampaignLiftEstimate EstimateOne(DateOnly firstDay, ReadOnlySpan<double> revenue, CampaignWindow campaign, IReadOnlyList<CampaignWindow> all, CampaignLiftOptions options)
    {
        if (campaign.End < campaign.Start)
        {
            return Empty(campaign, 0, "the campaign ends before it starts");
        }

        var origin = firstDay.DayNumber;
        var first = Math.Max(campaign.Start.DayNumber - origin, 0);
        var last = Math.Min(campaign.End.DayNumber - origin, revenue.Length - 1);
        if (last < first)
        {
            return Empty(campaign, 0, "no day of the campaign is in the daily revenue");
        }

        if (campaign.Start.DayNumber < origin)
        {
            return Empty(campaign, 0, "the campaign starts before the daily revenue does, so there are no weeks before it");
        }

        Span<int> perWeekday = stackalloc int[7];
        double observed = 0;
        var n = 0;
        for (var i = first; i <= last; i++)
        {
            perWeekday[Weekday(firstDay, i)]++;
            observed += revenue[i];
            n++;
        }

        Span<double> level = stackalloc double[7];
        Span<int> baseline = stackalloc int[7];
        double squares = 0;
        var degrees = 0;
        var start = campaign.Start.DayNumber - origin;
        for (var w = 0; w < 7; w++)
        {
            if (perWeekday[w] == 0)
            {
                continue;
            }

            // The latest days of weekday w before the start, in no campaign: first the mean, then the squares about it.
            var day = start - 1;
            while (day >= 0 && Weekday(firstDay, day) != w)
            {
                day--;
            }

            double sum = 0;
            var k = 0;
            for (var d = day; d >= 0 && k < options.BaselineWeeks; d -= 7)
            {
                if (!InAnyCampaign(firstDay.AddDays(d), all))
                {
                    sum += revenue[d];
                    k++;
                }
            }

            if (k < options.MinimumBaselineWeeks)
            {
                return Empty(campaign, n, string.Create(CultureInfo.InvariantCulture,
                    $"only {k} {WeekdayName(w)}s outside campaigns before the start, and the expected level needs at least {options.MinimumBaselineWeeks}"));
            }

            var mean = sum / k;
            k = 0;
            for (var d = day; d >= 0 && k < options.BaselineWeeks; d -= 7)
            {
                if (!InAnyCampaign(firstDay.AddDays(d), all))
                {
                    var e = revenue[d] - mean;
                    squares += e * e;
                    k++;
                }
            }

            level[w] = mean;
            baseline[w] = k;
            degrees += k - 1;
        }

        double expected = 0;
        double weights = 0;
        var baselineDays = 0;
        for (var w = 0; w < 7; w++)
        {
            if (perWeekday[w] > 0)
            {
                expected += perWeekday[w] * level[w];
                weights += (double)perWeekday[w] * perWeekday[w] / baseline[w];
                baselineDays += baseline[w];
            }
        }

        observed /= n;
        expected /= n;
        var variance = squares / degrees;
        var standardError = Math.Sqrt(variance * (1.0 / n + weights / ((double)n * n)));
        var lift = observed - expected;
        var t = StudentT.Quantile(0.5 + options.Confidence / 2, degrees);
        return new CampaignLiftEstimate(campaign, n, baselineDays, observed, expected, lift, lift - t * standardError, lift + t * standardError,
            expected > 0 ? lift / expected : double.NaN, standardError, degrees, null);
    }

    private static int Weekday(DateOnly firstDay, int offset) => ((int)firstDay.AddDays(offset).DayOfWeek + 6) % 7;

    private static string WeekdayName(int weekday) => ((DayOfWeek)((weekday + 1) % 7)).ToString();

    private static bool InAnyCampaign(DateOnly day, IReadOnlyList<CampaignWindow> campaigns)
    {
        for (var i = 0; i < campaigns.Count; i++)
        {
            if (campaigns[i].Contains(day))
            {
                return true;
            }
        }

        return false;
    }

    private static CampaignLiftEstimate Empty(CampaignWindow campaign, int days, string note) =>
        new(campaign, days, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, note);
}
