using System.Globalization;
using Patron.Features.Dashboard;

namespace Patron.Server.Dashboard;

/// <summary>What the global filter offers: segments, countries and channels (most customers first) and the days the
/// orders span.</summary>
internal sealed record FilterChoices(
    IReadOnlyList<string> Segments, IReadOnlyList<string> Countries, IReadOnlyList<string> Channels, DateOnly? FirstDay, DateOnly? LastDay)
{
    public static FilterChoices Empty { get; } = new([], [], [], null, null);

    public static FilterChoices From(DashboardTable choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        List<string> segments = [], countries = [], channels = [];
        DateOnly? first = null, last = null;
        for (var row = 0; row < choices.RowCount; row++)
        {
            var value = choices.Text(row, "value");
            switch (choices.Text(row, "kind"))
            {
                case "segment" when value is not null: segments.Add(value); break;
                case "country" when value is not null: countries.Add(value); break;
                case "channel" when value is not null: channels.Add(value); break;
                case "first_day" when value is not null: first = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                case "last_day" when value is not null: last = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                default: break;
            }
        }

        return new FilterChoices(segments, countries, channels, first, last);
    }
}
