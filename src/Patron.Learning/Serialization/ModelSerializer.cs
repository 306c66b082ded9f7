using System.Text.Json;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Forest;
using Patron.Learning.Linear;

namespace Patron.Learning.Serialization;

/// <summary>Saves and loads models as a versioned JSON envelope
/// <c>{ "format": "patron-model", "version": 1, "kind": ..., "schema": {...}, "model": {...} }</c>.</summary>
/// <remarks>Output is deterministic: fixed property order, numbers in shortest round-trip form, no timestamps, so the same
/// model always gives the same bytes. Thread-safe.</remarks>
public static class ModelSerializer
{
    /// <summary>The envelope's <c>format</c> value.</summary>
    public const string FormatName = "patron-model";

    /// <summary>The envelope version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Save(IPredictor model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        if (model is not ISerializableModel serializable)
        {
            throw new NotSupportedException($"Model type {model.GetType().Name} cannot be saved.");
        }

        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("format", FormatName);
        writer.WriteNumber("version", CurrentVersion);
        writer.WriteString("kind", serializable.ModelKind);
        writer.WriteString("task", model.Task == TaskKind.Binary ? "binary" : "regression");
        writer.WritePropertyName("schema");
        WriteSchema(writer, model.Schema);
        writer.WritePropertyName("model");
        serializable.WriteModel(writer);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The saved bytes of <paramref name="model"/>.</summary>
    public static byte[] ToBytes(IPredictor model)
    {
        using var stream = new MemoryStream();
        Save(model, stream);
        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="model"/> to the file <paramref name="path"/> (replaced if present).</summary>
    public static void SaveFile(IPredictor model, string path)
    {
        using var stream = File.Create(path);
        Save(model, stream);
    }

    /// <summary>Reads a model saved by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The content is not a Patron model, or its version or kind is unknown.</exception>
    public static IPredictor Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = ParseDocument(stream);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format)
            || format.ValueKind != JsonValueKind.String
            || format.GetString() != FormatName)
        {
            throw new InvalidDataException($"Not a Patron model: the JSON lacks \"format\": \"{FormatName}\".");
        }

        var version = ModelJson.Required(root, "version").GetInt32();
        if (version != CurrentVersion)
        {
            throw new InvalidDataException($"Model format version {version} is not supported (this build reads version {CurrentVersion}).");
        }

        var kind = ModelJson.Required(root, "kind").GetString();
        var schema = ReadSchema(ModelJson.Required(root, "schema"));
        var body = ModelJson.Required(root, "model");
        return ReadModel(kind, body, schema);
    }

    /// <summary>Reads a model from bytes saved by <see cref="Save"/>.</summary>
    public static IPredictor FromBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Load(stream);
    }

    /// <summary>Reads a model from the file <paramref name="path"/>.</summary>
    public static IPredictor LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Load(stream);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or FormatException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    // One case per model kind ("logistic", "gbdt", "rf"), each calling that model type's static ReadModel(body, schema).
    private static IPredictor ReadModel(string? kind, JsonElement body, FeatureSchema schema) => kind switch
    {
        "logistic" => LogisticRegressionModel.ReadModel(body, schema),
        "gbdt" => GradientBoostingModel.ReadModel(body, schema),
        "rf" => RandomForestModel.ReadModel(body, schema),
        "calibrated" => CalibratedModel.ReadModel(body, schema, ReadModel),
        _ => throw new InvalidDataException($"Unknown model kind '{kind}'."),
    };

    /// <summary>Writes a schema as <c>{"features":[{"name":..,"kind":..,"levels":[..]}]}</c>.</summary>
    public static void WriteSchema(Utf8JsonWriter writer, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        writer.WriteStartObject();
        writer.WriteStartArray("features");
        foreach (var spec in schema.Features)
        {
            writer.WriteStartObject();
            writer.WriteString("name", spec.Name);
            writer.WriteString("kind", KindName(spec.Kind));
            if (spec.Levels is not null)
            {
                writer.WriteStartArray("levels");
                foreach (var level in spec.Levels)
                {
                    writer.WriteStringValue(level);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a schema written by <see cref="WriteSchema"/>.</summary>
    public static FeatureSchema ReadSchema(JsonElement element)
    {
        var features = ModelJson.Required(element, "features");
        var specs = new List<FeatureSpec>(features.GetArrayLength());
        foreach (var f in features.EnumerateArray())
        {
            var name = ModelJson.Required(f, "name").GetString()!;
            var kind = ParseKind(ModelJson.Required(f, "kind").GetString());
            List<string>? levels = null;
            if (f.TryGetProperty("levels", out var levelArray))
            {
                levels = new List<string>(levelArray.GetArrayLength());
                foreach (var level in levelArray.EnumerateArray())
                {
                    levels.Add(level.GetString()!);
                }
            }

            specs.Add(new FeatureSpec(name, kind, levels));
        }

        return new FeatureSchema(specs);
    }

    private static string KindName(FeatureKind kind) => kind switch
    {
        FeatureKind.Numeric => "numeric",
        FeatureKind.Categorical => "categorical",
        FeatureKind.Boolean => "boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static FeatureKind ParseKind(string? text) => text switch
    {
        "numeric" => FeatureKind.Numeric,
        "categorical" => FeatureKind.Categorical,
        "boolean" => FeatureKind.Boolean,
        _ => throw new InvalidDataException($"Unknown feature kind '{text}' in the model schema."),
    };

    private static JsonDocument ParseDocument(Stream stream)
    {
        try
        {
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model file is not valid JSON: {e.Message}", e);
        }
    }
}
