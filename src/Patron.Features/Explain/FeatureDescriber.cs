using System.Globalization;
using Patron.Features.Registry;
using Patron.Learning.Data;
using Patron.Learning.Explain;

namespace Patron.Features.Explain;

/// <summary>
/// Describes customer features in words from the registry's descriptions and units, e.g. "no order for 142 days, 3.1
/// times their usual gap" for recency when the row also holds <c>gap_mean_days</c>. The lifetime models' outputs
/// (<c>lifetime_*</c> columns) are named through <see cref="FeatureLabels"/>; other names the registry does not know fall
/// back to <see cref="DefaultFeatureDescriber"/>.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class FeatureDescriber : IFeatureDescriber
{
    /// <summary>A shared instance.</summary>
    public static FeatureDescriber Instance { get; } = new();

    /// <inheritdoc/>
    public string Describe(FeatureSpec spec, float value, FeatureMatrix x, int row)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(x);
        if (spec.Name.StartsWith("lifetime_", StringComparison.Ordinal))
        {
            return Lifetime(spec.Name, value);
        }

        var feature = FeatureRegistry.Find(spec.Name);
        if (feature is null)
        {
            return DefaultFeatureDescriber.Instance.Describe(spec, value, x, row);
        }

        if (float.IsNaN(value))
        {
            return $"{Label(feature)}: unknown";
        }

        if (spec.Kind == FeatureKind.Categorical && spec.Levels is { } levels)
        {
            return $"{Label(feature)}: {levels[(int)value]}";
        }

        if (feature.Name is "days_since_last_order" or "rfm_recency_days")
        {
            return Recency(value, x, row);
        }

        return $"{Label(feature)}: {Format(feature, value)}";
    }

    private static string Lifetime(string name, float value)
    {
        var (label, unit) = FeatureLabels.LabelAndUnit(name);
        if (float.IsNaN(value))
        {
            return $"{label}: unknown";
        }

        var text = unit switch
        {
            "share" => value.ToString("0.#%", CultureInfo.InvariantCulture),
            "currency" => value.ToString("#,0.00", CultureInfo.InvariantCulture),
            "orders" => value.ToString("0.##", CultureInfo.InvariantCulture) + " orders",
            _ => value.ToString("0.###", CultureInfo.InvariantCulture),
        };
        return $"{label}: {text}";
    }

    private static string Recency(float days, FeatureMatrix x, int row)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"no order for {days:0} days");
        var gapColumn = x.Schema.IndexOf("gap_mean_days");
        if (gapColumn >= 0)
        {
            var gap = x[row, gapColumn];
            if (gap > 0 && !float.IsNaN(gap))
            {
                text += string.Create(CultureInfo.InvariantCulture, $", {days / gap:0.0} times their usual gap of {gap:0} days");
            }
        }

        return text;
    }

    private static string Label(FeatureDefinition feature)
    {
        var text = feature.Description;
        var cut = text.IndexOfAny(['.', ';', '(']);
        return (cut > 0 ? text[..cut] : text).TrimEnd();
    }

    private static string Format(FeatureDefinition feature, float value) => feature.Unit switch
    {
        "share" => value.ToString("0.#%", CultureInfo.InvariantCulture),
        "currency" => value.ToString("#,0.00", CultureInfo.InvariantCulture),
        "days" => value.ToString("0", CultureInfo.InvariantCulture) + " days",
        _ when feature.Type == FeatureType.Integer => value.ToString("0", CultureInfo.InvariantCulture) + " " + feature.Unit,
        _ => value.ToString("0.###", CultureInfo.InvariantCulture) + " " + feature.Unit,
    };
}
