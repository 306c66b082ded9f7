namespace Patron.Learning.Campaigns;

/// <summary>A marketing campaign's dates: it ran from <paramref name="Start"/> to <paramref name="End"/>, both days
/// included.</summary>
/// <param name="Name">How the campaign file names it.</param>
/// <param name="Start">First day of the campaign.</param>
/// <param name="End">Last day of the campaign (on or after <paramref name="Start"/>).</param>
public sealed record CampaignWindow(string Name, DateOnly Start, DateOnly End)
{
    /// <summary>Whether <paramref name="day"/> falls inside the campaign.</summary>
    public bool Contains(DateOnly day) => day >= Start && day <= End;
}
