using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Patron.Learning.Serialization;

/// <summary>Helpers shared by the model (de)serializers: numbers round-trip exactly, non-finite values are written as the
/// strings <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> (JSON has no literal for them).</summary>
public static class ModelJson
{
    /// <summary>Writes a double as the shortest text that parses back to the same bits.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value) => WriteFloating(writer, value);

    /// <summary>Writes a float as the shortest text that parses back (as a float) to the same bits.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, float value) => WriteFloating(writer, value);

    /// <summary>Writes <c>"name": value</c>.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        WriteNumber(writer, value);
    }

    /// <summary>Writes <c>"name": [v0, v1, ...]</c>.</summary>
    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values) =>
        WriteArray(writer, name, values, static (w, v) => WriteFloating(w, v));

    /// <summary>Writes <c>"name": [v0, v1, ...]</c> for floats.</summary>
    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<float> values) =>
        WriteArray(writer, name, values, static (w, v) => WriteFloating(w, v));

    /// <summary>Writes <c>"name": [v0, v1, ...]</c> for integers.</summary>
    public static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<int> values) =>
        WriteArray(writer, name, values, static (w, v) => w.WriteNumberValue(v));

    /// <summary>Reads a number written by <see cref="WriteNumber(Utf8JsonWriter, double)"/>.</summary>
    public static double ReadDouble(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : element.GetDouble();

    /// <summary>Reads a float written by <see cref="WriteNumber(Utf8JsonWriter, float)"/>.</summary>
    public static float ReadSingle(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? float.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : element.GetSingle();

    /// <summary>Reads an array of doubles.</summary>
    public static double[] ReadDoubleArray(JsonElement element) => ReadArray(element, ReadDouble);

    /// <summary>Reads an array of floats.</summary>
    public static float[] ReadSingleArray(JsonElement element) => ReadArray(element, ReadSingle);

    /// <summary>Reads an array of integers.</summary>
    public static int[] ReadInt32Array(JsonElement element) => ReadArray(element, static e => e.GetInt32());

    /// <summary>The property <paramref name="name"/> of <paramref name="element"/>, or a clear error when absent.</summary>
    public static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"Model file: property '{name}' is missing.");

    // Finite values as the shortest round-trip text; NaN and the infinities as strings (JSON has no literal for them).
    private static void WriteFloating<T>(Utf8JsonWriter writer, T value)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (T.IsFinite(value))
        {
            writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(value.ToString(null, CultureInfo.InvariantCulture));
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter writer, string name, ReadOnlySpan<T> values, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var v in values)
        {
            write(writer, v);
        }

        writer.WriteEndArray();
    }

    private static T[] ReadArray<T>(JsonElement element, Func<JsonElement, T> read)
    {
        var result = new T[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = read(item);
        }

        return result;
    }
}
