using System.Collections.ObjectModel;
using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Learning.Serialization;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>A trained gradient-boosted tree ensemble: raw score = base score + sum of tree values; prediction = the
/// loss's inverse link of the raw score (probability for log-loss, mean for the other losses).</summary>
/// <remarks>Immutable and thread-safe. Explanations are exact path-dependent TreeSHAP values in raw-score space.</remarks>
public sealed partial class GradientBoostingModel : IPredictor, IExplainable, ISerializableModel
{
    private readonly DecisionTree[] _trees;
    private readonly IBoostingLoss _loss;

    // Created on first use: explaining is optional.
    private TreeShapExplainer? _explainer;

    internal GradientBoostingModel(
        FeatureSchema schema,
        BoostingLoss loss,
        double tweedieVariancePower,
        double baseScore,
        DecisionTree[] trees,
        double[] trainingLoss,
        double[] validationLoss)
    {
        Schema = schema;
        Loss = loss;
        TweedieVariancePower = tweedieVariancePower;
        BaseScore = baseScore;
        _trees = trees;
        _loss = new GradientBoostingOptions { Loss = loss, TweedieVariancePower = tweedieVariancePower }.CreateLoss();
        Trees = new ReadOnlyCollection<DecisionTree>(trees);
        TrainingLoss = new ReadOnlyCollection<double>(trainingLoss);
        ValidationLoss = new ReadOnlyCollection<double>(validationLoss);
    }

    /// <inheritdoc/>
    public FeatureSchema Schema { get; }

    /// <inheritdoc/>
    public TaskKind Task => _loss.Task;

    /// <inheritdoc/>
    public string ModelKind => "gbdt";

    public BoostingLoss Loss { get; }

    public double TweedieVariancePower { get; }

    /// <summary>The raw score before any tree (link of the weighted label mean).</summary>
    public double BaseScore { get; }

    /// <summary>The trees kept (up to the best validation round when early stopping ran).</summary>
    public IReadOnlyList<DecisionTree> Trees { get; }

    /// <summary>Mean training loss after each round trained (including rounds past the best one).</summary>
    public IReadOnlyList<double> TrainingLoss { get; }

    /// <summary>Mean validation loss after each round trained; empty without a validation set.</summary>
    public IReadOnlyList<double> ValidationLoss { get; }

    /// <summary>Number of rounds kept: the best round plus one when early stopping ran.</summary>
    public int BestIteration => _trees.Length;

    internal DecisionTree[] TreeArray => _trees;

    internal TreeShapExplainer Explainer =>
        LazyInitializer.EnsureInitialized(ref _explainer, () => new TreeShapExplainer(Schema, _trees, 1.0, BaseScore));

    /// <inheritdoc/>
    public void PredictRaw(FeatureMatrix x, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        Schema.EnsureCompatible(x.Schema);
        TreeEnsemble.Score(_trees, x, BaseScore, 1.0, output);
    }

    /// <inheritdoc/>
    public void Predict(FeatureMatrix x, Span<double> output)
    {
        PredictRaw(x, output);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = _loss.Transform(output[i]);
        }
    }

    /// <summary>Maps a raw score to a prediction with the model's link.</summary>
    public double Transform(double raw) => _loss.Transform(raw);

    /// <inheritdoc/>
    public void Contributions(FeatureMatrix x, int row, Span<double> phi) => Explainer.Contributions(x, row, phi);

    /// <inheritdoc/>
    /// <remarks>Same values as the one-row method, bit for bit, many times faster: shallow trees look their contributions
    /// up in tables (every pattern of directions a row can take, built on the first call and kept by the model).</remarks>
    public void Contributions(FeatureMatrix x, int start, int count, Span<double> phi, int maxDegreeOfParallelism = -1) =>
        Explainer.Contributions(x, start, count, phi, maxDegreeOfParallelism);

    /// <summary>Total split gain per feature (schema order), summed over all trees.</summary>
    public double[] GainImportance() => TreeImportance.Gain(_trees, Schema.Count);

    /// <summary>Total cover of the splits on each feature (schema order), summed over all trees.</summary>
    public double[] CoverImportance() => TreeImportance.Cover(_trees, Schema.Count);
}
