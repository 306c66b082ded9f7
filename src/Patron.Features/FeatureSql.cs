using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Patron.Warehouse;

namespace Patron.Features;

/// <summary>Loads the SQL files embedded under <c>Sql/</c> of this assembly and fills their placeholders.</summary>
internal static class FeatureSql
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of <c>Sql/{name}</c>, e.g. <c>labels.sql</c>.</summary>
    public static string Load(string name) => Cache.GetOrAdd(name, static path =>
    {
        var resource = "Patron.Features.Sql." + path;
        using var stream = typeof(FeatureSql).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The SQL script '{path}' is not embedded in Patron.Features.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>The script with <c>{cutoff}</c> (a DATE literal's text) and <c>{horizon}</c> (days) filled in.</summary>
    public static string Render(string name, DateOnly cutoff, int horizonDays) => SqlScripts.Render(Load(name), Values(cutoff, horizonDays));

    public static Dictionary<string, string> Values(DateOnly cutoff, int horizonDays) => new(StringComparer.Ordinal)
    {
        ["cutoff"] = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["horizon"] = horizonDays.ToString(CultureInfo.InvariantCulture),
    };
}
