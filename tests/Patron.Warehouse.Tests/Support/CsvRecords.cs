using System.Text;

namespace Patron.Warehouse.Tests.Support;

/// <summary>
/// A small RFC 4180 reader written for the tests, independent of DuckDB's: counts and values the tests expect are
/// derived with it from the raw files.
/// </summary>
internal sealed class CsvRecords
{
    private CsvRecords(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public List<string[]> Rows { get; }

    public int Index(string column) => Array.FindIndex(Header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<string> Column(string column)
    {
        var i = Index(column);
        return Rows.Select(r => r[i]);
    }

    public static CsvRecords Read(string path)
    {
        var text = File.ReadAllText(path, new UTF8Encoding(false));
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
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
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return new CsvRecords(records[0], records.GetRange(1, records.Count - 1));
    }
}
