using System.Globalization;
using System.Text.Json;
using Patron.Learning;
using Patron.Learning.Evaluation;
using Patron.Learning.Serialization;

namespace Patron.Pipeline.Runs;

/// <summary>A small model registry on disk: ROOT/&lt;task&gt;/versions/&lt;n&gt;/model.json (+ meta.json) and
/// ROOT/&lt;task&gt;/current holding the version in use.</summary>
/// <remarks>Versions are numbered 1, 2, … per task and never rewritten. Not safe for concurrent writers.</remarks>
public sealed class ModelRegistry
{
    private readonly TimeProvider _time;

    public ModelRegistry(string root, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _time = time ?? TimeProvider.System;
    }

    public string Root { get; }

    /// <summary>Stores <paramref name="model"/> as the next version of <paramref name="task"/>; the first version (or
    /// any version when <paramref name="makeCurrent"/> is true) becomes current.</summary>
    public int Register(string task, IPredictor model, string? runId = null, MetricSet? metrics = null, bool makeCurrent = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var versions = Versions(task);
        var version = versions.Count == 0 ? 1 : versions[^1] + 1;
        var dir = VersionDirectory(task, version);
        Directory.CreateDirectory(dir);
        ModelSerializer.SaveFile(model, Path.Combine(dir, "model.json"));
        using (var stream = File.Create(Path.Combine(dir, "meta.json")))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("task", task);
            writer.WriteNumber("version", version);
            writer.WriteString("kind", (model as ISerializableModel)?.ModelKind ?? model.GetType().Name);
            writer.WriteString("created", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            if (runId is not null)
            {
                writer.WriteString("run_id", runId);
            }

            if (metrics is not null)
            {
                writer.WriteStartObject("metrics");
                foreach (var (key, value) in metrics.Present())
                {
                    writer.WritePropertyName(key);
                    ModelJson.WriteNumber(writer, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        if (makeCurrent || versions.Count == 0)
        {
            SetCurrent(task, version);
        }

        return version;
    }

    /// <summary>The stored versions of <paramref name="task"/>, ascending.</summary>
    public IReadOnlyList<int> Versions(string task)
    {
        var dir = Path.Combine(TaskDirectory(task), "versions");
        var result = new List<int>();
        if (Directory.Exists(dir))
        {
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (int.TryParse(Path.GetFileName(sub), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                {
                    result.Add(v);
                }
            }
        }

        result.Sort();
        return result;
    }

    /// <summary>Points the task's "current" at <paramref name="version"/>.</summary>
    public void SetCurrent(string task, int version)
    {
        if (!File.Exists(Path.Combine(VersionDirectory(task, version), "model.json")))
        {
            throw new ArgumentException($"Task '{task}' has no version {version}.", nameof(version));
        }

        // Write then move so a reader never sees a half-written pointer.
        var pointer = Path.Combine(TaskDirectory(task), "current");
        var temp = pointer + ".tmp";
        File.WriteAllText(temp, version.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temp, pointer, overwrite: true);
    }

    /// <summary>The current version of the task, or null when none is registered.</summary>
    public int? CurrentVersion(string task)
    {
        var pointer = Path.Combine(TaskDirectory(task), "current");
        return File.Exists(pointer) ? int.Parse(File.ReadAllText(pointer).Trim(), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Loads a version of the task's model.</summary>
    public IPredictor Load(string task, int version) => ModelSerializer.LoadFile(Path.Combine(VersionDirectory(task, version), "model.json"));

    /// <summary>Loads the current model of the task.</summary>
    public IPredictor LoadCurrent(string task) =>
        Load(task, CurrentVersion(task) ?? throw new InvalidOperationException($"Task '{task}' has no registered model."));

    private string TaskDirectory(string task)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        if (task.IndexOfAny(['/', '\\']) >= 0 || task.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{task}' is not a valid task name.", nameof(task));
        }

        return Path.Combine(Root, task);
    }

    private string VersionDirectory(string task, int version) =>
        Path.Combine(TaskDirectory(task), "versions", version.ToString(CultureInfo.InvariantCulture));
}
