namespace Patron.Learning.Campaigns;

/// <summary>How <see cref="CampaignLift"/> builds the expected level and the interval.</summary>
public sealed record CampaignLiftOptions
{
    /// <summary>Days of the same weekday before the campaign that make its expected level (the latest ones that fall in
    /// no campaign): 8 weeks by default.</summary>
    public int BaselineWeeks { get; init; } = 8;

    /// <summary>Fewest such days per weekday for an estimate; with fewer the campaign gets no lift, and says why.</summary>
    public int MinimumBaselineWeeks { get; init; } = 4;

    /// <summary>Coverage of the interval (0.95 = a 95 % interval).</summary>
    public double Confidence { get; init; } = 0.95;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumBaselineWeeks, 2, nameof(MinimumBaselineWeeks));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaselineWeeks, MinimumBaselineWeeks, nameof(BaselineWeeks));
        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Expected a coverage strictly between 0 and 1.");
        }
    }
}
