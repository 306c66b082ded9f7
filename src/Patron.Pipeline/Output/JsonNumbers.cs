using System.Globalization;
using System.Text.Json;

namespace Patron.Pipeline.Output;

/// <summary>Writes numbers the way docs/run-folder.md asks: plain JSON numbers, NaN and infinities as strings, absent as null.</summary>
internal static class JsonNumbers
{
    public static void Write(Utf8JsonWriter writer, string name, double? value)
    {
        writer.WritePropertyName(name);
        Write(writer, value);
    }

    public static void Write(Utf8JsonWriter writer, double? value)
    {
        if (value is not { } v)
        {
            writer.WriteNullValue();
        }
        else if (double.IsFinite(v))
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>A CSV cell: invariant round-trip number, empty for NaN.</summary>
    public static string Cell(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
