using System.Globalization;
using System.Text.Json;
using Patron.DuckDb;
using Patron.Pipeline;

namespace Patron.Bench;

/// <summary>
/// The drift stage of <c>patron run</c> alone, on the folder and warehouse of an earlier run: the process's CPU seconds,
/// wall seconds and highest resident size (VmRSS sampled every 100 ms) during the work after every progress line, then
/// the stage's wall and CPU seconds and peak. The stage gets what the earlier stages of a run hand it: the cutoffs from
/// run.json, the tasks' out-of-time results from metrics.json and, for every task whose chosen candidate is a learner,
/// the models stage's scores at the scoring cutoff (read back from predictions.parquet, which holds those arrays as
/// DOUBLE). metrics.json and models/ are copied into <c>--out</c> and the stage writes drift.json and metrics.json there,
/// so they can be compared with the run's own files (<c>cmp</c>).
/// </summary>
/// <remarks>Usage: <c>drift-stage --run RUNDIR --out DIR [--db WAREHOUSE]</c> (the warehouse defaults to
/// RUNDIR/patron.duckdb; it is opened read-only). Measures in-process, so run it with the collector's setting of
/// <c>patron</c> (<c>DOTNET_GCConserveMemory=7</c>) for a comparable peak.</remarks>
internal static class DriftStageBench
{
    /// <summary>Where each customer task's scores sit in predictions.parquet.</summary>
    private static readonly Dictionary<string, string> ScoreColumns = new(StringComparer.Ordinal)
    {
        ["churn"] = "churn_probability",
        ["repeat"] = "repeat_probability",
        ["high_value"] = "high_value_probability",
        ["clv"] = "predicted_clv",
    };

    public static int Run(string[] args)
    {
        var run = BenchArgs.Option(args, "--run", "");
        var output = BenchArgs.Option(args, "--out", "");
        var db = BenchArgs.Option(args, "--db", run.Length == 0 ? "" : Path.Combine(run, "patron.duckdb"));
        if (run.Length == 0 || output.Length == 0 || !File.Exists(db) || !File.Exists(Path.Combine(run, "run.json")))
        {
            Console.Error.WriteLine("usage: drift-stage --run RUNDIR --out DIR [--db WAREHOUSE]");
            return 2;
        }

        Directory.CreateDirectory(Path.Combine(output, "models"));
        File.Copy(Path.Combine(run, "metrics.json"), Path.Combine(output, "metrics.json"), overwrite: true);
        foreach (var file in Directory.GetFiles(Path.Combine(run, "models"), "*.json"))
        {
            File.Copy(file, Path.Combine(output, "models", Path.GetFileName(file)), overwrite: true);
        }

        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json")));
        var scoring = DateOnly.Parse(runJson.RootElement.GetProperty("scoring_cutoff").GetString()!, CultureInfo.InvariantCulture);
        var training = DateOnly.Parse(runJson.RootElement.GetProperty("training_cutoff").GetString()!, CultureInfo.InvariantCulture);
        var (tasks, learners) = Tasks(Path.Combine(run, "metrics.json"));
        var scores = Scores(Path.Combine(run, "predictions.parquet"), learners);
        Console.Error.WriteLine($"cutoffs {training:yyyy-MM-dd} and {scoring:yyyy-MM-dd}; scores at {scoring:yyyy-MM-dd} handed over for {string.Join(", ", scores.Keys)}");

        var options = new PipelineOptions
        {
            Source = "generic",
            Input = db,
            OutputDirectory = output,
            Warehouse = db,
            Force = true,
        };

        using var meter = new StageMeter();
        new PipelineRunner(options, meter.Progress).RunDriftOnly(training, scoring, tasks, scores);
        meter.Stop();
        meter.Report("drift stage");
        return 0;
    }

    /// <summary>Each task's primary metric and its chosen candidate's out-of-time value (what the runs store's history
    /// needs), and the tasks whose chosen candidate is a learner (the models stage hands their scores over).</summary>
    private static (List<TaskSummary> Tasks, List<string> Learners) Tasks(string metricsPath)
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        var tasks = new List<TaskSummary>();
        var learners = new List<string>();
        foreach (var task in metrics.RootElement.GetProperty("tasks").EnumerateObject())
        {
            var primary = task.Value.GetProperty("primary_metric").GetString()!;
            var chosen = task.Value.GetProperty("chosen").GetString()!;
            double? value = null;
            foreach (var candidate in task.Value.GetProperty("candidates").EnumerateArray())
            {
                if (candidate.GetProperty("name").GetString() != chosen)
                {
                    continue;
                }

                if (candidate.TryGetProperty("out_of_time", out var outOfTime) && outOfTime.ValueKind == JsonValueKind.Object
                    && outOfTime.TryGetProperty(primary, out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    value = v.GetDouble();
                }

                if (candidate.GetProperty("kind").GetString() == "model")
                {
                    learners.Add(task.Name);
                }
            }

            tasks.Add(new TaskSummary(task.Name, chosen, primary, value, task.Value.GetProperty("baseline").GetString()!, null, "", null));
        }

        return (tasks, learners);
    }

    private static Dictionary<string, double[]> Scores(string parquet, List<string> learners)
    {
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        using var connection = DuckDbConnection.OpenInMemory();
        foreach (var task in learners)
        {
            if (!ScoreColumns.TryGetValue(task, out var column))
            {
                continue;
            }

            using var result = connection.Query($"SELECT \"{column}\" FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}')");
            scores[task] = result[column].ToDoubleArray();
        }

        return scores;
    }
}
