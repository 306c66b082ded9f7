using System.Globalization;
using Patron.Learning.Data;

namespace Patron.Learning.Explain;

/// <summary>Describes a feature as "name = value": numbers with up to four decimals (invariant culture), categorical
/// levels by name, booleans as true/false, missing cells as "missing".</summary>
public sealed class DefaultFeatureDescriber : IFeatureDescriber
{
    /// <summary>A shared instance (stateless).</summary>
    public static DefaultFeatureDescriber Instance { get; } = new();

    /// <inheritdoc/>
    public string Describe(FeatureSpec spec, float value, FeatureMatrix x, int row)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text;
        if (float.IsNaN(value))
        {
            text = "missing";
        }
        else
        {
            text = spec.Kind switch
            {
                FeatureKind.Categorical => spec.Levels![(int)value],
                FeatureKind.Boolean => value == 1 ? "true" : "false",
                _ => value.ToString("0.####", CultureInfo.InvariantCulture),
            };
        }

        return $"{spec.Name} = {text}";
    }
}
