namespace Patron.Features.Registry;

/// <summary>One column of <c>gold.customer_features</c>: what it means, how it is computed and what data it needs.</summary>
/// <param name="Name">Column name (snake_case, unique).</param>
/// <param name="Group">The group (and SQL file) that computes it.</param>
/// <param name="Type">Storage type.</param>
/// <param name="Unit">Unit of the value: days, orders, currency, share (0–1), ...</param>
/// <param name="Description">What the value says about the customer.</param>
/// <param name="Formula">Exact definition over silver rows before the cutoff.</param>
/// <param name="Sources">Silver data the feature needs.</param>
/// <param name="PopulationRelative">True when the value depends on other customers too (quintiles, co-purchase
/// probabilities): editing one customer's rows may move it for others.</param>
public sealed record FeatureDefinition(
    string Name,
    string Group,
    FeatureType Type,
    string Unit,
    string Description,
    string Formula,
    FeatureSources Sources,
    bool PopulationRelative = false)
{
    /// <summary>The DuckDB column type.</summary>
    public string SqlType => Type switch
    {
        FeatureType.Integer => "BIGINT",
        FeatureType.Real => "DOUBLE",
        _ => "VARCHAR",
    };
}
