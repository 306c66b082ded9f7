using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patron.Features.Frames;
using Patron.Learning.Drift;
using Patron.Pipeline.Drift;
using Patron.Pipeline.Stages;
using Patron.Warehouse;

namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>Drift between the training cutoff T and the scoring cutoff S (features and the chosen models' scores),
    /// the tasks' out-of-time metrics over the scoring cutoffs of the runs store, and the retraining advice: written to
    /// drift.json and added to metrics.json (<c>drift</c>, <c>metric_history</c>, <c>retrain</c>; docs/drift.md).</summary>
    private void DriftCheck(RunState state)
    {
        var metrics = OutputPath("metrics.json");
        var driftFile = OutputPath("drift.json");
        var key = StageCache.Hash(state.ModelsKey, "drift");
        Stage("drift", key, _cache.IsFresh("drift", key, driftFile), progress =>
        {
            if (!state.HasPurchases || !File.Exists(metrics))
            {
                return "skipped: the shop has no purchases by customers, so there is no customer population to compare";
            }

            DriftResult result;
            // The columns compared and scored are read into managed arrays: DuckDB gets the reading stages' smaller pool.
            using (var connection = WarehouseFile.Open(_options.WarehousePath, readOnly: true, WarehouseFile.ReadingMemoryLimit()))
            {
                // A shop too young for a training cutoff (every customer task skipped) has no population to compare.
                foreach (var cutoff in new[] { state.TrainingCutoff, state.ScoringCutoff })
                {
                    if (CustomerFrame.CountAt(connection, cutoff) == 0)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"skipped: no customer has features at {cutoff:yyyy-MM-dd}, so there is no population to compare");
                    }
                }

                result = DriftComparison.Compare(connection, state.TrainingCutoff, state.ScoringCutoff, OutputPath("models"), new DriftOptions(), progress,
                    state.ScoringScores);
            }

            DriftJson.WriteFile(result, driftFile);
            var history = History(state);
            var advice = RetrainAdvice.From(result, history);
            AddToMetrics(metrics, result, history, advice);
            var d = result.Dataset;
            var summary = string.Create(CultureInfo.InvariantCulture, $"{d.DriftedColumns} of {d.JudgedColumns} columns drifted ({d.DriftedShare:P0})");
            return advice.Recommended ? $"{summary}; retrain recommended: {string.Join("; ", advice.Reasons)}" : $"{summary}; no retraining needed";
        });
        if (File.Exists(driftFile))
        {
            state.Outputs["drift"] = driftFile;
        }
    }

    /// <summary>Earlier runs' points from the runs store, with this run's point at S in place of any earlier run of S.</summary>
    private Dictionary<string, List<MetricPoint>> History(RunState state)
    {
        var tasks = new List<(string, string)>();
        foreach (var task in state.Tasks)
        {
            tasks.Add((task.Task, task.PrimaryMetric));
        }

        var stored = MetricHistory.Read(_options.RunsStore ?? OutputPath("mlruns"), tasks);
        var history = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        foreach (var task in state.Tasks)
        {
            var points = stored[task.Task].FindAll(p => p.ScoringCutoff != state.ScoringCutoff);
            if (task.Value is { } value)
            {
                points.Add(new MetricPoint(state.ScoringCutoff, task.PrimaryMetric, value));
                points.Sort((a, b) => a.ScoringCutoff.CompareTo(b.ScoringCutoff));
            }

            history[task.Task] = points;
        }

        return history;
    }

    private static void AddToMetrics(string path, DriftResult drift, Dictionary<string, List<MetricPoint>> history, RetrainAdvice advice)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path} does not hold a JSON object.");
        var d = drift.Dataset;
        var driftedFeatures = new JsonArray();
        foreach (var f in d.Features)
        {
            if (f.Drifted)
            {
                driftedFeatures.Add(f.Name);
            }
        }

        var scores = new JsonArray();
        foreach (var s in d.Scores)
        {
            scores.Add(new JsonObject
            {
                ["task"] = s.Name, ["method"] = s.Method, ["statistic"] = Number(s.Statistic), ["threshold"] = Number(s.Threshold),
                ["psi"] = Number(s.Psi), ["drifted"] = s.Drifted,
            });
        }

        var skipped = new JsonObject();
        foreach (var (task, reason) in drift.SkippedScores)
        {
            skipped[task] = reason;
        }

        root["drift"] = new JsonObject
        {
            ["reference_cutoff"] = drift.ReferenceCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["cutoff"] = drift.CurrentCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["judged_columns"] = d.JudgedColumns,
            ["drifted_columns"] = d.DriftedColumns,
            ["drifted_share"] = Number(d.DriftedShare),
            ["drifted"] = d.Drifted,
            ["drifted_features"] = driftedFeatures,
            ["scores"] = scores,
            ["skipped_scores"] = skipped,
            ["file"] = "drift.json",
        };
        var tasks = new JsonObject();
        foreach (var (task, points) in history)
        {
            var list = new JsonArray();
            foreach (var p in points)
            {
                list.Add(new JsonObject
                {
                    ["scoring_cutoff"] = p.ScoringCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["metric"] = p.Metric, ["value"] = Number(p.Value),
                });
            }

            tasks[task] = list;
        }

        root["metric_history"] = tasks;
        var reasons = new JsonArray();
        foreach (var reason in advice.Reasons)
        {
            reasons.Add(reason);
        }

        root["retrain"] = new JsonObject { ["recommended"] = advice.Recommended, ["reasons"] = reasons };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonNode? Number(double? value) => value switch
    {
        null => null,
        { } v when double.IsFinite(v) => JsonValue.Create(v),
        { } v => JsonValue.Create(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"),
    };
}
