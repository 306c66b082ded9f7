using System.Text.Json;
using Patron.Features.Explain;
using Patron.Learning;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Output;

/// <summary>Writes <c>metrics.json</c> (docs/run-folder.md): per task the candidates with out-of-time and
/// cross-validation metrics, the chosen one, its curves and deciles, and the global drivers.</summary>
internal static class MetricsWriter
{
    private const int MaxCurvePoints = 200;
    private const int MaxDrivers = 15;

    /// <remarks>Each task's curves and deciles (a sort of every test row, millions at a time) are computed first, side by
    /// side on every core, then written in task order: the same numbers, one curve's rows held per core.</remarks>
    public static void Write(string path, IReadOnlyList<TaskOutcome> outcomes, IReadOnlyDictionary<string, string> skipped)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var curves = TaskCurves.For(outcomes);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("tasks");
        foreach (var outcome in outcomes)
        {
            writer.WriteStartObject(outcome.Spec.Name);
            WriteTask(writer, outcome, curves[outcome]);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("skipped");
        foreach (var (task, reason) in skipped)
        {
            writer.WriteString(task, reason);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTask(Utf8JsonWriter writer, TaskOutcome outcome, TaskCurves curves)
    {
        var spec = outcome.Spec;
        var binary = spec.Kind == TaskKind.Binary;
        writer.WriteString("kind", binary ? "binary" : "regression");
        writer.WriteString("primary_metric", spec.PrimaryMetric);
        writer.WriteString("secondary_metric", spec.SecondaryMetric);
        if (binary)
        {
            JsonNumbers.Write(writer, "positive_rate", outcome.PositiveRate);
        }

        writer.WriteNumber("train_rows", outcome.TrainRows);
        writer.WriteNumber("test_rows", outcome.TestRows);
        if (outcome.FitRows is { } fitRows)
        {
            writer.WriteNumber("fit_rows", fitRows);
        }

        if (outcome.CrossValidationRows is { } cvRows)
        {
            writer.WriteNumber("cv_rows", cvRows);
        }

        if (outcome.Split is { } split)
        {
            writer.WriteString("split", split);
        }

        if (outcome.HorizonDays is { } horizon)
        {
            writer.WriteNumber("horizon_days", horizon);
        }

        if (outcome.SecondLabel is { } second)
        {
            writer.WriteStartObject("second_label");
            writer.WriteString("label", second.Label);
            JsonNumbers.Write(writer, "positive_rate", second.PositiveRate);
            JsonNumbers.Write(writer, "chosen_roc_auc", second.Chosen);
            JsonNumbers.Write(writer, "baseline_roc_auc", second.Baseline);
            writer.WriteEndObject();
        }
        writer.WriteString("chosen", outcome.Chosen.Candidate.Name);
        writer.WriteString("baseline", outcome.Baseline.Candidate.Name);
        writer.WriteBoolean("baseline_kept", outcome.Choice.BaselineKept);
        writer.WriteString("choice", outcome.Choice.Reason);
        writer.WriteStartArray("candidates");
        foreach (var result in outcome.Results)
        {
            writer.WriteStartObject();
            writer.WriteString("name", result.Candidate.Name);
            writer.WriteString("kind", Candidates.KindOf(result.Candidate));
            writer.WriteString("description", result.Candidate.Description);
            writer.WriteStartObject("out_of_time");
            WriteMetrics(writer, result.OutOfTime!, binary);
            writer.WriteEndObject();
            if (result.CrossValidation is { } crossValidation)
            {
                writer.WriteStartObject("cross_validation");
                WriteMetrics(writer, crossValidation, binary);
                writer.WriteEndObject();
            }
            else
            {
                // Learners are cross-validated only when the run asks for it (--cv), or as a chosen blend's learner.
                writer.WriteNull("cross_validation");
            }
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("curves");
        if (binary)
        {
            WriteCurve(writer, "roc", curves.Roc!);
            WriteCurve(writer, "pr", curves.Pr!);
            WriteGains(writer, "gains", curves.Deciles);
            writer.WriteStartArray("calibration");
            foreach (var bin in curves.Calibration!)
            {
                writer.WriteStartObject();
                JsonNumbers.Write(writer, "x", bin.MeanPredicted);
                JsonNumbers.Write(writer, "y", bin.FractionPositive);
                writer.WriteNumber("n", bin.Count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteCurve(writer, "baseline_roc", curves.BaselineRoc!);
            WriteCurve(writer, "baseline_pr", curves.BaselinePr!);
            WriteGains(writer, "baseline_gains", curves.BaselineDeciles);
        }
        else
        {
            WriteGains(writer, "gains", curves.Deciles);
            WriteGains(writer, "baseline_gains", curves.BaselineDeciles);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("deciles");
        foreach (var row in curves.Deciles)
        {
            writer.WriteStartObject();
            writer.WriteNumber("decile", row.Decile);
            writer.WriteNumber("rows", row.Rows);
            JsonNumbers.Write(writer, "mean_prediction", row.MeanScore);
            JsonNumbers.Write(writer, "mean_label", row.Rate);
            JsonNumbers.Write(writer, "lift", row.Lift);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("global_drivers");
        for (var i = 0; i < Math.Min(MaxDrivers, outcome.GlobalDrivers.Count); i++)
        {
            var (feature, importance) = outcome.GlobalDrivers[i];
            writer.WriteStartObject();
            writer.WriteString("feature", feature);
            JsonNumbers.Write(writer, "importance", importance);
            writer.WriteString("description", FeatureLabels.Of(feature));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteMetrics(Utf8JsonWriter writer, MetricSet metrics, bool binary)
    {
        string[] keys = binary
            ? ["roc_auc", "pr_auc", "log_loss", "brier", "top_decile_lift", "precision", "recall", "f1"]
            : ["normalized_gini", "decile_mape", "rmse", "mae", "r2", "spearman"];
        foreach (var key in keys)
        {
            JsonNumbers.Write(writer, key, metrics.Get(key));
        }
    }

    /// <summary>Writes the points <see cref="Thin"/> kept.</summary>
    private static void WriteCurve(Utf8JsonWriter writer, string name, IReadOnlyList<CurvePoint> points)
    {
        writer.WriteStartArray(name);
        foreach (var point in points)
        {
            writer.WriteStartObject();
            JsonNumbers.Write(writer, "x", point.X);
            JsonNumbers.Write(writer, "y", point.Y);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The curve thinned evenly to a few hundred points: the report draws a line, not every threshold; the ends stay.</summary>
    internal static List<CurvePoint> Thin(IReadOnlyList<CurvePoint> points)
    {
        var step = Math.Max(1, (points.Count + MaxCurvePoints - 1) / MaxCurvePoints);
        var kept = new List<CurvePoint>(Math.Min(points.Count, MaxCurvePoints + 1));
        for (var i = 0; i < points.Count; i++)
        {
            if (i % step == 0 || i == points.Count - 1)
            {
                kept.Add(points[i]);
            }
        }

        return kept;
    }

    private static void WriteGains(Utf8JsonWriter writer, string name, IReadOnlyList<DecileRow> deciles)
    {
        writer.WriteStartArray(name);
        writer.WriteStartObject();
        writer.WriteNumber("x", 0);
        writer.WriteNumber("y", 0);
        writer.WriteEndObject();
        foreach (var row in deciles)
        {
            writer.WriteStartObject();
            JsonNumbers.Write(writer, "x", row.Decile / 10.0);
            JsonNumbers.Write(writer, "y", row.CumulativeGain);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
