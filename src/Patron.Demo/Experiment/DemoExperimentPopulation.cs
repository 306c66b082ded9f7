namespace Patron.Demo.Experiment;

/// <summary>Who a simulated experiment draws from.</summary>
public enum DemoExperimentPopulation
{
    /// <summary>Every customer with a purchase before the start.</summary>
    Buyers,

    /// <summary>Customers whose last purchase before the start is at least 60 days old (the usual target of a win-back offer).</summary>
    Lapsing,
}
