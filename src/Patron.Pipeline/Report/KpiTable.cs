using System.Globalization;
using LearningCsv = Patron.Learning.Data.CsvTable;

namespace Patron.Pipeline.Report;

/// <summary>A KPI table of the run folder, read by the learning library's CSV reader, with text and number access by row.</summary>
public sealed class KpiTable
{
    private readonly LearningCsv _table;

    private KpiTable(LearningCsv table)
    {
        _table = table;
    }

    public IReadOnlyList<string> Header => _table.Header;

    public int Count => _table.RowCount;

    /// <summary>Reads a file, or returns null when it does not exist or is empty (a task or KPI the run did not produce).</summary>
    public static KpiTable? TryRead(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        var table = LearningCsv.ReadFile(path);
        return table.RowCount == 0 ? null : new KpiTable(table);
    }

    public bool Has(string column) => _table.IndexOf(column) >= 0;

    public string Text(int row, string column)
    {
        var index = _table.IndexOf(column);
        return index < 0 ? "" : _table.Column(index)[row];
    }

    public double Number(int row, string column) =>
        double.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
}
