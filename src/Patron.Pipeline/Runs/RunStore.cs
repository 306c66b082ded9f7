using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Patron.Pipeline.Runs;

/// <summary>Training runs kept in MLflow's file-store layout, so an MLflow UI started with
/// <c>mlflow ui --backend-store-uri DIR</c> can browse them: DIR/&lt;experiment_id&gt;/meta.yaml and
/// DIR/&lt;experiment_id&gt;/&lt;run_id&gt;/{meta.yaml, params/, metrics/, tags/, artifacts/}.</summary>
/// <remarks>Times come from the injected <see cref="TimeProvider"/>; run ids are derived from the experiment, run name,
/// seed and start time, so a replay with a fake clock gives the same folders. Not safe for concurrent writers.</remarks>
public sealed class RunStore
{
    private readonly TimeProvider _time;

    /// <summary>Opens (and creates if needed) a store at <paramref name="root"/>, with MLflow's Default experiment 0.</summary>
    public RunStore(string root, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(Path.Combine(Root, ".trash"));
        if (!Directory.Exists(Path.Combine(Root, "0")))
        {
            WriteExperiment("0", "Default");
        }
    }

    /// <summary>The absolute folder of the store.</summary>
    public string Root { get; }

    internal long NowMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The id of the experiment named <paramref name="name"/>, created with the next free number if absent.</summary>
    public string GetOrCreateExperiment(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var highest = -1L;
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            var id = Path.GetFileName(dir);
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            highest = Math.Max(highest, number);
            if (Yaml.Read(Path.Combine(dir, "meta.yaml"), "name") == name)
            {
                return id;
            }
        }

        var newId = (highest + 1).ToString(CultureInfo.InvariantCulture);
        WriteExperiment(newId, name);
        return newId;
    }

    /// <summary>Starts a run in <paramref name="experimentId"/>; dispose or <see cref="RunWriter.End"/> finishes it.</summary>
    public RunWriter StartRun(string experimentId, string runName, long seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        var experimentDir = Path.Combine(Root, experimentId);
        if (!Directory.Exists(experimentDir))
        {
            throw new DirectoryNotFoundException($"Experiment {experimentId} does not exist in {Root}.");
        }

        var start = NowMilliseconds;
        var runId = DeriveRunId(experimentId, runName, seed, start);
        return new RunWriter(this, experimentId, Path.Combine(experimentDir, runId), runId, runName, start);
    }

    /// <summary>Run ids of an experiment, sorted.</summary>
    public IReadOnlyList<string> RunIds(string experimentId)
    {
        var dir = Path.Combine(Root, experimentId);
        var ids = new List<string>();
        foreach (var run in Directory.EnumerateDirectories(dir))
        {
            ids.Add(Path.GetFileName(run));
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    internal static string FileUri(string path) => new Uri(path).AbsoluteUri;

    private static string DeriveRunId(string experimentId, string runName, long seed, long start)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{experimentId}\n{runName}\n{seed}\n{start}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private void WriteExperiment(string id, string name)
    {
        var dir = Path.Combine(Root, id);
        Directory.CreateDirectory(dir);
        var now = Yaml.Number(NowMilliseconds);
        File.WriteAllText(Path.Combine(dir, "meta.yaml"), Yaml.Write(
        [
            ("artifact_location", FileUri(dir)),
            ("creation_time", now),
            ("experiment_id", Yaml.Quote(id)),
            ("last_update_time", now),
            ("lifecycle_stage", "active"),
            ("name", Yaml.Quote(name)),
        ]));
    }
}
