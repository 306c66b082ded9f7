using System.Text.Json;
using Patron.Learning.Data;
using Patron.Learning.Serialization;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>The <c>gbdt</c> body of the model file.</summary>
public sealed partial class GradientBoostingModel
{
    /// <inheritdoc/>
    public void WriteModel(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("loss", _loss.Name);
        ModelJson.WriteNumber(writer, "tweedie_variance_power", TweedieVariancePower);
        ModelJson.WriteNumber(writer, "base_score", BaseScore);
        ModelJson.WriteArray(writer, "training_loss", [.. TrainingLoss]);
        ModelJson.WriteArray(writer, "validation_loss", [.. ValidationLoss]);
        writer.WriteStartArray("trees");
        foreach (var tree in _trees)
        {
            tree.Write(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads the body written by <see cref="WriteModel"/>.</summary>
    public static GradientBoostingModel ReadModel(JsonElement model, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var lossName = ModelJson.Required(model, "loss").GetString();
        var loss = lossName switch
        {
            "logloss" => BoostingLoss.LogLoss,
            "squared_error" => BoostingLoss.SquaredError,
            "poisson" => BoostingLoss.Poisson,
            "tweedie" => BoostingLoss.Tweedie,
            _ => throw new InvalidDataException($"Model file: unknown boosting loss '{lossName}'."),
        };
        var power = ModelJson.ReadDouble(ModelJson.Required(model, "tweedie_variance_power"));
        var baseScore = ModelJson.ReadDouble(ModelJson.Required(model, "base_score"));
        var trainingLoss = ModelJson.ReadDoubleArray(ModelJson.Required(model, "training_loss"));
        var validationLoss = ModelJson.ReadDoubleArray(ModelJson.Required(model, "validation_loss"));
        var treesElement = ModelJson.Required(model, "trees");
        var trees = new DecisionTree[treesElement.GetArrayLength()];
        var i = 0;
        foreach (var t in treesElement.EnumerateArray())
        {
            trees[i++] = DecisionTree.Read(t, schema.Count);
        }

        return new GradientBoostingModel(schema, loss, power, baseScore, trees, trainingLoss, validationLoss);
    }
}
