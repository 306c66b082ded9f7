using System.Text.Json;

namespace Patron.Pipeline.Report;

/// <summary>The files of a run folder (docs/run-folder.md) that the report reads; each may be absent.</summary>
public sealed class RunFolder
{
    private RunFolder(string path)
    {
        Path = path;
        Run = ReadJson(System.IO.Path.Combine(path, "run.json"));
        Metrics = ReadJson(System.IO.Path.Combine(path, "metrics.json"));
        Quality = ReadJson(System.IO.Path.Combine(path, "quality.json"));
        CrossSell = ReadJson(System.IO.Path.Combine(path, Output.CrossSellJson.FileName));
    }

    public string Path { get; }

    public JsonElement? Run { get; }

    public JsonElement? Metrics { get; }

    public JsonElement? Quality { get; }

    /// <summary>cross_sell.json: the rules, the evaluation, or why the cross-sell stage was skipped.</summary>
    public JsonElement? CrossSell { get; }

    public static RunFolder Open(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"The run folder '{path}' does not exist.");
        }

        return new RunFolder(path);
    }

    public KpiTable? Kpi(string name) => KpiTable.TryRead(System.IO.Path.Combine(Path, "kpi", name + ".csv"));

    /// <summary>The tasks in metrics.json, in file order.</summary>
    public IReadOnlyList<(string Name, JsonElement Task)> Tasks()
    {
        var tasks = new List<(string, JsonElement)>();
        if (Metrics is { } metrics && metrics.TryGetProperty("tasks", out var all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (var task in all.EnumerateObject())
            {
                tasks.Add((task.Name, task.Value));
            }
        }

        return tasks;
    }

    /// <summary>The tasks metrics.json lists as skipped, with the reason in words.</summary>
    public IReadOnlyList<(string Task, string Reason)> SkippedTasks()
    {
        var skipped = new List<(string, string)>();
        if (Metrics is { } metrics && metrics.TryGetProperty("skipped", out var all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (var task in all.EnumerateObject())
            {
                skipped.Add((task.Name, task.Value.ValueKind == JsonValueKind.String ? task.Value.GetString() ?? "" : task.Value.GetRawText()));
            }
        }

        return skipped;
    }

    /// <summary>The status and detail run.json gives for <paramref name="stage"/>; null when the stage is not listed
    /// (it never started because an earlier one failed, or run.json is missing).</summary>
    public (string Status, string Detail)? Stage(string stage)
    {
        foreach (var item in Json.Items(Run, "stages"))
        {
            if (Json.Str(item, "name") == stage)
            {
                return (Json.Str(item, "status"), Json.Str(item, "detail"));
            }
        }

        return null;
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        return document.RootElement.Clone();
    }
}
