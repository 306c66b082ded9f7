using System.Globalization;
using System.Text;

namespace Patron.Pipeline.Report;

/// <summary>A small CSV file read whole (RFC 4180 quotes), for the report's KPI tables.</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    private CsvTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            _index[header[i]] = i;
        }
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public int Count => Rows.Count;

    /// <summary>Reads a file, or returns null when it does not exist (a task or KPI the run did not produce).</summary>
    public static CsvTable? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var records = Parse(File.ReadAllText(path, Encoding.UTF8));
        return records.Count == 0 ? null : new CsvTable(records[0], records.GetRange(1, records.Count - 1));
    }

    public bool Has(string column) => _index.ContainsKey(column);

    public string Text(int row, string column) => _index.TryGetValue(column, out var i) && i < Rows[row].Length ? Rows[row][i] : "";

    public double Number(int row, string column) =>
        double.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    internal static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
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

        return records;
    }
}
