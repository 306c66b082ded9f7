using System.Text.Json;
using Patron.Learning.Data;
using Patron.Learning.Serialization;

namespace Patron.Learning.Linear;

/// <summary>JSON body of a logistic regression inside the model envelope.</summary>
public sealed partial class LogisticRegressionModel
{
    /// <inheritdoc/>
    public void WriteModel(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        ModelJson.WriteNumber(writer, "intercept", Intercept);
        writer.WriteStartArray("terms");
        foreach (var t in _terms)
        {
            writer.WriteStartObject();
            writer.WriteNumber("feature", t.Feature);
            writer.WriteString("kind", t.Kind switch
            {
                LinearTermKind.Value => "value",
                LinearTermKind.Level => "level",
                _ => "missing",
            });
            writer.WriteNumber("level", t.Level);
            ModelJson.WriteNumber(writer, "fill", t.Fill);
            ModelJson.WriteNumber(writer, "mean", t.Mean);
            ModelJson.WriteNumber(writer, "coefficient", t.Coefficient);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads the body written by <see cref="WriteModel"/>.</summary>
    public static LogisticRegressionModel ReadModel(JsonElement model, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var intercept = ModelJson.ReadDouble(ModelJson.Required(model, "intercept"));
        var terms = new List<LinearTerm>();
        foreach (var t in ModelJson.Required(model, "terms").EnumerateArray())
        {
            var feature = ModelJson.Required(t, "feature").GetInt32();
            if (feature < 0 || feature >= schema.Count)
            {
                throw new InvalidDataException($"Logistic model: term feature index {feature} is outside the schema ({schema.Count} features).");
            }

            var kind = ModelJson.Required(t, "kind").GetString() switch
            {
                "value" => LinearTermKind.Value,
                "level" => LinearTermKind.Level,
                "missing" => LinearTermKind.Missing,
                var other => throw new InvalidDataException($"Logistic model: unknown term kind '{other}'."),
            };
            var level = ModelJson.Required(t, "level").GetInt32();
            if (kind == LinearTermKind.Level && (level < 0 || level >= schema[feature].LevelCount))
            {
                throw new InvalidDataException($"Logistic model: level {level} does not exist for feature '{schema[feature].Name}'.");
            }

            terms.Add(new LinearTerm(
                feature,
                kind,
                level,
                ModelJson.ReadDouble(ModelJson.Required(t, "fill")),
                ModelJson.ReadDouble(ModelJson.Required(t, "mean")),
                ModelJson.ReadDouble(ModelJson.Required(t, "coefficient"))));
        }

        return new LogisticRegressionModel(schema, [.. terms], intercept);
    }
}
