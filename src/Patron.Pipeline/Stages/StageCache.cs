using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Patron.Pipeline.Stages;

/// <summary>Remembers, per stage, the hash of the inputs it last ran on (in <c>.patron/stages.json</c> of the run
/// folder), so a re-run skips a stage whose inputs and outputs are unchanged.</summary>
/// <remarks>Not safe for two runs writing the same folder at once.</remarks>
internal sealed class StageCache
{
    private readonly string _path;
    private readonly Dictionary<string, string> _keys;
    private readonly bool _force;

    public StageCache(string runFolder, bool force)
    {
        _path = Path.Combine(runFolder, ".patron", "stages.json");
        _force = force;
        _keys = File.Exists(_path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path)) ?? new(StringComparer.Ordinal)
            : new(StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="stage"/> last ran on <paramref name="key"/> and all its outputs still exist.</summary>
    public bool IsFresh(string stage, string key, params string[] outputs)
    {
        if (_force || !_keys.TryGetValue(stage, out var previous) || !string.Equals(previous, key, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var output in outputs)
        {
            if (!File.Exists(output) && !Directory.Exists(output))
            {
                return false;
            }
        }

        return true;
    }

    public void Remember(string stage, string key)
    {
        _keys[stage] = key;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, JsonSerializer.Serialize(_keys, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Forgets a stage, so a later run redoes it (used when a stage fails half-way).</summary>
    public void Forget(string stage)
    {
        if (_keys.Remove(stage))
        {
            File.WriteAllText(_path, JsonSerializer.Serialize(_keys));
        }
    }

    /// <summary>SHA-256 (hex) over the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ.</summary>
    public static string Hash(params string[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Hash of every file under <paramref name="input"/> (a file or a folder): relative names and contents.</summary>
    public static string HashInput(string input)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        string[] files;
        string root;
        if (File.Exists(input))
        {
            files = [Path.GetFullPath(input)];
            root = Path.GetDirectoryName(files[0])!;
        }
        else if (Directory.Exists(input))
        {
            root = Path.GetFullPath(input);
            files = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
        }
        else
        {
            throw new FileNotFoundException($"The input '{input}' is neither a file nor a folder.", input);
        }

        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file).Replace('\\', '/') + "\n"));
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The code the stages run: module version ids of the assemblies involved (deterministic builds give the
    /// same id for the same code), so a change of code redoes the stages.</summary>
    public static string CodeVersion()
    {
        var builder = new StringBuilder();
        foreach (var type in new[] { typeof(StageCache), typeof(Features.Build.FeatureBuilder), typeof(Learning.IPredictor), typeof(Lifetime.Models.BgNbdModel), typeof(Warehouse.WarehouseFile) })
        {
            builder.Append(type.Assembly.ManifestModule.ModuleVersionId.ToString("N")).Append(';');
        }

        return builder.ToString();
    }
}
