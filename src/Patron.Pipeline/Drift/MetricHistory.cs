using System.Globalization;

namespace Patron.Pipeline.Drift;

/// <summary>Reads the chosen models' out-of-time primary metrics of earlier runs from the runs store (MLflow layout:
/// <c>&lt;experiment&gt;/&lt;run&gt;/params/scoring_cutoff</c> and <c>metrics/&lt;task&gt;.&lt;metric&gt;</c>), one
/// point per scoring cutoff (the latest run of a cutoff, by its start time).</summary>
public static class MetricHistory
{
    /// <summary>Points per task, oldest cutoff first; empty when the store does not exist.</summary>
    public static IReadOnlyDictionary<string, List<MetricPoint>> Read(string storeRoot, IReadOnlyCollection<(string Task, string Metric)> tasks)
    {
        ArgumentNullException.ThrowIfNull(storeRoot);
        ArgumentNullException.ThrowIfNull(tasks);
        var latest = new Dictionary<(string Task, DateOnly Cutoff), (long Start, MetricPoint Point)>();
        if (Directory.Exists(storeRoot))
        {
            foreach (var experiment in Directory.EnumerateDirectories(storeRoot))
            {
                foreach (var run in Directory.EnumerateDirectories(experiment))
                {
                    var cutoffFile = Path.Combine(run, "params", "scoring_cutoff");
                    if (!File.Exists(cutoffFile)
                        || !DateOnly.TryParseExact(File.ReadAllText(cutoffFile).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var cutoff))
                    {
                        continue;
                    }

                    var start = StartTime(run);
                    foreach (var (task, metric) in tasks)
                    {
                        if (LastValue(Path.Combine(run, "metrics", task + "." + metric)) is { } value
                            && (!latest.TryGetValue((task, cutoff), out var seen) || seen.Start <= start))
                        {
                            latest[(task, cutoff)] = (start, new MetricPoint(cutoff, metric, value));
                        }
                    }
                }
            }
        }

        var result = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        foreach (var (task, _) in tasks)
        {
            result[task] = [];
        }

        foreach (var ((task, _), (_, point)) in latest)
        {
            result[task].Add(point);
        }

        foreach (var points in result.Values)
        {
            points.Sort((a, b) => a.ScoringCutoff.CompareTo(b.ScoringCutoff));
        }

        return result;
    }

    private static double? LastValue(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static long StartTime(string run)
    {
        var meta = Path.Combine(run, "meta.yaml");
        if (File.Exists(meta))
        {
            foreach (var line in File.ReadLines(meta))
            {
                if (line.StartsWith("start_time:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan("start_time:".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
                {
                    return start;
                }
            }
        }

        return 0;
    }
}
