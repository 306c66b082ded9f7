using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Patron.Warehouse;

/// <summary>Loads the SQL files embedded under <c>Sql/</c> and fills their <c>{placeholder}</c> slots.</summary>
public static class SqlScripts
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Returns the text of <c>Sql/{relativePath}</c> (forward slashes), e.g. <c>Silver/resolve.sql</c>.</summary>
    public static string Load(string relativePath) => Load(typeof(SqlScripts).Assembly, relativePath);

    /// <summary>Returns the text of <c>Sql/{relativePath}</c> embedded in <paramref name="assembly"/> (the resource
    /// <c>{assembly name}.Sql.{relativePath}</c>), e.g. Features' <c>labels.sql</c>.</summary>
    public static string Load(Assembly assembly, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(relativePath);
        var name = assembly.GetName().Name + ".Sql." + relativePath.Replace('\\', '/');
        return Cache.GetOrAdd(name, static (resource, source) =>
        {
            using var stream = source.Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The SQL script '{source.Path}' is not embedded in {source.Assembly.GetName().Name}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }, (Assembly: assembly, Path: relativePath));
    }

    /// <summary>Replaces each <c>{key}</c> with its value; a placeholder left unfilled is an error, not silent SQL.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open + 1);
            var key = close > open ? template.AsSpan(open + 1, close - open - 1) : default;
            if (close < 0 || !IsPlaceholderName(key))
            {
                builder.Append(template, i, open - i + 1);
                i = open + 1;
                continue;
            }

            var name = key.ToString();
            if (!values.TryGetValue(name, out var value))
            {
                throw new InvalidOperationException($"SQL placeholder '{{{name}}}' has no value.");
            }

            builder.Append(template, i, open - i).Append(value);
            i = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>A SQL TIMESTAMP literal with microseconds, written the same under every culture.</summary>
    public static string Timestamp(DateTime value) => "TIMESTAMP '" + value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    /// <summary>Quotes a string as a SQL literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool IsPlaceholderName(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
