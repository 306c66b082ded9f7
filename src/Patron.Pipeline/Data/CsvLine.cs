using System.Globalization;
using System.Text;

namespace Patron.Pipeline.Data;

/// <summary>The fields of one line of a small CSV file a person writes (assignments, campaigns, a run's predictions):
/// commas separate, a field may be quoted with doubled quotes inside, a trailing CR is dropped. Records never span lines
/// here, so an unclosed quote is an error naming the file and line.</summary>
internal static class CsvLine
{
    public static List<string> Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>(4);
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}, line {lineNumber}: a quoted field is not closed."));
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return fields;
    }

    /// <summary>The records after the header line already read from <paramref name="reader"/>: each non-blank line's
    /// number (the header is line 1) and fields. With <paramref name="headerFields"/>, a line with another number of
    /// fields is an error naming the line.</summary>
    public static IEnumerable<(int LineNumber, List<string> Fields)> Records(TextReader reader, string path, int? headerFields = null)
    {
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = Split(line, path, lineNumber);
            if (headerFields is { } expected && fields.Count != expected)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}, line {lineNumber}: expected {expected} fields as the header has, got {fields.Count}."));
            }

            yield return (lineNumber, fields);
        }
    }
}
