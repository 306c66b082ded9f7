namespace Patron.Demo.Experiment;

/// <summary>The simulated treatment's true effect as a function of what a customer did before the start.</summary>
/// <remarks>
/// A win-back offer: it brings back customers who have lapsed a while (30 to 180 days since the last order), more so the
/// more they bought before; it fades for those gone longer (none after 365 days), barely moves customers who bought in
/// the last 30 days, and costs revenue on the frequent recent buyers ("sure things": fewer than 30 days, at least 4
/// orders), who would have bought anyway and now take the offer's discount on every order of the window.
/// </remarks>
internal static class DemoExperimentEffect
{
    /// <summary>Highest probability that the offer brings one extra order.</summary>
    public const double MaxResponse = 0.45;

    /// <summary>The discount sure things take on their window orders.</summary>
    public const double OfferDiscount = 0.25;

    /// <summary>Whether the customer is a sure thing (pays the discount instead of responding).</summary>
    public static bool IsSureThing(int daysSinceLastOrder, int orders) => daysSinceLastOrder < 30 && orders >= 4;

    /// <summary>The probability that the treatment adds one order in the window.</summary>
    public static double Response(int daysSinceLastOrder, int orders)
    {
        if (IsSureThing(daysSinceLastOrder, orders))
        {
            return 0;
        }

        var recency = daysSinceLastOrder switch
        {
            < 30 => 0.3,
            <= 180 => 1.0,
            <= 365 => (365 - daysSinceLastOrder) / 185.0,
            _ => 0.0,
        };
        return MaxResponse * recency * Math.Min(1.0, orders / 3.0);
    }
}
