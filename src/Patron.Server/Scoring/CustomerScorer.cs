using Patron.Learning;
using Patron.Pipeline.Explain;
using Patron.Pipeline.Output;

namespace Patron.Server.Scoring;

/// <summary>Scores customer feature rows supplied by a caller (what-if) with the run's saved customer models, checked
/// against the union of their feature schemas, with the churn reasons the run itself writes.</summary>
/// <remarks>Immutable and thread-safe (the models are).</remarks>
internal sealed class CustomerScorer
{
    private readonly Dictionary<string, IPredictor> _models;
    private readonly LifetimeScorer? _lifetime;

    private CustomerScorer(Dictionary<string, IPredictor> models, IReadOnlyList<ColumnRule> columns, LifetimeScorer? lifetime)
    {
        _models = models;
        Columns = columns;
        _lifetime = lifetime;
    }

    /// <summary>The columns a what-if row must carry (every feature some customer model uses), in first-use order.</summary>
    public IReadOnlyList<ColumnRule> Columns { get; }

    /// <summary>Columns a what-if row may carry: the lifetime inputs, when the run has lifetime models.</summary>
    public IReadOnlyList<ColumnRule> Optional => _lifetime is null ? [] : LifetimeScorer.Columns;

    /// <summary>A scorer over the customer models among <paramref name="models"/> and the run's lifetime models, or
    /// null when there is neither.</summary>
    public static CustomerScorer? Create(IReadOnlyDictionary<string, IPredictor> models, LifetimeScorer? lifetime = null)
    {
        var chosen = new Dictionary<string, IPredictor>(StringComparer.Ordinal);
        var columns = new List<ColumnRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in Store.RunLoader.CustomerTasks)
        {
            if (!models.TryGetValue(task, out var model))
            {
                continue;
            }

            chosen[task] = model;
            foreach (var spec in model.Schema.Features)
            {
                if (seen.Add(spec.Name))
                {
                    columns.Add(MatrixFactory.Rule(spec));
                }
            }
        }

        return chosen.Count == 0 && lifetime is null ? null : new CustomerScorer(chosen, columns, lifetime);
    }

    public CustomerScore[] Score(RequestRows rows)
    {
        var n = rows.Count;
        double[]? Predict(string task)
        {
            if (!_models.TryGetValue(task, out var model))
            {
                return null;
            }

            var scores = new double[n];
            model.Predict(MatrixFactory.Build(model.Schema, rows), scores);
            return scores;
        }

        var churn = Predict("churn");
        var repeat = Predict("repeat");
        var highValue = Predict("high_value");
        var clv = Predict("clv");
        string[][]? reasons = null;
        if (churn is not null && _models["churn"] is IExplainable explainer)
        {
            reasons = ChurnReasons.Compute(explainer, MatrixFactory.Build(_models["churn"].Schema, rows));
        }

        var result = new CustomerScore[n];
        for (var i = 0; i < n; i++)
        {
            string? unavailable = null;
            var lifetime = _lifetime?.Score(rows, i, out unavailable);
            result[i] = new CustomerScore(
                Value(churn, i),
                churn is null ? null : Predictions.RiskBand(churn[i]),
                Value(repeat, i) ?? lifetime?.RepeatProbability,
                Value(highValue, i),
                Value(clv, i) ?? lifetime?.PredictedClv,
                reasons is null ? [] : NonEmpty(reasons[i]))
            {
                PAlive = lifetime?.PAlive,
                ExpectedPurchases = lifetime?.ExpectedPurchases,
                LifetimeUnavailable = unavailable,
            };
        }

        return result;
    }

    internal static string[] NonEmpty(string[] texts)
    {
        var count = 0;
        foreach (var text in texts)
        {
            count += string.IsNullOrEmpty(text) ? 0 : 1;
        }

        if (count == texts.Length)
        {
            return texts;
        }

        var result = new string[count];
        var k = 0;
        foreach (var text in texts)
        {
            if (!string.IsNullOrEmpty(text))
            {
                result[k++] = text;
            }
        }

        return result;
    }

    private static double? Value(double[]? scores, int row) => scores is null || double.IsNaN(scores[row]) ? null : scores[row];
}
