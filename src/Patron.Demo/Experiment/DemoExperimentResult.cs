namespace Patron.Demo.Experiment;

/// <summary>What a simulated experiment did and its true effect (also in truth/experiment.json).</summary>
public sealed record DemoExperimentResult
{
    /// <summary>First day of the window.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>Length of the window in days.</summary>
    public required int WindowDays { get; init; }

    /// <summary>Who took part.</summary>
    public required DemoExperimentPopulation Population { get; init; }

    /// <summary>Customers in the experiment.</summary>
    public required int Customers { get; init; }

    /// <summary>Of them, treated.</summary>
    public required int Treated { get; init; }

    /// <summary>Orders the treatment added (appended to transactions.csv).</summary>
    public required int AddedOrders { get; init; }

    /// <summary>Window purchases of treated customers the offer's discount applied to.</summary>
    public required int DiscountedOrders { get; init; }

    /// <summary>Mean true uplift in net revenue per customer over the population (the average treatment effect).</summary>
    public required double AverageUpliftRevenue { get; init; }

    /// <summary>Mean true uplift in conversion (probability of at least one order in the window) over the population.</summary>
    public required double AverageUpliftConversion { get; init; }

    /// <summary>Mean true revenue uplift over the treated customers.</summary>
    public required double TreatedUpliftRevenue { get; init; }

    /// <summary>Revenue the treatment actually added (negative: removed) over all treated customers.</summary>
    public required double RealizedIncrementalRevenue { get; init; }

    /// <summary>The assignment file (<c>customer_id,variant</c>).</summary>
    public required string AssignmentsPath { get; init; }

    /// <summary>The per-customer truth (truth/experiment.csv).</summary>
    public required string TruthPath { get; init; }
}
