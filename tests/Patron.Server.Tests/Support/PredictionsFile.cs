using Patron.Learning.Data;

namespace Patron.Server.Tests.Support;

/// <summary>A run's predictions.csv read with the learning library's CSV reader, for comparing served values.</summary>
internal sealed class PredictionsFile
{
    private readonly CsvTable _table;

    public PredictionsFile(string folder) => _table = CsvTable.ReadFile(Path.Combine(folder, "predictions.csv"));

    public int Count => _table.RowCount;

    public IReadOnlyList<string> Header => _table.Header;

    public string Cell(int row, string column) => _table.Column(column)[row];
}
