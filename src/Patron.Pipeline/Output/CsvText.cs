using System.Text;

namespace Patron.Pipeline.Output;

/// <summary>RFC 4180 quoting for CSV cells the run folder writes.</summary>
internal static class CsvText
{
    public static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (text.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            return text;
        }

        return new StringBuilder(text.Length + 2).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    public static StreamWriter Create(string path) => new(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
}
