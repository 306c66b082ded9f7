using System.Text.Json;
using System.Text.Json.Serialization;

namespace Patron.Server.Dashboard;

/// <summary>A chart as the page hands it to the browser script: <c>line</c>, <c>bar</c> or <c>heatmap</c> over
/// <see cref="Categories"/>, one value per category in each series (a heatmap has one series per row,
/// <see cref="Series"/> names being the row labels). NaN values are gaps.</summary>
public sealed record ChartSpec(string Kind, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    public string? XTitle { get; init; }

    public string? YTitle { get; init; }

    /// <summary>How values are shown in the table: <c>money</c>, <c>int</c>, <c>pct</c> or <c>num</c>.</summary>
    public string Format { get; init; } = "num";

    public string ToJson()
    {
        var series = new List<object>(Series.Count);
        foreach (var s in Series)
        {
            var values = new double?[s.Values.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = double.IsFinite(s.Values[i]) ? s.Values[i] : null;
            }

            series.Add(new { name = s.Name, type = s.Type, values });
        }

        return JsonSerializer.Serialize(new { kind = Kind, categories = Categories, series, x_title = XTitle, y_title = YTitle, format = Format }, Json);
    }
}

/// <summary>One series of a chart; <see cref="Type"/> overrides the chart's kind (a line over bars).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string? Type = null);
