using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Patron.Features.Dashboard;

namespace Patron.Server.Dashboard;

/// <summary>The global filter as it lives in the URL: <c>from</c>, <c>to</c> (yyyy-MM-dd, inclusive), <c>segment</c>,
/// <c>country</c>, <c>channel</c>. Without dates the range is the last 12 months of orders.</summary>
internal static class FilterQuery
{
    public static readonly string[] Keys = ["from", "to", "segment", "country", "channel"];

    /// <summary>Reads the filter of <paramref name="query"/>; a value that is not valid is listed in
    /// <paramref name="errors"/> and replaced by the default.</summary>
    public static DashboardFilter Parse(IQueryCollection query, FilterChoices choices, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(errors);
        var lastDay = choices.LastDay ?? DateOnly.FromDateTime(DateTime.UnixEpoch);
        var to = Date(query, "to", errors) ?? lastDay;
        var from = Date(query, "from", errors) ?? to.AddYears(-1).AddDays(1);
        if (from > to)
        {
            errors.Add("from must be on or before to; the last 12 months are shown.");
            to = lastDay;
            from = to.AddYears(-1).AddDays(1);
        }

        return new DashboardFilter
        {
            From = from,
            To = to,
            Segment = Text(query, "segment", errors),
            Country = Text(query, "country", errors),
            Channel = Text(query, "channel", errors),
        };
    }

    /// <summary>The URL query of <paramref name="filter"/> (leading '?'), with <paramref name="extra"/> pairs after it;
    /// null values are left out.</summary>
    public static string ToQuery(DashboardFilter filter, params (string Key, string? Value)[] extra)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var text = new StringBuilder();
        Append(text, "from", filter.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Append(text, "to", filter.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Append(text, "segment", filter.Segment);
        Append(text, "country", filter.Country);
        Append(text, "channel", filter.Channel);
        foreach (var (key, value) in extra)
        {
            Append(text, key, value);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(text.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static DateOnly? Date(IQueryCollection query, string key, List<string> errors)
    {
        var text = Text(query, key, errors);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add($"{key} must be a date as yyyy-MM-dd.");
        return null;
    }

    private static string? Text(IQueryCollection query, string key, List<string> errors)
    {
        if (!query.TryGetValue(key, out var values) || values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors.Add($"{key} is given more than once; the first is used.");
        }

        var value = values[0]!.Trim();
        if (value.Length > 200)
        {
            errors.Add($"{key} is longer than 200 characters and is ignored.");
            return null;
        }

        return value;
    }
}
