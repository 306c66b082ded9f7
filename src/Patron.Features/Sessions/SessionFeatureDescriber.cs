using System.Globalization;
using Patron.Learning.Data;
using Patron.Learning.Explain;

namespace Patron.Features.Sessions;

/// <summary>Describes a session feature value in the registry's words, e.g. "Browsing time of the session: 5.3
/// minutes" or "The visitor is a known customer rather than anonymous: no". Names the registry does not know fall
/// back to <see cref="DefaultFeatureDescriber"/>.</summary>
/// <remarks>Stateless and thread-safe; numbers use the invariant culture.</remarks>
public sealed class SessionFeatureDescriber : IFeatureDescriber
{
    /// <summary>A shared instance.</summary>
    public static SessionFeatureDescriber Instance { get; } = new();

    /// <inheritdoc/>
    public string Describe(FeatureSpec spec, float value, FeatureMatrix x, int row)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var feature = SessionFeatureRegistry.Find(spec.Name);
        if (feature is null)
        {
            return DefaultFeatureDescriber.Instance.Describe(spec, value, x, row);
        }

        var label = Label(feature);
        if (float.IsNaN(value))
        {
            return $"{label}: unknown";
        }

        if (spec.Kind == FeatureKind.Categorical && spec.Levels is { } levels)
        {
            return $"{label}: {levels[(int)value]}";
        }

        return $"{label}: {Format(feature, value)}";
    }

    /// <summary>The description without its final stop or parenthesis, as a label.</summary>
    public static string Label(SessionFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var text = feature.Description;
        var cut = text.IndexOf(" (", StringComparison.Ordinal);
        if (cut > 0)
        {
            text = text[..cut];
        }

        return text.TrimEnd('.', ' ');
    }

    private static string Format(SessionFeature feature, float value) => feature.Unit switch
    {
        "flag" => value >= 0.5f ? "yes" : "no",
        "share" => string.Create(CultureInfo.InvariantCulture, $"{value * 100:0} %"),
        "currency" => value.ToString("#,0.00", CultureInfo.InvariantCulture),
        "seconds" when value >= 120 => string.Create(CultureInfo.InvariantCulture, $"{value / 60:0.#} minutes"),
        "seconds" => string.Create(CultureInfo.InvariantCulture, $"{value:0} seconds"),
        "days" => string.Create(CultureInfo.InvariantCulture, $"{value:0.#} days"),
        "weekday" => value is >= 1 and <= 7 ? CultureInfo.InvariantCulture.DateTimeFormat.GetDayName((DayOfWeek)((int)value % 7)) : value.ToString("0", CultureInfo.InvariantCulture),
        "month" => value is >= 1 and <= 12 ? CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName((int)value) : value.ToString("0", CultureInfo.InvariantCulture),
        "pages" or "sessions" or "orders" => string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {feature.Unit}"),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
