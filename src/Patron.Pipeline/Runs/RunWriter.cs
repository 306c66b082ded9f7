using System.Globalization;
using System.Text;
using Patron.Learning.Evaluation;

namespace Patron.Pipeline.Runs;

/// <summary>Writes one run's params, metrics, tags and artifacts in MLflow's file-store layout.</summary>
/// <remarks>Param and tag values are files named after their key; metric files hold "timestamp value step" lines.
/// Disposing an unfinished run marks it failed (an exception escaped); call <see cref="End"/> on success.</remarks>
public sealed class RunWriter : IDisposable
{
    private readonly RunStore _store;
    private readonly string _experimentId;
    private readonly string _runName;
    private readonly long _start;
    private bool _ended;

    internal RunWriter(RunStore store, string experimentId, string directory, string runId, string runName, long start)
    {
        _store = store;
        _experimentId = experimentId;
        _runName = runName;
        _start = start;
        Directory = directory;
        RunId = runId;
        foreach (var sub in new[] { "params", "metrics", "tags", "artifacts" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        SetTag("mlflow.runName", runName);
        SetTag("mlflow.source.name", "patron");
        SetTag("mlflow.user", "patron");
        WriteMeta(RunStatus.Running, null);
    }

    /// <summary>The run id (32 hex digits).</summary>
    public string RunId { get; }

    /// <summary>The run's folder.</summary>
    public string Directory { get; }

    /// <summary>The artifacts folder.</summary>
    public string ArtifactDirectory => Path.Combine(Directory, "artifacts");

    /// <summary>Records a parameter (keys may contain '/', which become sub-folders as in MLflow).</summary>
    public void LogParam(string key, string value) => WriteKeyFile("params", key, value);

    /// <summary>Records a parameter formatted with the invariant culture.</summary>
    public void LogParam(string key, IFormattable value)
    {
        ArgumentNullException.ThrowIfNull(value);
        LogParam(key, value.ToString(null, CultureInfo.InvariantCulture));
    }

    /// <summary>Sets a tag.</summary>
    public void SetTag(string key, string value) => WriteKeyFile("tags", key, value);

    /// <summary>Appends one metric value at <paramref name="step"/>.</summary>
    public void LogMetric(string key, double value, long step = 0)
    {
        var path = KeyPath("metrics", key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var line = string.Create(CultureInfo.InvariantCulture, $"{_store.NowMilliseconds} {value:R} {step}\n");
        File.AppendAllText(path, line);
    }

    /// <summary>Logs every present metric of <paramref name="metrics"/>, keys prefixed (e.g. "cv_" or "test_").</summary>
    public void LogMetrics(MetricSet metrics, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var (key, value) in metrics.Present())
        {
            LogMetric(prefix + key, value);
        }
    }

    /// <summary>Writes an artifact file at <paramref name="relativePath"/> under artifacts/.</summary>
    public string LogArtifact(string relativePath, ReadOnlySpan<byte> content)
    {
        var path = ArtifactPath(relativePath);
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    /// <summary>Writes a text artifact (UTF-8, LF).</summary>
    public string LogText(string relativePath, string text) => LogArtifact(relativePath, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a curve as a CSV artifact with columns x, y, threshold.</summary>
    public string LogCurve(string relativePath, IReadOnlyList<CurvePoint> points, string xName, string yName)
    {
        ArgumentNullException.ThrowIfNull(points);
        var text = new StringBuilder();
        text.Append(xName).Append(',').Append(yName).Append(",threshold\n");
        foreach (var p in points)
        {
            text.Append(p.X.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(p.Y.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(p.Threshold.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return LogText(relativePath, text.ToString());
    }

    /// <summary>Marks the run finished (or failed) with the current time as end time.</summary>
    public void End(RunStatus status = RunStatus.Finished)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        WriteMeta(status, _store.NowMilliseconds);
    }

    /// <summary>Marks an unfinished run failed.</summary>
    public void Dispose() => End(RunStatus.Failed);

    private string ArtifactPath(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var path = Path.GetFullPath(Path.Combine(ArtifactDirectory, relativePath));
        if (!path.StartsWith(ArtifactDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact path '{relativePath}' leaves the artifacts folder.", nameof(relativePath));
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private string KeyPath(string kind, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains("..", StringComparison.Ordinal) || key.StartsWith('/'))
        {
            throw new ArgumentException($"'{key}' is not a valid {kind} key.", nameof(key));
        }

        return Path.Combine(Directory, kind, key);
    }

    private void WriteKeyFile(string kind, string key, string value)
    {
        var path = KeyPath(kind, key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, value);
    }

    private void WriteMeta(RunStatus status, long? end)
    {
        File.WriteAllText(Path.Combine(Directory, "meta.yaml"), Yaml.Write(
        [
            ("artifact_uri", RunStore.FileUri(ArtifactDirectory)),
            ("end_time", end is { } e ? Yaml.Number(e) : "null"),
            ("entry_point_name", "''"),
            ("experiment_id", Yaml.Quote(_experimentId)),
            ("lifecycle_stage", "active"),
            ("name", Yaml.Quote(_runName)),
            ("run_id", RunId),
            ("run_name", Yaml.Quote(_runName)),
            ("run_uuid", RunId),
            ("source_name", "''"),
            ("source_type", "4"),
            ("source_version", "''"),
            ("start_time", Yaml.Number(_start)),
            ("status", ((int)status).ToString(CultureInfo.InvariantCulture)),
            ("tags", "[]"),
            ("user_id", "patron"),
        ]));
    }
}
