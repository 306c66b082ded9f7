using System.Globalization;
using System.Text.Json;
using Patron.Learning.Data;

namespace Patron.Learning.Tests.Golden;

/// <summary>Reads the data sets and scikit-learn values written by make_golden.py.</summary>
internal static class GoldenFiles
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Golden", file);

    public static CsvTable Table(string file) => CsvTable.ReadFile(PathOf(file));

    public static double[] Numbers(CsvTable table, string column)
    {
        var cells = table.Column(column);
        var values = new double[cells.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = double.Parse(cells[i], CultureInfo.InvariantCulture);
        }

        return values;
    }

    public static JsonElement Values(string section)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf("golden.json")));
        return document.RootElement.GetProperty(section).Clone();
    }

    public static double[] Array(JsonElement element)
    {
        var result = new double[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            result[i++] = item.GetDouble();
        }

        return result;
    }
}
