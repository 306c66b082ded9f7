using System.Text;

namespace Patron.Learning.Data;

/// <summary>A CSV table read whole with <see cref="CsvReader"/> (RFC 4180): a header line, comma-separated fields, double-quoted fields may hold commas,
/// quotes ("") and line breaks. Every cell is kept as text (compactly, see <see cref="CsvColumn"/>); numbers are parsed
/// later with the invariant culture.</summary>
/// <remarks>Immutable after reading. Rows with more or fewer fields than the header are refused with the line number.</remarks>
public sealed class CsvTable
{
    private readonly CsvColumn[] _columns;

    private CsvTable(string[] header, CsvColumn[] columns, int rowCount)
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
    public CsvColumn Column(int index) => _columns[index];

    /// <summary>The cells of the column named <paramref name="name"/> (ordinal), or a clear error.</summary>
    public CsvColumn Column(string name)
    {
        var index = IndexOf(name);
        return index >= 0
            ? _columns[index]
            : throw new KeyNotFoundException($"The table has no column '{name}' (columns: {string.Join(", ", Header)}).");
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
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
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
        var parser = new CsvReader(reader);
        if (!parser.Read())
        {
            throw new FormatException("The CSV has no header line.");
        }

        var header = new string[parser.FieldCount];
        for (var j = 0; j < header.Length; j++)
        {
            header[j] = parser.Field(j).Trim().ToString();
        }

        var buffers = new CsvColumnBuffer[header.Length];
        for (var j = 0; j < buffers.Length; j++)
        {
            buffers[j] = new CsvColumnBuffer();
        }

        var rows = 0;
        while (true)
        {
            if (!parser.Read())
            {
                break;
            }

            if (parser.IsBlank && header.Length > 1)
            {
                continue; // a blank line
            }

            if (parser.FieldCount != header.Length)
            {
                throw new FormatException($"line {parser.Line}: {parser.FieldCount} fields, the header has {header.Length}.");
            }

            for (var j = 0; j < buffers.Length; j++)
            {
                buffers[j].Append(parser.Field(j));
                buffers[j].EndCell();
            }

            rows++;
        }

        var columns = new CsvColumn[header.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = buffers[j].ToColumn();
        }

        return new CsvTable(header, columns, rows);
    }
}
