namespace Patron.Features.Registry;

/// <summary>A group of features: per customer, computed by the feature kernel from the customer's own rows, or
/// population-wide, computed by one SQL file into one temporary table keyed by <c>customer_id</c>.</summary>
/// <param name="Name">Group name as the registry and docs show it.</param>
/// <param name="Description">What the group covers.</param>
/// <param name="Script">For a population-wide group, the embedded SQL file under <c>Sql/</c>; null otherwise.</param>
/// <param name="Table">For a population-wide group, the temporary table the script creates; null otherwise.</param>
public sealed record FeatureGroup(string Name, string Description, string? Script = null, string? Table = null)
{
    /// <summary>The group ranks or compares customers against the whole population of the cutoff (RFM quintiles,
    /// co-purchase rates), so it runs once after every partition of customers instead of in the kernel.</summary>
    public bool PopulationWide => Script is not null;
}
