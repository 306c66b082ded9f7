using System.Globalization;
using System.Text;
using Patron.Learning.Data;

namespace Patron.Lifetime.Data;

/// <summary>The lifetime readers' view of a CSV file: the header, then record by record with cells by column, parsed
/// with the invariant culture; every error names the file, the line and the column.</summary>
/// <remarks>Parsing (quotes, commas and line breaks inside quoted fields, CRLF) is <see cref="CsvReader"/>'s; cells are
/// trimmed of surrounding spaces; empty lines are skipped.</remarks>
internal sealed class CsvRecords : IDisposable
{
    private readonly StreamReader _stream;
    private readonly CsvReader _csv;

    private CsvRecords(string path)
    {
        Path = path;
        _stream = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        _csv = new CsvReader(_stream);
        try
        {
            if (!_csv.Read())
            {
                throw new FormatException($"{path}: the file is empty.");
            }

            Header = new string[_csv.FieldCount];
            for (var j = 0; j < Header.Length; j++)
            {
                Header[j] = _csv.Field(j).Trim().ToString();
            }
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public string[] Header { get; }

    /// <summary>1-based line on which the current record starts.</summary>
    public int Line => _csv.Line;

    /// <summary>Fields in the current record.</summary>
    public int FieldCount => _csv.FieldCount;

    /// <summary>Opens <paramref name="path"/> and reads its header line.</summary>
    public static CsvRecords Open(string path) => new(path);

    /// <summary>Moves to the next non-empty record; false at the end of the file.</summary>
    public bool Next()
    {
        try
        {
            while (_csv.Read())
            {
                if (!_csv.IsBlank)
                {
                    return true;
                }
            }

            return false;
        }
        catch (FormatException e)
        {
            throw new FormatException($"{Path}: {e.Message}", e);
        }
    }

    /// <summary>Index of the first header that equals one of <paramref name="names"/> (case-insensitive), or -1.</summary>
    public int Find(params ReadOnlySpan<string> names)
    {
        for (var i = 0; i < Header.Length; i++)
        {
            foreach (var name in names)
            {
                if (string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The trimmed text of column <paramref name="column"/> in the current record.</summary>
    public string Text(int column) => Cell(column).ToString();

    /// <summary>Column <paramref name="column"/> of the current record as a finite number.</summary>
    public double Number(int column)
    {
        var cell = Cell(column);
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(column, $"'{cell}' is not a number.");
        }

        return value;
    }

    /// <summary>An error about column <paramref name="column"/> of the current record.</summary>
    public FormatException Error(int column, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{Path}, line {Line}, column '{Header[column]}': {message}"));

    public void Dispose() => _stream.Dispose();

    private ReadOnlySpan<char> Cell(int column)
    {
        if (column >= _csv.FieldCount)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"{Path}, line {Line}: column '{Header[column]}' is missing (expected {Header.Length} fields, found {_csv.FieldCount})."));
        }

        return _csv.Field(column).Trim();
    }
}
