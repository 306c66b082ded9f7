using System.Globalization;
using System.Text.Json;

namespace Patron.Pipeline.Report;

/// <summary>Forgiving reads from the run's JSON: a missing or mistyped value reads as empty, never as an exception.</summary>
internal static class Json
{
    public static string Str(JsonElement? element, string name)
    {
        if (element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v))
        {
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString() ?? "",
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Array => string.Join(", ", v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())),
                _ => "",
            };
        }

        return "";
    }

    public static double Num(JsonElement? element, string name)
    {
        if (element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v))
        {
            if (v.ValueKind == JsonValueKind.Number)
            {
                return v.GetDouble();
            }

            if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        return double.NaN;
    }

    public static JsonElement? Obj(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? v : null;

    public static IEnumerable<JsonElement> Items(JsonElement? element, string name)
    {
        if (Obj(element, name) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                yield return item;
            }
        }
    }

    /// <summary>Reads a curve: an array of objects with x and y.</summary>
    public static List<(double X, double Y)> Curve(JsonElement? curves, string name)
    {
        var points = new List<(double, double)>();
        foreach (var item in Items(curves, name))
        {
            var x = Num(item, "x");
            var y = Num(item, "y");
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                points.Add((x, y));
            }
        }

        return points;
    }
}
