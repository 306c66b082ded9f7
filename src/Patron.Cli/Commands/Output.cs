using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Patron.Cli.Commands;

/// <summary>Prints results either as a readable table or as indented JSON for machines.</summary>
internal static class Output
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public static void WriteTable(string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var table = new Table().RoundedBorder();
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        foreach (var header in headers)
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in rows)
        {
            var cells = new string[row.Count];
            for (var i = 0; i < row.Count; i++)
            {
                cells[i] = Markup.Escape(Format(row[i]));
            }

            table.AddRow(cells);
        }

        AnsiConsole.Write(table);
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("#,0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("#,0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
