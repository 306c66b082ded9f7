using System.Globalization;
using Patron.Learning.Data;
using Patron.Learning.Explain;

namespace Patron.Pipeline.Explain;

/// <summary>Describes a feature value in the words of the feature registry: "Time since the latest purchase: 142 days",
/// "Share of purchases with a discount: 35 %". Lifetime-model outputs get their own phrases.</summary>
/// <remarks>Stateless and thread-safe; numbers use the invariant culture.</remarks>
internal sealed class RegistryFeatureDescriber : IFeatureDescriber
{
    public static RegistryFeatureDescriber Instance { get; } = new();

    public string Describe(FeatureSpec spec, float value, FeatureMatrix x, int row)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (label, unit) = FeatureLabels.LabelAndUnit(spec.Name);
        string text;
        if (float.IsNaN(value))
        {
            text = "unknown";
        }
        else if (spec.Kind == FeatureKind.Categorical)
        {
            text = spec.Levels![(int)value];
        }
        else if (spec.Kind == FeatureKind.Boolean)
        {
            text = value == 1 ? "yes" : "no";
        }
        else
        {
            text = Format(value, unit);
        }

        return $"{label}: {text}";
    }

    private static string Format(float value, string unit) => unit switch
    {
        "share" or "probability" => string.Create(CultureInfo.InvariantCulture, $"{value * 100:0} %"),
        "currency" => value.ToString("#,0.00", CultureInfo.InvariantCulture),
        "days" or "orders" or "reviews" or "sessions" or "categories" or "brands" or "installments" =>
            string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {unit}"),
        "" => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value:0.##} ({unit})"),
    };
}
