namespace Patron.Features.Registry;

/// <summary>A group of features computed by one SQL file into one temporary table keyed by <c>customer_id</c>.</summary>
/// <param name="Name">Group name as the registry and docs show it.</param>
/// <param name="Script">The embedded SQL file under <c>Sql/</c>.</param>
/// <param name="Table">The temporary table the script creates.</param>
/// <param name="Description">What the group covers.</param>
/// <param name="PopulationWide">The group ranks or compares customers against the whole population of the cutoff (RFM
/// quintiles, co-purchase rates), so it runs once after every partition of customers instead of once per partition.</param>
public sealed record FeatureGroup(string Name, string Script, string Table, string Description, bool PopulationWide = false);
