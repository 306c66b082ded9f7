using System.CommandLine;
using System.Globalization;
using System.Text;
using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Learning.Serialization;

namespace Patron.Cli.Commands;

/// <summary><c>patron predict</c>: scores a table with a saved model and writes one row per input row, optionally with
/// each row's top drivers up and down.</summary>
internal static class PredictCommand
{
    private const int ExplainBlockRows = 4_096;

    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model file written by patron train --save.", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "Table to score (CSV or Parquet with the training columns; extra columns are ignored).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Output CSV: id (if given), prediction, raw score and drivers.", Required = true };
        var id = new Option<string?>("--id") { Description = "Id column to copy to the output." };
        var drivers = new Option<int>("--drivers") { Description = "Top drivers up and down to add per row (0 = none).", DefaultValueFactory = _ => 0 }.AtLeast(0);

        var command = new Command("predict", "Score a table with a saved model, optionally with the top drivers per row.")
        {
            model, data, output, id, drivers,
        };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(model)!;
            if (!modelFile.Exists)
            {
                throw new FileNotFoundException($"{modelFile.FullName} does not exist.");
            }

            var predictor = ModelSerializer.LoadFile(modelFile.FullName);
            var table = LabeledTable.ForScoring(TrainCommand.ReadTable(parse.GetValue(data)!), predictor.Schema, label: null, parse.GetValue(id));
            var k = parse.GetValue(drivers);
            ArgumentOutOfRangeException.ThrowIfNegative(k, "--drivers");
            if (k > 0 && predictor is not IExplainable)
            {
                throw new NotSupportedException($"This model kind cannot explain its scores, so --drivers is not available.");
            }

            var outFile = parse.GetValue(output)!;
            var rows = Write(predictor, table, k, outFile.FullName);
            Console.Error.WriteLine($"{rows:N0} rows scored into {outFile.FullName}");
            return 0;
        });
        return command;
    }

    internal static int Write(IPredictor predictor, LabeledTable table, int drivers, string path)
    {
        var x = table.X;
        var raw = new double[x.RowCount];
        var prediction = new double[x.RowCount];
        predictor.PredictRaw(x, raw);
        predictor.Predict(x, prediction);
        var explainable = predictor as IExplainable;

        // Contributions a block of rows at a time through the batch method (fast for tree models, bounded memory).
        var width = x.ColumnCount + 1;
        var phi = drivers > 0 ? new double[Math.Min(x.RowCount, ExplainBlockRows) * width] : [];
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        var header = new List<string>();
        if (table.Ids is not null)
        {
            header.Add("id");
        }

        header.Add(predictor.Task == TaskKind.Binary ? "probability" : "prediction");
        header.Add("raw_score");
        for (var d = 1; d <= drivers; d++)
        {
            header.Add($"driver_up_{d}");
        }

        for (var d = 1; d <= drivers; d++)
        {
            header.Add($"driver_down_{d}");
        }

        writer.WriteLine(string.Join(',', header));
        var line = new StringBuilder();
        for (var i = 0; i < x.RowCount; i++)
        {
            line.Clear();
            if (table.Ids is not null)
            {
                line.Append(Csv(table.Ids[i])).Append(',');
            }

            line.Append(prediction[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(raw[i].ToString("R", CultureInfo.InvariantCulture));
            if (drivers > 0)
            {
                var offset = i % ExplainBlockRows;
                if (offset == 0)
                {
                    var count = Math.Min(ExplainBlockRows, x.RowCount - i);
                    explainable!.Contributions(x, i, count, phi.AsSpan(0, count * width));
                }

                var report = Drivers.Top(phi.AsSpan(offset * width, width), x, i, drivers);
                AppendDrivers(line, report.Up, drivers);
                AppendDrivers(line, report.Down, drivers);
            }

            writer.WriteLine(line.ToString());
        }

        return x.RowCount;
    }

    private static void AppendDrivers(StringBuilder line, IReadOnlyList<Driver> drivers, int k)
    {
        for (var d = 0; d < k; d++)
        {
            line.Append(',');
            if (d < drivers.Count)
            {
                var text = string.Create(CultureInfo.InvariantCulture, $"{drivers[d].Text} ({drivers[d].Contribution:+0.###;-0.###})");
                line.Append(Csv(text));
            }
        }
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
