using System.Text.Json;

namespace Patron.Learning.Serialization;

/// <summary>A model that <see cref="ModelSerializer"/> can save: it names its kind and writes its own body.</summary>
/// <remarks>Each kind also provides <c>static TModel ReadModel(JsonElement model, FeatureSchema schema)</c>, called from
/// the switch in <see cref="ModelSerializer"/>.</remarks>
public interface ISerializableModel : IPredictor
{
    /// <summary>The envelope's <c>kind</c>: <c>logistic</c>, <c>gbdt</c>, <c>rf</c> or <c>calibrated</c>.</summary>
    string ModelKind { get; }

    /// <summary>Writes the envelope's <c>model</c> value (one JSON object) in a fixed property order.</summary>
    void WriteModel(Utf8JsonWriter writer);
}
