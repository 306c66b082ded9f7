using System.Globalization;
using System.Text.Json;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Runs;

namespace Patron.Cli.Commands;

/// <summary>How <c>patron train</c> reports: the metrics table, the JSON file and the MLflow-layout run.</summary>
internal static partial class TrainCommand
{
    private static void Print(TrainResult result)
    {
        var rows = new List<IReadOnlyList<object?>>();
        if ((result.CrossValidated ?? result.Test)?.Threshold is { } decision)
        {
            rows.Add(["threshold", decision, result.Test is null ? null : decision]);
        }

        foreach (var key in MetricSet.Keys)
        {
            var cv = result.CrossValidated?.Get(key);
            var test = result.Test?.Get(key);
            if (cv is not null || test is not null)
            {
                rows.Add([key, cv, test]);
            }
        }

        Output.WriteTable($"{result.ModelName} ({(result.Task == TaskKind.Binary ? "binary" : "regression")}, {result.Rows:N0} rows, {result.Features} features)", ["metric", "cross-validated", "test"], rows);
        if (result.Candidates.Count > 1)
        {
            var metric = result.Task == TaskKind.Binary ? "roc_auc" : "rmse";
            Output.WriteTable($"candidates by {metric}", ["model", metric], result.Candidates.Select(c => (IReadOnlyList<object?>)[c.Key, c.Value.Get(metric)]));
        }
    }

    internal static string ToJson(TrainResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("model", result.ModelName);
            writer.WriteString("task", result.Task == TaskKind.Binary ? "binary" : "regression");
            writer.WriteNumber("rows", result.Rows);
            writer.WriteNumber("features", result.Features);
            if (result.CrossValidated is not null)
            {
                writer.WritePropertyName("cv");
                WriteMetrics(writer, result.CrossValidated);
            }

            if (result.Test is not null)
            {
                writer.WritePropertyName("test");
                WriteMetrics(writer, result.Test);
            }

            if (result.Candidates.Count > 1)
            {
                writer.WriteStartObject("candidates");
                foreach (var (name, metrics) in result.Candidates)
                {
                    writer.WritePropertyName(name);
                    WriteMetrics(writer, metrics);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteMetrics(Utf8JsonWriter writer, MetricSet metrics)
    {
        using var document = JsonDocument.Parse(metrics.ToJson());
        document.RootElement.WriteTo(writer);
    }

    private static string LogRun(RunStore store, string experiment, TrainRequest request, TrainResult result)
    {
        using var run = store.StartRun(store.GetOrCreateExperiment(experiment), $"{result.ModelName} {request.Label}", request.Seed);
        run.LogParam("data", request.Data.FullName);
        run.LogParam("label", request.Label);
        run.LogParam("model", result.ModelName);
        run.LogParam("task", result.Task == TaskKind.Binary ? "binary" : "regression");
        run.LogParam("cv_folds", request.Folds.ToString(CultureInfo.InvariantCulture));
        run.LogParam("seed", request.Seed.ToString(CultureInfo.InvariantCulture));
        run.LogParam("threshold", request.Threshold);
        run.LogParam("tune_candidates", request.Tune.ToString(CultureInfo.InvariantCulture));
        if (result.Tuned is not null)
        {
            foreach (var name in result.Tuned.Names)
            {
                run.LogParam("tuned_" + name, result.Tuned.Format(name));
            }
        }

        run.LogParam("calibrate", request.Calibrate);
        run.LogParam("balance", request.Balance switch { null => "none", Smote => "smote", _ => "weights" });
        run.LogParam("rows", result.Rows.ToString(CultureInfo.InvariantCulture));
        run.LogParam("features", result.Features.ToString(CultureInfo.InvariantCulture));
        if (result.CrossValidated is not null && result.OutOfFold is not null)
        {
            // Metrics are the fold means; the curves are drawn from the pooled out-of-fold predictions.
            RunArtifacts.LogEvaluation(run, "cv", result.Task, result.TrainLabels, result.OutOfFold, result.CrossValidated);
        }

        if (result.Test is not null)
        {
            RunArtifacts.LogEvaluation(run, "test", result.Task, result.TestLabels!, result.TestPredictions!, result.Test);
        }

        if (result.Model is GradientBoostingModel boosting)
        {
            // The per-round training loss, so the MLflow UI can chart it against the step.
            for (var round = 0; round < boosting.TrainingLoss.Count; round++)
            {
                run.LogMetric("train_loss", boosting.TrainingLoss[round], round);
            }
        }

        RunArtifacts.LogModel(run, result.Model);
        run.End();
        return run.RunId;
    }
}
