namespace Patron.Learning.Campaigns;

/// <summary>One campaign's lift in daily revenue against the level expected from the same weekdays before it.</summary>
/// <remarks>Money is in the shop's currency per day (the totals: over the campaign's days in the data). Values are NaN
/// when the campaign could not be estimated; <see cref="Note"/> then says why.</remarks>
/// <param name="Campaign">The campaign.</param>
/// <param name="Days">Campaign days inside the daily series (days after the data are left out).</param>
/// <param name="BaselineDays">Days that made the expected levels (same weekdays, before the campaign, in no campaign).</param>
/// <param name="ObservedMean">Mean daily revenue over the campaign days.</param>
/// <param name="ExpectedMean">Mean expected daily revenue over the same days.</param>
/// <param name="DailyLift">ObservedMean − ExpectedMean.</param>
/// <param name="DailyLow">Lower end of the interval of <paramref name="DailyLift"/>.</param>
/// <param name="DailyHigh">Upper end of the interval of <paramref name="DailyLift"/>.</param>
/// <param name="RelativeLift">DailyLift / ExpectedMean (NaN when the expected level is not positive).</param>
/// <param name="StandardError">Standard error of <paramref name="DailyLift"/>.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom of the pooled variance (the t quantile's).</param>
/// <param name="Note">Why there is no estimate, or null.</param>
public sealed record CampaignLiftEstimate(
    CampaignWindow Campaign,
    int Days,
    int BaselineDays,
    double ObservedMean,
    double ExpectedMean,
    double DailyLift,
    double DailyLow,
    double DailyHigh,
    double RelativeLift,
    double StandardError,
    double DegreesOfFreedom,
    string? Note)
{
    /// <summary>The lift summed over the campaign's days.</summary>
    public double TotalLift => DailyLift * Days;

    /// <summary>Lower end of the interval of <see cref="TotalLift"/>.</summary>
    public double TotalLow => DailyLow * Days;

    /// <summary>Upper end of the interval of <see cref="TotalLift"/>.</summary>
    public double TotalHigh => DailyHigh * Days;
}
