using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

/// <summary>Reads the first line of a whitespace-separated file: a header naming the columns, or already a data row.</summary>
internal static class WhitespaceHeader
{
    /// <summary>The first line split on runs of spaces and tabs.</summary>
    public static string[] FirstLineFields(string path, string displayName)
    {
        var text = CsvHeader.ReadText(path, displayName);
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        return line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// The header names of the file's columns in file order, and whether line 1 is that header (true) or a data row
    /// read by position (false); null when the first line is neither.
    /// </summary>
    public static (IReadOnlyList<string> Names, bool HasHeader)? Analyze(SourceFile file, string[] fields)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length > 0 && HeaderMatch.Missing(file, fields).Count == 0)
        {
            return (fields, true);
        }

        if (fields.Length == file.Columns.Count && fields.Length > 0 && file.FindColumn(fields[0]) is null)
        {
            var names = new string[file.Columns.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = file.Columns[i].Name;
            }

            return (names, false);
        }

        return null;
    }
}
