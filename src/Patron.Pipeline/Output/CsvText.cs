using System.Buffers;
using System.Text;

namespace Patron.Pipeline.Output;

/// <summary>RFC 4180 quoting for CSV cells the run folder writes.</summary>
internal static class CsvText
{
    private static readonly SearchValues<char> Special = SearchValues.Create(",\"\n\r");

    public static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!NeedsQuotes(text))
        {
            return text;
        }

        return new StringBuilder(text.Length + 2).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    /// <summary>Appends <see cref="Quote"/> of <paramref name="text"/> without making the quoted string.</summary>
    public static StringBuilder AppendQuoted(this StringBuilder line, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return line;
        }

        var rest = text.AsSpan();
        if (rest.IndexOfAny(Special) < 0)
        {
            return line.Append(text);
        }

        line.Append('"');
        for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
        {
            // The quote itself and a second one after it.
            line.Append(rest[..(quote + 1)]).Append('"');
            rest = rest[(quote + 1)..];
        }

        return line.Append(rest).Append('"');
    }

    /// <summary>Whether a cell must be quoted (it holds a comma, a quote or a line break).</summary>
    public static bool NeedsQuotes(ReadOnlySpan<char> text) => text.IndexOfAny(Special) >= 0;

    public static StreamWriter Create(string path) => new(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
}
