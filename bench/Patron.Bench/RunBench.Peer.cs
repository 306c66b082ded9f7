using System.Globalization;
using System.Text.Json;

namespace Patron.Bench;

/// <summary>One stage of a pipeline as the run benchmark measured it.</summary>
internal sealed record Stage(string Name, double Seconds, double CpuSeconds, double PeakMegabytes);

/// <summary>A whole pipeline run: wall and CPU seconds, peak RSS, and its stages.</summary>
internal sealed record Side(double Seconds, double CpuSeconds, double PeakMegabytes, IReadOnlyList<Stage> Stages);

/// <summary>
/// The tables of <c>run --peer</c>: per stage, Patron's wall and CPU seconds and peak RSS against the peer pipeline's
/// (bench/peers/run_pandas_xgboost.py), with the ratios peer ÷ Patron (above 1: Patron is faster, or needs less
/// memory); then per task the out-of-time primary and secondary metrics of Patron's chosen model and baseline (from the
/// run's metrics.json) beside the peer's XGBoost model and the same baseline.
/// </summary>
internal static class PeerTables
{
    /// <summary>Patron's stages that do work the peer does not do (rules, drift, KPI tables, the runs store, the report).</summary>
    private static readonly string[] PatronOnly = ["cross_sell", "drift", "kpi", "runs_store", "report"];

    public static void Print(Side patron, JsonElement peer, string metricsPath)
    {
        var peerStages = peer.GetProperty("stages").EnumerateArray()
            .Select(s => new Stage(s.GetProperty("name").GetString()!, s.GetProperty("seconds").GetDouble(), s.GetProperty("cpu_seconds").GetDouble(), s.GetProperty("peak_rss_mb").GetDouble()))
            .ToList();
        var peerSide = new Side(peerStages.Sum(s => s.Seconds), peer.GetProperty("cpu_seconds").GetDouble(), peer.GetProperty("peak_rss_mb").GetDouble(), peerStages);

        Console.WriteLine();
        Console.WriteLine("per stage (peer peak = its peak RSS so far at the stage's end; ratios = peer / Patron, above 1 Patron is ahead)");
        Console.WriteLine($"{"stage",-22} {"Patron wall",11} {"CPU",8} {"peak MB",8}   {"peer wall",9} {"CPU",8} {"peak MB",8}   {"wall x",7} {"CPU x",7} {"peak x",7}");
        var names = patron.Stages.Select(s => s.Name).Concat(peerStages.Select(s => s.Name)).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            Row(name, patron.Stages.FirstOrDefault(s => s.Name == name), peerStages.FirstOrDefault(s => s.Name == name));
        }

        var same = patron.Stages.Where(s => Array.IndexOf(PatronOnly, s.Name) < 0).ToList();
        Row("same job", new Stage("same job", same.Sum(s => s.Seconds), same.Sum(s => s.CpuSeconds), same.Count == 0 ? 0 : same.Max(s => s.PeakMegabytes)),
            new Stage("same job", peerSide.Seconds, peerStages.Sum(s => s.CpuSeconds), peerSide.PeakMegabytes));
        Row("whole run", new Stage("whole run", patron.Seconds, patron.CpuSeconds, patron.PeakMegabytes),
            new Stage("whole run", peerSide.Seconds, peerSide.CpuSeconds, peerSide.PeakMegabytes));
        Console.WriteLine("(\"same job\": Patron without " + string.Join(", ", PatronOnly) + ", which the peer does not do; the peer's \"write\" is inside Patron's models stage)");

        Console.WriteLine();
        Console.WriteLine("out of time, per task (Patron: chosen model and baseline from metrics.json; peer: XGBoost and the same baseline)");
        Console.WriteLine($"{"task",-17} {"metric",-16} {"Patron",8} {"chosen",-22} {"baseline",9}   {"peer",8} {"baseline",9}");
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(metricsPath));
        var patronTasks = metrics.RootElement.GetProperty("tasks");
        foreach (var task in peer.GetProperty("tasks").EnumerateObject())
        {
            foreach (var key in new[] { "primary_metric", "secondary_metric" })
            {
                var metric = task.Value.GetProperty(key).GetString()!;
                var peerModel = Metric(task.Value.GetProperty("xgboost"), metric);
                var peerBaseline = Metric(task.Value.GetProperty("baseline"), metric);
                var (chosen, model, baseline) = PatronMetric(patronTasks, task.Name, metric);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{task.Name,-17} {metric,-16} {Format(model),8} {chosen,-22} {Format(baseline),9}   {Format(peerModel),8} {Format(peerBaseline),9}"));
            }
        }
    }

    private static void Row(string name, Stage? patron, Stage? peer)
    {
        static string Cell(double? value, string format, int width) => (value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-").PadLeft(width);
        static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;
        Console.WriteLine(
            $"{name,-22} {Cell(patron?.Seconds, "F1", 11)} {Cell(patron?.CpuSeconds, "F1", 8)} {Cell(patron?.PeakMegabytes, "F0", 8)}   "
            + $"{Cell(peer?.Seconds, "F1", 9)} {Cell(peer?.CpuSeconds, "F1", 8)} {Cell(peer?.PeakMegabytes, "F0", 8)}   "
            + $"{Cell(Ratio(peer?.Seconds, patron?.Seconds), "F2", 7)} {Cell(Ratio(peer?.CpuSeconds, patron?.CpuSeconds), "F2", 7)} {Cell(Ratio(peer?.PeakMegabytes, patron?.PeakMegabytes), "F2", 7)}");
    }

    private static (string Chosen, double? Model, double? Baseline) PatronMetric(JsonElement tasks, string task, string metric)
    {
        if (!tasks.TryGetProperty(task, out var t))
        {
            return ("(not run)", null, null);
        }

        var chosen = t.GetProperty("chosen").GetString()!;
        var baselineName = t.GetProperty("baseline").GetString()!;
        double? model = null, baseline = null;
        foreach (var candidate in t.GetProperty("candidates").EnumerateArray())
        {
            var name = candidate.GetProperty("name").GetString();
            var value = Metric(candidate.GetProperty("out_of_time"), metric);
            if (name == chosen)
            {
                model = value;
            }

            if (name == baselineName)
            {
                baseline = value;
            }
        }

        return (chosen, model, baseline);
    }

    private static double? Metric(JsonElement metrics, string name)
        => metrics.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string Format(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
