using System.Globalization;

namespace Patron.Server.Dashboard;

/// <summary>How the pages write numbers: invariant culture, so every reader sees the same figures.</summary>
internal static class Format
{
    public static string Value(double value, string format) => !double.IsFinite(value) ? "–" : format switch
    {
        "money" => value.ToString("#,##0.00", CultureInfo.InvariantCulture),
        "int" => value.ToString("#,##0", CultureInfo.InvariantCulture),
        "pct" => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>Change of <paramref name="current"/> against <paramref name="previous"/> in percent, or null.</summary>
    public static string? Change(double current, double previous) =>
        double.IsFinite(current) && double.IsFinite(previous) && previous != 0
            ? ((current - previous) / Math.Abs(previous) * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%"
            : null;

    /// <summary>The exact value for a data attribute (tests compare it with SQL).</summary>
    public static string Exact(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
