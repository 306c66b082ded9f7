using System.Globalization;
using System.Text.Json.Nodes;

namespace Patron.Server.Dashboard;

/// <summary>The models page's reading of the run folder's metrics.json (docs/run-folder.md): per task the candidates
/// out of time, the curves, the deciles and the global drivers; the drift summary when the run has one.</summary>
internal sealed class ModelsView
{
    private ModelsView(IReadOnlyList<TaskView> tasks, IReadOnlyDictionary<string, string> skipped, JsonObject? drift, JsonObject? retrain)
    {
        Tasks = tasks;
        Skipped = skipped;
        Drift = drift;
        Retrain = retrain;
    }

    public IReadOnlyList<TaskView> Tasks { get; }

    /// <summary>Task → why it did not run.</summary>
    public IReadOnlyDictionary<string, string> Skipped { get; }

    public JsonObject? Drift { get; }

    public JsonObject? Retrain { get; }

    /// <summary>Reads metrics.json of <paramref name="runFolder"/>; null when the run has none.</summary>
    public static ModelsView? Read(string runFolder)
    {
        var path = Path.Combine(runFolder, "metrics.json");
        if (!File.Exists(path))
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        var tasks = new List<TaskView>();
        if (root?["tasks"] is JsonObject taskNodes)
        {
            foreach (var (name, node) in taskNodes)
            {
                if (node is JsonObject task)
                {
                    tasks.Add(TaskView.From(name, task));
                }
            }
        }

        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root?["skipped"] is JsonObject skippedNode)
        {
            foreach (var (name, reason) in skippedNode)
            {
                skipped[name] = reason?.ToString() ?? "";
            }
        }

        return new ModelsView(tasks, skipped, root?["drift"] as JsonObject, root?["retrain"] as JsonObject);
    }

    /// <summary>A number of a node (NaN for null, missing, or a string such as "NaN").</summary>
    public static double Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var d) ? d : double.NaN;
}

/// <summary>One task of metrics.json.</summary>
internal sealed record TaskView(
    string Name, string Kind, string PrimaryMetric, string? Chosen, string? Choice, IReadOnlyList<(string Name, string Kind, IReadOnlyDictionary<string, double> Metrics)> Candidates,
    IReadOnlyDictionary<string, IReadOnlyList<(double X, double Y)>> Curves, JsonArray Deciles, JsonArray Drivers)
{
    public static TaskView From(string name, JsonObject task)
    {
        var candidates = new List<(string, string, IReadOnlyDictionary<string, double>)>();
        if (task["candidates"] is JsonArray list)
        {
            foreach (var node in list)
            {
                var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
                if (node?["out_of_time"] is JsonObject oot)
                {
                    foreach (var (metric, value) in oot)
                    {
                        metrics[metric] = ModelsView.Number(value);
                    }
                }

                candidates.Add((node?["name"]?.ToString() ?? "?", node?["kind"]?.ToString() ?? "", metrics));
            }
        }

        var curves = new Dictionary<string, IReadOnlyList<(double, double)>>(StringComparer.Ordinal);
        if (task["curves"] is JsonObject curveNodes)
        {
            foreach (var (curve, points) in curveNodes)
            {
                var xy = new List<(double, double)>();
                foreach (var point in points as JsonArray ?? [])
                {
                    xy.Add((ModelsView.Number(point?["x"]), ModelsView.Number(point?["y"])));
                }

                curves[curve] = xy;
            }
        }

        return new TaskView(name, task["kind"]?.ToString() ?? "", task["primary_metric"]?.ToString() ?? "", task["chosen"]?.ToString(),
            task["choice"]?.ToString(), candidates, curves, task["deciles"] as JsonArray ?? [], task["global_drivers"] as JsonArray ?? []);
    }

    /// <summary>A curve and its baseline (when the run saved one) as a line chart over rounded x values.</summary>
    public ChartSpec? Curve(string curve)
    {
        if (!Curves.TryGetValue(curve, out var points) || points.Count == 0)
        {
            return null;
        }

        Curves.TryGetValue("baseline_" + curve, out var baseline);
        var xs = new SortedSet<double>();
        foreach (var (x, _) in points)
        {
            xs.Add(Math.Round(x, 3));
        }

        foreach (var (x, _) in baseline ?? [])
        {
            xs.Add(Math.Round(x, 3));
        }

        var categories = xs.Select(x => x.ToString("0.###", CultureInfo.InvariantCulture)).ToArray();
        var series = new List<ChartSeries> { new(Chosen ?? "model", Align(points, xs)) };
        if (baseline is { Count: > 0 })
        {
            series.Add(new ChartSeries("baseline", Align(baseline, xs)));
        }

        return new ChartSpec("line", categories, series) { XTitle = curve switch { "roc" => "False positive rate", "pr" => "Recall", "calibration" => "Mean prediction", _ => "Share of customers" } };
    }

    private static double[] Align(IReadOnlyList<(double X, double Y)> points, SortedSet<double> xs)
    {
        var values = new double[xs.Count];
        Array.Fill(values, double.NaN);
        var index = 0;
        var at = new Dictionary<double, int>();
        foreach (var x in xs)
        {
            at[x] = index++;
        }

        foreach (var (x, y) in points)
        {
            values[at[Math.Round(x, 3)]] = y;
        }

        return values;
    }
}
