namespace Patron.Features.Registry;

/// <summary>A group of features.</summary>
/// <param name="Name">Group name as the registry and docs show it.</param>
/// <param name="Description">What the group covers.</param>
/// <param name="PopulationWide">The group ranks or compares customers against the whole population of the cutoff (RFM
/// quintiles, co-purchase rates), so its values are known only once every customer has been read; the others depend on
/// the customer's own rows alone.</param>
public sealed record FeatureGroup(string Name, string Description, bool PopulationWide = false);
