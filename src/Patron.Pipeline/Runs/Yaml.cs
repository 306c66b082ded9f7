using System.Globalization;
using System.Text;

namespace Patron.Pipeline.Runs;

/// <summary>Writes and reads the flat key: value meta.yaml files of MLflow's file store.</summary>
internal static class Yaml
{
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Write(IEnumerable<(string Key, string Value)> entries)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            text.Append(key).Append(": ").Append(value).Append('\n');
        }

        return text.ToString();
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The unquoted value of a top-level key, or null.</summary>
    public static string? Read(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                var value = line[(key.Length + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
                {
                    value = value[1..^1].Replace("''", "'", StringComparison.Ordinal);
                }

                return value;
            }
        }

        return null;
    }
}
