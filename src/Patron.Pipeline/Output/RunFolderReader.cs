using System.Text.Json;

namespace Patron.Pipeline.Output;

/// <summary>Reads back what an earlier run wrote, for a re-run whose model stage was skipped.</summary>
internal static class RunFolderReader
{
    public static void ReadSummaries(string metricsPath, List<TaskSummary> tasks, Dictionary<string, string> skipped)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(metricsPath));
        foreach (var task in document.RootElement.GetProperty("tasks").EnumerateObject())
        {
            var t = task.Value;
            var primary = t.GetProperty("primary_metric").GetString()!;
            var secondary = t.GetProperty("secondary_metric").GetString()!;
            var chosen = t.GetProperty("chosen").GetString()!;
            var baseline = t.GetProperty("baseline").GetString()!;
            double? value = null, baselineValue = null, secondaryValue = null;
            foreach (var candidate in t.GetProperty("candidates").EnumerateArray())
            {
                var name = candidate.GetProperty("name").GetString();
                var oot = candidate.GetProperty("out_of_time");
                if (name == chosen)
                {
                    value = Number(oot, primary);
                    secondaryValue = Number(oot, secondary);
                }

                if (name == baseline)
                {
                    baselineValue = Number(oot, primary);
                }
            }

            var kept = t.TryGetProperty("baseline_kept", out var k) && k.ValueKind == JsonValueKind.True
                && t.TryGetProperty("choice", out var reason) ? reason.GetString() : null;
            tasks.Add(new TaskSummary(task.Name, chosen, primary, value, baseline, baselineValue, secondary, secondaryValue) { BaselineKept = kept });
        }

        if (document.RootElement.TryGetProperty("skipped", out var s))
        {
            foreach (var entry in s.EnumerateObject())
            {
                skipped[entry.Name] = entry.Value.GetString() ?? "";
            }
        }
    }

    /// <summary>Data rows of a CSV file (lines after the header; predictions hold no line breaks inside cells).</summary>
    public static long CountRows(string csvPath)
    {
        long lines = 0;
        foreach (var _ in File.ReadLines(csvPath))
        {
            lines++;
        }

        return Math.Max(0, lines - 1);
    }

    private static double? Number(JsonElement metrics, string key) =>
        metrics.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
