using System.Text;

namespace Patron.Learning.Data;

/// <summary>A small RFC 4180 CSV reader: a header line, comma-separated fields, double-quoted fields may hold commas,
/// quotes ("") and line breaks. Every cell is kept as text; numbers are parsed later with the invariant culture.</summary>
/// <remarks>Immutable after reading. Rows shorter or longer than the header are refused with the line number.</remarks>
public sealed class CsvTable
{
    private readonly string[][] _columns;

    private CsvTable(string[] header, string[][] columns, int rowCount)
    {
        Header = header;
        _columns = columns;
        RowCount = rowCount;
    }

    /// <summary>Column names from the header line.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>The cells of column <paramref name="index"/>.</summary>
    public IReadOnlyList<string> Column(int index) => _columns[index];

    /// <summary>The cells of the column named <paramref name="name"/> (ordinal), or a clear error.</summary>
    public IReadOnlyList<string> Column(string name)
    {
        for (var j = 0; j < Header.Count; j++)
        {
            if (string.Equals(Header[j], name, StringComparison.Ordinal))
            {
                return _columns[j];
            }
        }

        throw new KeyNotFoundException($"The table has no column '{name}' (columns: {string.Join(", ", Header)}).");
    }

    /// <summary>Index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var j = 0; j < Header.Count; j++)
        {
            if (string.Equals(Header[j], name, StringComparison.Ordinal))
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>Reads a CSV file (UTF-8, optional BOM).</summary>
    public static CsvTable ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return Read(reader);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads CSV text.</summary>
    public static CsvTable Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        if (!ReadRecord(reader, fields, field, ref line))
        {
            throw new FormatException("The CSV has no header line.");
        }

        var header = fields.ToArray();
        var cells = new List<string>[header.Length];
        for (var j = 0; j < header.Length; j++)
        {
            header[j] = header[j].Trim();
            cells[j] = [];
        }

        var rows = 0;
        while (true)
        {
            var startLine = line;
            if (!ReadRecord(reader, fields, field, ref line))
            {
                break;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != header.Length)
            {
                throw new FormatException($"line {startLine}: {fields.Count} fields, the header has {header.Length}.");
            }

            for (var j = 0; j < header.Length; j++)
            {
                cells[j].Add(fields[j]);
            }

            rows++;
        }

        var columns = new string[header.Length][];
        for (var j = 0; j < header.Length; j++)
        {
            columns[j] = [.. cells[j]];
        }

        return new CsvTable(header, columns, rows);
    }

    private static bool ReadRecord(TextReader reader, List<string> fields, StringBuilder field, ref int line)
    {
        fields.Clear();
        field.Clear();
        var c = reader.Read();
        if (c < 0)
        {
            return false;
        }

        var quoted = false;
        while (true)
        {
            if (quoted)
            {
                if (c < 0)
                {
                    throw new FormatException($"line {line}: a quoted field is not closed.");
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append((char)c);
                }
            }
            else if (c < 0 || c == '\n' || c == '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                if (c >= 0)
                {
                    line++;
                }

                fields.Add(field.ToString());
                return true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else
            {
                field.Append((char)c);
            }

            c = reader.Read();
        }
    }
}
