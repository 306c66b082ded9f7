using Patron.Features.Registry;

namespace Patron.Features.Sessions;

/// <summary>One feature column of a session table (<c>gold.session_features</c> or
/// <c>gold.shopper_session_features</c>): what it says about the session and how it is computed.</summary>
/// <param name="Name">Column name (snake_case, unique within its table, never a customer feature's name).</param>
/// <param name="Type">Storage type.</param>
/// <param name="Unit">Unit of the value: seconds, pages, days, share (0–1), flag (0/1), ...</param>
/// <param name="Description">What the value says about the session, as a sentence.</param>
/// <param name="Formula">Exact definition over silver rows.</param>
public sealed record SessionFeature(string Name, FeatureType Type, string Unit, string Description, string Formula)
{
    /// <summary>The DuckDB column type.</summary>
    public string SqlType => Type switch
    {
        FeatureType.Integer => "BIGINT",
        FeatureType.Real => "DOUBLE",
        _ => "VARCHAR",
    };
}
