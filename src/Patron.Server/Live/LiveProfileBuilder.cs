using System.Globalization;
using Patron.Features.Live;
using Patron.Features.Registry;
using Patron.Server.Contracts;
using Patron.Server.Scoring;
using Patron.Server.Store;

namespace Patron.Server.Live;

/// <summary>Turns customers' live features into profiles: the live columns from the events, the population-wide ones
/// (RFM scores, cell, segment, next category) and the lifetime figures as of the run served, and the scores and churn
/// reasons of the run's own models on the new row (the what-if scorer, so a live score is what a what-if call on the
/// same row answers).</summary>
internal static class LiveProfileBuilder
{
    public static CustomerProfile[] Build(RunSnapshot snapshot, IReadOnlyList<CustomerFeatureValues> customers, StepClock? steps = null)
    {
        steps?.Close("profile features");
        var registry = FeatureRegistry.All;
        var n = customers.Count;
        var served = new Dictionary<string, FeatureColumn>(StringComparer.Ordinal);
        foreach (var column in snapshot.Customers.Features)
        {
            served.TryAdd(column.Name, column);
        }

        var rows = new int[n];
        var features = new Dictionary<string, object?>[n];
        for (var i = 0; i < n; i++)
        {
            var customer = customers[i];
            rows[i] = snapshot.Customers.Ids.Find(customer.CustomerId);
            var values = new Dictionary<string, object?>(registry.Count, StringComparer.Ordinal);
            for (var f = 0; f < registry.Count; f++)
            {
                values[registry[f].Name] = LiveFeatures.IsLive(f) ? Json(customer.Values[f]) : Served(served, registry[f].Name, rows[i]);
            }

            features[i] = values;
        }

        steps?.Close("scores and reasons");
        var scores = snapshot.CustomerScorer is { } scorer && n > 0 ? scorer.Score(Rows(scorer, served, features, rows)) : null;
        steps?.Close("profiles");
        var profiles = new CustomerProfile[n];
        for (var i = 0; i < n; i++)
        {
            var profile = rows[i] >= 0
                ? ProfileBuilder.Build(snapshot, rows[i], withFeatures: false)
                : new CustomerProfile { CustomerId = customers[i].CustomerId, Reasons = [], ModelVersions = snapshot.ModelVersions };
            if (scores?[i] is { } score)
            {
                profile = profile with
                {
                    ChurnProbability = score.ChurnProbability ?? profile.ChurnProbability,
                    ChurnRiskBand = score.ChurnProbability is null ? profile.ChurnRiskBand : score.ChurnRiskBand,
                    RepeatProbability = score.RepeatProbability ?? profile.RepeatProbability,
                    HighValueProbability = score.HighValueProbability ?? profile.HighValueProbability,
                    PredictedClv = score.PredictedClv ?? profile.PredictedClv,
                    Reasons = score.ChurnProbability is null ? profile.Reasons : score.Reasons,
                };
            }

            profiles[i] = profile with
            {
                Features = features[i],
                AsOf = customers[i].Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
        }

        return profiles;
    }

    /// <summary>The scorer's columns from the profiles' features; a column that is no feature comes from the run.</summary>
    private static RequestRows Rows(CustomerScorer scorer, Dictionary<string, FeatureColumn> served, Dictionary<string, object?>[] features, int[] rows)
    {
        var n = features.Length;
        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var column in scorer.Columns)
        {
            if (column.Kind == CellKind.Text)
            {
                var cells = new string?[n];
                for (var i = 0; i < n; i++)
                {
                    var value = features[i].TryGetValue(column.Name, out var v) ? v : Served(served, column.Name, rows[i]);
                    cells[i] = value switch
                    {
                        null => null,
                        string s => s,
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                    };
                }

                texts[column.Name] = cells;
            }
            else
            {
                var cells = new double[n];
                for (var i = 0; i < n; i++)
                {
                    var value = features[i].TryGetValue(column.Name, out var v) ? v : Served(served, column.Name, rows[i]);
                    cells[i] = value switch
                    {
                        double d => d,
                        long l => l,
                        int k => k,
                        bool b => b ? 1 : 0,
                        _ => double.NaN,
                    };
                }

                numbers[column.Name] = cells;
            }
        }

        return new RequestRows(n, numbers, texts);
    }

    /// <summary>The run's value of a feature for a row (null for a customer the run does not have), from the run's
    /// columns by name.</summary>
    private static object? Served(Dictionary<string, FeatureColumn> served, string name, int row)
    {
        if (row < 0 || !served.TryGetValue(name, out var column))
        {
            return null;
        }

        return column.Numbers is { } numbers ? (double.IsNaN(numbers[row]) ? null : numbers[row]) : column.Texts![row];
    }

    /// <summary>Integers as doubles, as the run's profiles show every number.</summary>
    private static object? Json(object? value) => value is long l ? (double)l : value;
}
