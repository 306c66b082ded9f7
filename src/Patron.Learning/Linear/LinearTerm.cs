using Patron.Learning.Data;

namespace Patron.Learning.Linear;

/// <summary>One design column of a linear model and its coefficient, all in the original (unscaled) units.</summary>
/// <param name="Feature">Index of the source feature in the schema.</param>
/// <param name="Kind">How the column is derived from the feature.</param>
/// <param name="Level">The level code for <see cref="LinearTermKind.Level"/> terms, else -1.</param>
/// <param name="Fill">Value used for a missing cell of a <see cref="LinearTermKind.Value"/> term (training median).</param>
/// <param name="Mean">Weighted training mean of the column; contributions are measured from it.</param>
/// <param name="Coefficient">Weight of the column in the log-odds.</param>
public sealed record LinearTerm(int Feature, LinearTermKind Kind, int Level, double Fill, double Mean, double Coefficient)
{
    /// <summary>The column's value for a cell of its source feature.</summary>
    public double ValueOf(float cell) => Kind switch
    {
        LinearTermKind.Value => float.IsNaN(cell) ? Fill : cell,
        LinearTermKind.Level => cell == Level ? 1.0 : 0.0,
        _ => float.IsNaN(cell) ? 1.0 : 0.0,
    };

    /// <summary>A readable name such as <c>age</c>, <c>channel=web</c> or <c>age (missing)</c>.</summary>
    public string Name(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var spec = schema[Feature];
        return Kind switch
        {
            LinearTermKind.Value => spec.Name,
            LinearTermKind.Level => $"{spec.Name}={spec.Levels![Level]}",
            _ => $"{spec.Name} (missing)",
        };
    }
}
