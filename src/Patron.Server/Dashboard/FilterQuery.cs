using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Patron.Features.Dashboard;

namespace Patron.Server.Dashboard;

/// <summary>The global filter as it lives in the URL: <c>from</c>, <c>to</c> (yyyy-MM-dd, inclusive), <c>segment</c>,
/// <c>country</c>, <c>channel</c>. Without dates the range is the last 12 months of orders. A segment, country or
/// channel must be one the filter offers (<see cref="FilterChoices"/>), and days lie between <see cref="FirstDay"/> and
/// <see cref="LastDay"/>, so no filter value can make a query fail.</summary>
internal static class FilterQuery
{
    public static readonly string[] Keys = ["from", "to", "segment", "country", "channel"];

    /// <summary>The earliest day a filter may name.</summary>
    public static readonly DateOnly FirstDay = new(1900, 1, 1);

    /// <summary>The latest day a filter may name.</summary>
    public static readonly DateOnly LastDay = new(2999, 12, 31);

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
            Segment = Known(Text(query, "segment", errors), choices.Segments, "segment", "segments", errors),
            Country = Known(Text(query, "country", errors), choices.Countries, "country", "countries", errors),
            Channel = Known(Text(query, "channel", errors), choices.Channels, "channel", "acquisition channels", errors),
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
            if (day >= FirstDay && day <= LastDay)
            {
                return day;
            }

            errors.Add($"{key} must lie between 1900-01-01 and 2999-12-31.");
            return null;
        }

        errors.Add($"{key} must be a date as yyyy-MM-dd.");
        return null;
    }

    /// <summary><paramref name="value"/> when it is one of <paramref name="known"/>; else null, with the error listed.</summary>
    private static string? Known(string? value, IReadOnlyList<string> known, string key, string plural, List<string> errors)
    {
        if (value is null)
        {
            return null;
        }

        foreach (var candidate in known)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return value;
            }
        }

        errors.Add(known.Count == 0
            ? $"{key} cannot be chosen: the warehouse records no {plural}; every customer is shown."
            : $"{key} '{value}' is not one of the {plural} the filter offers; every {key} is shown.");
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
