using System.Collections.ObjectModel;
using System.Text.Json;
using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Learning.Serialization;
using Patron.Learning.Trees;

namespace Patron.Learning.Forest;

/// <summary>A trained random forest: the prediction is the average of the trees' leaf values (the share of positives
/// for binary tasks, the mean label for regression).</summary>
/// <remarks>The forest has no link function: <see cref="PredictRaw"/> and <see cref="Predict"/> both return the averaged
/// value, so explanations (TreeSHAP, scaled by 1/trees) add up to the predicted probability or value. Immutable and
/// thread-safe.</remarks>
public sealed class RandomForestModel : IPredictor, IExplainable, ISerializableModel
{
    private readonly DecisionTree[] _trees;
    private TreeShapExplainer? _explainer;

    internal RandomForestModel(FeatureSchema schema, TaskKind task, DecisionTree[] trees)
    {
        Schema = schema;
        Task = task;
        _trees = trees;
        Trees = new ReadOnlyCollection<DecisionTree>(trees);
    }

    /// <inheritdoc/>
    public FeatureSchema Schema { get; }

    /// <inheritdoc/>
    public TaskKind Task { get; }

    /// <inheritdoc/>
    public string ModelKind => "rf";

    public IReadOnlyList<DecisionTree> Trees { get; }

    private TreeShapExplainer Explainer =>
        LazyInitializer.EnsureInitialized(ref _explainer, () => new TreeShapExplainer(Schema, _trees, 1.0 / _trees.Length, 0));

    /// <inheritdoc/>
    public void PredictRaw(FeatureMatrix x, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        Schema.EnsureCompatible(x.Schema);
        TreeEnsemble.Score(_trees, x, 0, 1.0 / _trees.Length, output);
    }

    /// <inheritdoc/>
    public void Predict(FeatureMatrix x, Span<double> output) => PredictRaw(x, output);

    /// <inheritdoc/>
    public void Contributions(FeatureMatrix x, int row, Span<double> phi) => Explainer.Contributions(x, row, phi);

    /// <inheritdoc/>
    /// <remarks>Same values as the one-row method, bit for bit. Deep trees (the usual forest) are explained directly row
    /// by row in parallel; shallow ones use the same tables as boosting.</remarks>
    public void Contributions(FeatureMatrix x, int start, int count, Span<double> phi, int maxDegreeOfParallelism = -1) =>
        Explainer.Contributions(x, start, count, phi, maxDegreeOfParallelism);

    /// <summary>Total split gain per feature (schema order), summed over all trees.</summary>
    public double[] GainImportance() => TreeImportance.Gain(_trees, Schema.Count);

    /// <summary>Total cover of the splits on each feature (schema order), summed over all trees.</summary>
    public double[] CoverImportance() => TreeImportance.Cover(_trees, Schema.Count);

    /// <inheritdoc/>
    public void WriteModel(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("task", Task == TaskKind.Binary ? "binary" : "regression");
        writer.WriteStartArray("trees");
        foreach (var tree in _trees)
        {
            tree.Write(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads the body written by <see cref="WriteModel"/>.</summary>
    public static RandomForestModel ReadModel(JsonElement model, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var taskName = ModelJson.Required(model, "task").GetString();
        var task = taskName switch
        {
            "binary" => TaskKind.Binary,
            "regression" => TaskKind.Regression,
            _ => throw new InvalidDataException($"Model file: unknown forest task '{taskName}'."),
        };
        var treesElement = ModelJson.Required(model, "trees");
        var trees = new DecisionTree[treesElement.GetArrayLength()];
        if (trees.Length == 0)
        {
            throw new InvalidDataException("Model file: a random forest needs at least one tree.");
        }

        var i = 0;
        foreach (var t in treesElement.EnumerateArray())
        {
            trees[i++] = DecisionTree.Read(t, schema.Count);
        }

        return new RandomForestModel(schema, task, trees);
    }
}
